#include "engine/create_table_request.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/failure.h"

namespace ddbm::engine {

namespace {

using nlohmann::json;

[[noreturn]] void Fail(const std::string& table, const std::string& problem,
                       const std::string& hint = "") {
  throw Failure(ExitCode::kChecksFailed, "table " + table + ": " + problem, hint);
}

json KeyAttributeJson(const std::string& name, const char* key_type) {
  return {{"AttributeName", name}, {"KeyType", key_type}};
}

json KeySchemaJson(const plan::KeyAttribute& partition,
                   const std::optional<plan::KeyAttribute>& sort) {
  json keys = json::array({KeyAttributeJson(partition.name, "HASH")});
  if (sort) {
    keys.push_back(KeyAttributeJson(sort->name, "RANGE"));
  }
  return keys;
}

// Collects the type of every attribute a key of the table or of an index uses. A name used
// with two types cannot be declared in one AttributeDefinitions list.
class AttributeTypes {
 public:
  explicit AttributeTypes(std::string table) : table_(std::move(table)) {}

  void Add(const std::string& name, const std::string& type, const std::string& where) {
    auto [found, inserted] = types_.emplace(name, Declared{type, where});
    if (!inserted && found->second.type != type) {
      Fail(table_, "attribute " + name + " is type " + found->second.type + " in " +
                       found->second.where + " but type " + type + " in " + where);
    }
  }

  json Definitions() const {
    json definitions = json::array();
    for (const auto& [name, declared] : types_) {
      definitions.push_back({{"AttributeName", name}, {"AttributeType", declared.type}});
    }
    return definitions;
  }

 private:
  struct Declared {
    std::string type;
    std::string where;  // the first key that used the attribute, for messages
  };

  std::string table_;
  std::map<std::string, Declared> types_;
};

bool IsProvisioned(const json& description) {
  if (description.contains("BillingModeSummary")) {
    return description["BillingModeSummary"].value("BillingMode", "PROVISIONED") == "PROVISIONED";
  }
  return true;
}

// DescribeTable adds NumberOfDecreasesToday and dates to the throughput; CreateTable takes
// only the two capacities.
json Throughput(const json& source) {
  return {{"ReadCapacityUnits", source.value("ReadCapacityUnits", 1)},
          {"WriteCapacityUnits", source.value("WriteCapacityUnits", 1)}};
}

// On-demand limits as CreateTable takes them, or null when there are none. DescribeTable may
// report -1 for "no limit", which is what leaving the field out means.
json OnDemandLimits(const json& owner) {
  const json& limits = owner.value("OnDemandThroughput", json::object());
  json kept = json::object();
  for (const char* field : {"MaxReadRequestUnits", "MaxWriteRequestUnits"}) {
    if (limits.contains(field) && limits[field].is_number_integer() && limits[field] > 0) {
      kept[field] = limits[field];
    }
  }
  return kept.empty() ? json(nullptr) : kept;
}

// Projection as CreateTable takes it: NonKeyAttributes only with INCLUDE.
json ProjectionOf(const json& index) {
  const json& projection = index.value("Projection", json::object());
  std::string type = projection.value("ProjectionType", "ALL");
  json kept = {{"ProjectionType", type}};
  if (type == "INCLUDE") {
    kept["NonKeyAttributes"] = projection.value("NonKeyAttributes", json::array());
  }
  return kept;
}

// Builds the request from the backup's description and the plan's table. One instance per
// request; the steps run in the order CreateTable's fields are documented.
class RequestBuilder {
 public:
  RequestBuilder(const backup::TableBackup& backed_up, const plan::TablePlan& table)
      : description_(backed_up.description),
        tags_(backed_up.tags),
        table_(table),
        types_(table.name),
        provisioned_(IsProvisioned(description_)) {}

  json Build() {
    const plan::KeySchema& keys = *table_.new_key;
    types_.Add(keys.partition.name, keys.partition.type, "the new key");
    if (keys.sort) {
      types_.Add(keys.sort->name, keys.sort->type, "the new key");
    }

    json request = {{"TableName", table_.name},
                    {"KeySchema", KeySchemaJson(keys.partition, keys.sort)}};
    AddBilling(request);
    RequireDroppedIndexesExist();
    AddGlobalIndexes(request);
    AddLocalIndexes(request);
    request["AttributeDefinitions"] = types_.Definitions();
    AddStreamAndEncryption(request);
    if (description_.contains("TableClassSummary")) {
      request["TableClass"] = description_["TableClassSummary"].value("TableClass", "STANDARD");
    }
    if (description_.value("DeletionProtectionEnabled", false)) {
      request["DeletionProtectionEnabled"] = true;
    }
    AddTags(request);
    return request;
  }

 private:
  void AddBilling(json& request) const {
    if (provisioned_) {
      request["BillingMode"] = "PROVISIONED";
      request["ProvisionedThroughput"] =
          Throughput(description_.value("ProvisionedThroughput", json::object()));
      return;
    }

    request["BillingMode"] = "PAY_PER_REQUEST";
    json limits = OnDemandLimits(description_);
    if (!limits.is_null()) {
      request["OnDemandThroughput"] = std::move(limits);
    }
  }

  bool Dropped(const std::string& index) const {
    const std::vector<std::string>& drops = table_.drop_indexes;
    return std::find(drops.begin(), drops.end(), index) != drops.end();
  }

  std::vector<std::string> BackedUpIndexNames() const {
    std::vector<std::string> names;
    for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
      for (const json& index : description_.value(kind, json::array())) {
        names.push_back(index.value("IndexName", ""));
      }
    }
    return names;
  }

  void RequireDroppedIndexesExist() const {
    std::vector<std::string> names = BackedUpIndexNames();
    for (const std::string& drop : table_.drop_indexes) {
      if (std::find(names.begin(), names.end(), drop) != names.end()) {
        continue;
      }
      std::string existing;
      for (const std::string& name : names) {
        existing += (existing.empty() ? "" : ", ") + name;
      }
      Fail(table_.name,
           "drop_indexes names index " + drop + ", which the backed-up table does not have (" +
               (existing.empty() ? "it has no indexes" : "its indexes: " + existing) + ")",
           "correct drop_indexes in the plan; nothing was changed");
    }
  }

  std::string OldType(const std::string& attribute, const std::string& index) const {
    for (const json& definition : description_.value("AttributeDefinitions", json::array())) {
      if (definition.value("AttributeName", "") == attribute) {
        return definition.value("AttributeType", "");
      }
    }
    Fail(table_.name, "index " + index + " uses attribute " + attribute +
                          ", which the backed-up description does not define");
  }

  // The fields every index has, from the backed-up description.
  json BackedUpIndex(const json& index) {
    std::string name = index.value("IndexName", "");
    json created = {{"IndexName", name}, {"KeySchema", json::array()}};
    for (const json& key : index.value("KeySchema", json::array())) {
      std::string attribute = key.value("AttributeName", "");
      types_.Add(attribute, OldType(attribute, name), "index " + name);
      created["KeySchema"].push_back(
          KeyAttributeJson(attribute, key.value("KeyType", "HASH") == "RANGE" ? "RANGE" : "HASH"));
    }
    created["Projection"] = ProjectionOf(index);
    return created;
  }

  void AddGlobalIndexes(json& request) {
    json indexes = json::array();
    for (const json& index : description_.value("GlobalSecondaryIndexes", json::array())) {
      if (Dropped(index.value("IndexName", ""))) {
        continue;
      }
      json created = BackedUpIndex(index);
      if (provisioned_) {
        created["ProvisionedThroughput"] =
            Throughput(index.value("ProvisionedThroughput", json::object()));
      } else if (json limits = OnDemandLimits(index); !limits.is_null()) {
        created["OnDemandThroughput"] = std::move(limits);
      }
      indexes.push_back(std::move(created));
    }

    for (const plan::IndexPlan& added : table_.add_indexes) {
      indexes.push_back(AddedIndex(added));
    }
    if (!indexes.empty()) {
      request["GlobalSecondaryIndexes"] = std::move(indexes);
    }
  }

  json AddedIndex(const plan::IndexPlan& added) {
    for (const std::string& name : BackedUpIndexNames()) {
      if (name == added.name && !Dropped(name)) {
        Fail(
            table_.name,
            "add_index " + added.name + ": the table already has an index " + "named " + added.name,
            "to replace it, also name it in drop_indexes; nothing was changed");
      }
    }

    const std::string where = "index " + added.name;
    types_.Add(added.partition.name, added.partition.type, where);
    if (added.sort) {
      types_.Add(added.sort->name, added.sort->type, where);
    }
    json created = {{"IndexName", added.name},
                    {"KeySchema", KeySchemaJson(added.partition, added.sort)},
                    {"Projection", {{"ProjectionType", added.projection}}}};
    if (added.projection == "INCLUDE") {
      created["Projection"]["NonKeyAttributes"] = added.non_key_attributes;
    }

    bool capacity_given = added.read_capacity.has_value();
    if (provisioned_) {
      // Without its own capacities, the index gets the table's: a sibling of the table's
      // traffic is the best guess the plan leaves us.
      json table_throughput =
          Throughput(description_.value("ProvisionedThroughput", json::object()));
      created["ProvisionedThroughput"] = capacity_given
                                             ? json{{"ReadCapacityUnits", *added.read_capacity},
                                                    {"WriteCapacityUnits", *added.write_capacity}}
                                             : table_throughput;
    } else if (capacity_given) {
      Fail(table_.name,
           "add_index " + added.name + " gives read_capacity and write_capacity, but the table " +
               "is billed on demand (PAY_PER_REQUEST) and its indexes take no capacities",
           "remove them from the plan; nothing was changed");
    }
    return created;
  }

  // A local secondary index shares the table's partition key (DynamoDB's rule for LSIs), so
  // one built on the old partition key cannot exist on the new table.
  void AddLocalIndexes(json& request) {
    json indexes = json::array();
    for (const json& index : description_.value("LocalSecondaryIndexes", json::array())) {
      std::string name = index.value("IndexName", "");
      if (Dropped(name)) {
        continue;
      }
      json created = BackedUpIndex(index);
      std::string partition = created["KeySchema"][0].value("AttributeName", "");
      if (partition != table_.new_key->partition.name) {
        Fail(table_.name,
             "local secondary index " + name + " is partitioned by " + partition +
                 ", which is no longer the table's partition key " + table_.new_key->partition.name,
             "drop it with drop_indexes = [\"" + name + "\"] in the plan (a global index can " +
                 "take its place through [[table.add_index]]); nothing was changed");
      }
      indexes.push_back(std::move(created));
    }
    if (!indexes.empty()) {
      request["LocalSecondaryIndexes"] = std::move(indexes);
    }
  }

  void AddStreamAndEncryption(json& request) const {
    const json& stream = description_.value("StreamSpecification", json::object());
    if (stream.value("StreamEnabled", false)) {
      request["StreamSpecification"] = {{"StreamEnabled", true},
                                        {"StreamViewType", stream.value("StreamViewType", "")}};
    }

    // Without an SSEDescription, or with AES256, the table is encrypted with a key AWS owns:
    // the default, which needs no specification (and CreateTable takes no AES256).
    const json& sse = description_.value("SSEDescription", json::object());
    std::string status = sse.value("Status", "");
    if ((status == "ENABLED" || status == "ENABLING") && sse.value("SSEType", "") == "KMS") {
      request["SSESpecification"] = {{"Enabled", true}, {"SSEType", "KMS"}};
      if (sse.contains("KMSMasterKeyArn")) {
        request["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyArn"];
      }
    }
  }

  void AddTags(json& request) const {
    if (!tags_.is_array()) {
      return;
    }
    json kept = json::array();
    for (const json& tag : tags_) {
      if (!IsReservedTagKey(tag.value("Key", ""))) {
        kept.push_back({{"Key", tag.value("Key", "")}, {"Value", tag.value("Value", "")}});
      }
    }
    if (!kept.empty()) {
      request["Tags"] = std::move(kept);
    }
  }

  const json& description_;
  const json& tags_;
  const plan::TablePlan& table_;
  AttributeTypes types_;
  bool provisioned_;
};

}  // namespace

nlohmann::json BuildCreateTableRequest(const backup::TableBackup& backed_up,
                                       const plan::TablePlan& table) {
  if (!table.new_key) {
    Fail(table.name, "the plan gives it no new key, so it is not created again");
  }
  return RequestBuilder(backed_up, table).Build();
}

bool IsReservedTagKey(const std::string& key) {
  return key.rfind("aws:", 0) == 0;
}

}  // namespace ddbm::engine
