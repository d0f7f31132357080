#include "engine/create_table_request.h"

#include <map>
#include <string>

#include "common/failure.h"

namespace ddbm::engine {

namespace {

using nlohmann::json;

json KeySchemaJson(const plan::KeySchema& schema) {
  json keys = json::array();
  keys.push_back({{"AttributeName", schema.partition.name}, {"KeyType", "HASH"}});
  if (schema.sort) {
    keys.push_back({{"AttributeName", schema.sort->name}, {"KeyType", "RANGE"}});
  }
  return keys;
}

// Collects the type of every attribute a key of the table or of an index uses. A name used
// with two types cannot be declared in one AttributeDefinitions list.
class AttributeTypes {
 public:
  AttributeTypes(std::string table) : table_(std::move(table)) {}

  void Add(const std::string& name, const std::string& type, const std::string& where) {
    auto [found, inserted] = types_.emplace(name, type);
    if (!inserted && found->second != type) {
      throw Failure(ExitCode::kChecksFailed,
                    "table " + table_ + ": attribute " + name + " is type " + found->second +
                        " in the new key but type " + type + " in " + where);
    }
  }

  json Definitions() const {
    json definitions = json::array();
    for (const auto& [name, type] : types_) {
      definitions.push_back({{"AttributeName", name}, {"AttributeType", type}});
    }
    return definitions;
  }

 private:
  std::string table_;
  std::map<std::string, std::string> types_;
};

std::string OldType(const json& description, const std::string& name) {
  for (const auto& definition : description.value("AttributeDefinitions", json::array())) {
    if (definition.value("AttributeName", "") == name) {
      return definition.value("AttributeType", "");
    }
  }
  return "";
}

bool IsProvisioned(const json& description) {
  if (description.contains("BillingModeSummary")) {
    return description["BillingModeSummary"].value("BillingMode", "PROVISIONED") ==
           "PROVISIONED";
  }
  return true;
}

json Throughput(const json& source) {
  return {{"ReadCapacityUnits", source.value("ReadCapacityUnits", 1)},
          {"WriteCapacityUnits", source.value("WriteCapacityUnits", 1)}};
}

json IndexBase(const json& index, AttributeTypes& types, const json& description) {
  std::string name = index.value("IndexName", "");
  json request = {{"IndexName", name},
                  {"KeySchema", json::array()},
                  {"Projection", index.value("Projection", json::object())}};
  for (const auto& key : index.value("KeySchema", json::array())) {
    std::string attribute = key.value("AttributeName", "");
    types.Add(attribute, OldType(description, attribute), "index " + name);
    request["KeySchema"].push_back(
        {{"AttributeName", attribute}, {"KeyType", key.value("KeyType", "HASH")}});
  }
  return request;
}

}  // namespace

nlohmann::json BuildCreateTableRequest(const nlohmann::json& description,
                                       const plan::KeySchema& target) {
  std::string table = description.value("TableName", "");
  bool provisioned = IsProvisioned(description);
  AttributeTypes types(table);
  types.Add(target.partition.name, target.partition.type, "the new key");
  if (target.sort) {
    types.Add(target.sort->name, target.sort->type, "the new key");
  }

  json request = {{"TableName", table}, {"KeySchema", KeySchemaJson(target)}};
  if (provisioned) {
    request["BillingMode"] = "PROVISIONED";
    request["ProvisionedThroughput"] =
        Throughput(description.value("ProvisionedThroughput", json::object()));
  } else {
    request["BillingMode"] = "PAY_PER_REQUEST";
  }

  json global_indexes = json::array();
  for (const auto& index : description.value("GlobalSecondaryIndexes", json::array())) {
    json created = IndexBase(index, types, description);
    if (provisioned) {
      created["ProvisionedThroughput"] =
          Throughput(index.value("ProvisionedThroughput", json::object()));
    }
    if (index.contains("OnDemandThroughput")) {
      created["OnDemandThroughput"] = index["OnDemandThroughput"];
    }
    global_indexes.push_back(std::move(created));
  }
  if (!global_indexes.empty()) {
    request["GlobalSecondaryIndexes"] = std::move(global_indexes);
  }

  // A local secondary index shares the table's partition key (DynamoDB's rule for LSIs), so
  // one built on the old partition key cannot exist on the new table.
  json local_indexes = json::array();
  for (const auto& index : description.value("LocalSecondaryIndexes", json::array())) {
    json created = IndexBase(index, types, description);
    std::string partition = created["KeySchema"][0].value("AttributeName", "");
    if (partition != target.partition.name) {
      throw Failure(ExitCode::kChecksFailed,
                    "table " + table + ": local secondary index " +
                        index.value("IndexName", "") + " is partitioned by " + partition +
                        ", which is no longer the table's partition key " +
                        target.partition.name);
    }
    local_indexes.push_back(std::move(created));
  }
  if (!local_indexes.empty()) {
    request["LocalSecondaryIndexes"] = std::move(local_indexes);
  }

  request["AttributeDefinitions"] = types.Definitions();
  if (description.contains("OnDemandThroughput")) {
    request["OnDemandThroughput"] = description["OnDemandThroughput"];
  }
  if (description.contains("StreamSpecification")) {
    const json& stream = description["StreamSpecification"];
    if (stream.value("StreamEnabled", false)) {
      request["StreamSpecification"] = {{"StreamEnabled", true},
                                        {"StreamViewType", stream.value("StreamViewType", "")}};
    }
  }
  if (description.contains("SSEDescription")) {
    const json& sse = description["SSEDescription"];
    if (sse.value("Status", "") == "ENABLED" || sse.value("Status", "") == "ENABLING") {
      request["SSESpecification"] = {{"Enabled", true}, {"SSEType", sse.value("SSEType", "KMS")}};
      if (sse.contains("KMSMasterKeyArn")) {
        request["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyArn"];
      }
    }
  }
  if (description.contains("TableClassSummary")) {
    request["TableClass"] = description["TableClassSummary"].value("TableClass", "STANDARD");
  }
  if (description.value("DeletionProtectionEnabled", false)) {
    request["DeletionProtectionEnabled"] = true;
  }
  return request;
}

}  // namespace ddbm::engine
