// ValidateCreateTableRequest: DynamoDB's rules for a CreateTable request, checked here so that
// the request is known good before the old table is deleted. The limits are those of the
// CreateTable API reference and the "Service, account, and table quotas" page.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/failure.h"
#include "engine/create_table_request.h"

namespace ddbm::engine {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxGlobalIndexes = 20;
constexpr std::size_t kMaxLocalIndexes = 5;
constexpr std::size_t kMaxProjectedNonKeyAttributes = 100;
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTagKeyLength = 128;
constexpr std::size_t kMaxTagValueLength = 256;

// The fields CreateTable takes; anything else (TableStatus, ItemCount, TableArn, IndexStatus,
// ...) is DescribeTable's and would be refused.
const std::set<std::string> kTableFields = {"AttributeDefinitions",
                                            "TableName",
                                            "KeySchema",
                                            "LocalSecondaryIndexes",
                                            "GlobalSecondaryIndexes",
                                            "BillingMode",
                                            "ProvisionedThroughput",
                                            "StreamSpecification",
                                            "SSESpecification",
                                            "Tags",
                                            "TableClass",
                                            "DeletionProtectionEnabled",
                                            "WarmThroughput",
                                            "ResourcePolicy",
                                            "OnDemandThroughput"};
const std::set<std::string> kGlobalIndexFields = {"IndexName",          "KeySchema",
                                                  "Projection",         "ProvisionedThroughput",
                                                  "OnDemandThroughput", "WarmThroughput"};
const std::set<std::string> kLocalIndexFields = {"IndexName", "KeySchema", "Projection"};
const std::set<std::string> kStreamViews = {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES",
                                            "KEYS_ONLY"};

// Tag limits count characters, not bytes.
std::size_t Utf8Length(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

class RequestCheck {
 public:
  explicit RequestCheck(const json& request)
      : request_(request), table_(request.value("TableName", std::string("?"))) {}

  void Run() {
    if (!request_.contains("TableName")) {
      Fail("the request has no TableName");
    }
    RequireOnly(request_, kTableFields, "the request");
    keys_ = CheckKeySchema(request_.value("KeySchema", json::array()), "the table");
    ReadDefinitions();
    UseKeys(keys_);

    provisioned_ = request_.value("BillingMode", "PROVISIONED") == "PROVISIONED";
    CheckBilling(request_, "the table");
    CheckGlobalIndexes();
    CheckLocalIndexes();
    if (non_key_attributes_.size() > kMaxProjectedNonKeyAttributes) {
      Fail("its indexes project " + std::to_string(non_key_attributes_.size()) +
           " distinct non-key attributes; DynamoDB allows at most 100");
    }

    for (const auto& [name, type] : definitions_) {
      if (used_.count(name) == 0) {
        Fail("attribute " + name + " is defined in AttributeDefinitions but is no key of the " +
             "table or of an index; DynamoDB refuses unused definitions");
      }
    }
    CheckStream();
    CheckTags();
  }

 private:
  using Keys = std::vector<std::pair<std::string, std::string>>;  // (attribute, HASH|RANGE)

  [[noreturn]] void Fail(const std::string& problem) const {
    throw Failure(ExitCode::kChecksFailed, "table " + table_ + ": " + problem,
                  "DynamoDB would refuse this CreateTable request; nothing was changed");
  }

  void RequireOnly(const json& object, const std::set<std::string>& allowed,
                   const std::string& where) const {
    for (const auto& [field, value] : object.items()) {
      if (allowed.count(field) == 0) {
        Fail(where + " carries " + field + ", which CreateTable does not take");
      }
    }
  }

  // One HASH, then at most one RANGE, on two different attributes.
  Keys CheckKeySchema(const json& schema, const std::string& owner) const {
    if (!schema.is_array() || schema.empty() || schema.size() > 2) {
      Fail("the key schema of " + owner + " must have a partition key and at most a sort key");
    }
    Keys keys;
    for (const json& key : schema) {
      keys.emplace_back(key.value("AttributeName", ""), key.value("KeyType", ""));
    }
    if (keys[0].second != "HASH" || (keys.size() == 2 && keys[1].second != "RANGE")) {
      Fail("the key schema of " + owner + " must list its HASH key first, then a RANGE key");
    }
    if (keys.size() == 2 && keys[0].first == keys[1].first) {
      Fail("the key schema of " + owner + " uses " + keys[0].first + " twice");
    }
    return keys;
  }

  void ReadDefinitions() {
    for (const json& definition : request_.value("AttributeDefinitions", json::array())) {
      std::string name = definition.value("AttributeName", "");
      std::string type = definition.value("AttributeType", "");
      if (type != "S" && type != "N" && type != "B") {
        Fail("attribute " + name + " is defined with type \"" + type + "\", not S, N or B");
      }
      if (!definitions_.emplace(name, type).second) {
        Fail("attribute " + name + " is defined twice in AttributeDefinitions");
      }
    }
  }

  void UseKeys(const Keys& keys) {
    for (const auto& [attribute, key_type] : keys) {
      if (definitions_.count(attribute) == 0) {
        Fail("key attribute " + attribute + " has no entry in AttributeDefinitions");
      }
      used_.insert(attribute);
    }
  }

  void CheckThroughput(const json& throughput, const std::string& owner) const {
    for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
      const json& units = throughput.value(field, json());
      if (!units.is_number_integer() || units.get<long long>() < 1) {
        Fail(owner + " needs " + field + " of at least 1 on a provisioned table");
      }
    }
  }

  void CheckBilling(const json& owner, const std::string& what) const {
    bool has_throughput = owner.contains("ProvisionedThroughput");
    if (provisioned_ && !has_throughput) {
      Fail(what + " has no ProvisionedThroughput, which a provisioned table needs");
    }
    if (provisioned_) {
      CheckThroughput(owner["ProvisionedThroughput"], what);
    }
    if (!provisioned_ && has_throughput) {
      Fail(what + " carries ProvisionedThroughput, but the table is billed on demand");
    }
    if (provisioned_ && owner.contains("OnDemandThroughput")) {
      Fail(what + " carries OnDemandThroughput, but the table is provisioned");
    }
  }

  void CheckIndex(const json& index, const std::string& kind, const std::set<std::string>& fields,
                  Keys& keys) {
    std::string name = index.value("IndexName", "");
    std::string owner = kind + " " + name;
    RequireOnly(index, fields, owner);
    if (!index_names_.insert(name).second) {
      Fail("two indexes are named " + name);
    }
    keys = CheckKeySchema(index.value("KeySchema", json::array()), owner);
    UseKeys(keys);
    CheckProjection(index.value("Projection", json::object()), owner);
  }

  void CheckProjection(const json& projection, const std::string& owner) {
    std::string type = projection.value("ProjectionType", "");
    bool has_attributes = projection.contains("NonKeyAttributes");
    if (type != "ALL" && type != "KEYS_ONLY" && type != "INCLUDE") {
      Fail(owner + " has projection type \"" + type + "\", not ALL, KEYS_ONLY or INCLUDE");
    }
    if (type != "INCLUDE" && has_attributes) {
      Fail(owner + " lists NonKeyAttributes with projection " + type +
           "; only an INCLUDE projection takes them");
    }
    if (type == "INCLUDE" && projection.value("NonKeyAttributes", json::array()).empty()) {
      Fail(owner + " has an INCLUDE projection without NonKeyAttributes");
    }
    for (const json& attribute : projection.value("NonKeyAttributes", json::array())) {
      non_key_attributes_.insert(attribute.get<std::string>());
    }
  }

  void CheckGlobalIndexes() {
    const json& indexes = request_.value("GlobalSecondaryIndexes", json::array());
    if (indexes.size() > kMaxGlobalIndexes) {
      Fail("it has " + std::to_string(indexes.size()) +
           " global secondary indexes; DynamoDB allows at most 20");
    }
    for (const json& index : indexes) {
      Keys keys;
      CheckIndex(index, "global secondary index", kGlobalIndexFields, keys);
      CheckBilling(index, "global secondary index " + index.value("IndexName", ""));
    }
  }

  // DynamoDB's rules for LSIs: the table has a sort key, and each LSI has the table's partition
  // key and a sort key of its own.
  void CheckLocalIndexes() {
    const json& indexes = request_.value("LocalSecondaryIndexes", json::array());
    if (indexes.empty()) {
      return;
    }
    if (indexes.size() > kMaxLocalIndexes) {
      Fail("it has " + std::to_string(indexes.size()) +
           " local secondary indexes; DynamoDB allows at most 5");
    }
    if (keys_.size() < 2) {
      Fail("it has local secondary indexes but no sort key; local indexes need a table with " +
           std::string("a sort key"));
    }
    for (const json& index : indexes) {
      std::string owner = "local secondary index " + index.value("IndexName", "");
      Keys keys;
      CheckIndex(index, "local secondary index", kLocalIndexFields, keys);
      if (keys.size() != 2 || keys[0].first != keys_[0].first) {
        Fail(owner + " must have the table's partition key " + keys_[0].first + " and a sort key");
      }
    }
  }

  void CheckStream() const {
    const json& stream = request_.value("StreamSpecification", json::object());
    if (stream.value("StreamEnabled", false) &&
        kStreamViews.count(stream.value("StreamViewType", "")) == 0) {
      Fail("its stream has view type \"" + stream.value("StreamViewType", "") +
           "\", not NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES or KEYS_ONLY");
    }
  }

  void CheckTags() const {
    const json& tags = request_.value("Tags", json::array());
    if (tags.size() > kMaxTags) {
      Fail("it has " + std::to_string(tags.size()) + " tags; DynamoDB allows at most 50");
    }
    std::set<std::string> keys;
    for (const json& tag : tags) {
      std::string key = tag.value("Key", "");
      std::string value = tag.value("Value", "");
      if (key.empty() || Utf8Length(key) > kMaxTagKeyLength) {
        Fail("tag key \"" + key + "\" is not 1 to 128 characters long");
      }
      if (Utf8Length(value) > kMaxTagValueLength) {
        Fail("the value of tag " + key + " is longer than 256 characters");
      }
      if (IsReservedTagKey(key)) {
        Fail("tag " + key + " uses the prefix aws:, which AWS keeps for itself");
      }
      if (!keys.insert(key).second) {
        Fail("tag " + key + " is given twice");
      }
    }
  }

  const json& request_;
  std::string table_;
  Keys keys_;
  bool provisioned_ = true;
  std::map<std::string, std::string> definitions_;
  std::set<std::string> used_;
  std::set<std::string> index_names_;
  std::set<std::string> non_key_attributes_;
};

}  // namespace

void ValidateCreateTableRequest(const nlohmann::json& request) {
  RequestCheck(request).Run();
}

}  // namespace ddbm::engine
