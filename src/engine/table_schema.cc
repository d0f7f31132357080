#include "engine/table_schema.h"

#include "common/failure.h"

namespace ddbm::engine {

namespace {

std::string AttributeType(const nlohmann::json& description, const std::string& name) {
  for (const auto& definition :
       description.value("AttributeDefinitions", nlohmann::json::array())) {
    if (definition.value("AttributeName", "") == name) {
      return definition.value("AttributeType", "");
    }
  }
  throw Failure(ExitCode::kFailedNothingChanged,
                "table " + description.value("TableName", std::string("?")) + ": key attribute " +
                    name + " has no attribute definition");
}

}  // namespace

plan::KeySchema KeySchemaOf(const nlohmann::json& description) {
  plan::KeySchema schema;
  bool has_partition = false;
  for (const auto& element : description.value("KeySchema", nlohmann::json::array())) {
    plan::KeyAttribute attribute;
    attribute.name = element.value("AttributeName", "");
    attribute.type = AttributeType(description, attribute.name);
    if (element.value("KeyType", "") == "HASH") {
      schema.partition = attribute;
      has_partition = true;
    } else {
      schema.sort = attribute;
    }
  }

  if (!has_partition) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "table " + description.value("TableName", std::string("?")) +
                      ": description has no partition key");
  }
  return schema;
}

plan::KeySchema TargetKeySchema(const plan::TablePlan& table, const nlohmann::json& description) {
  if (table.new_key) {
    return *table.new_key;
  }
  return KeySchemaOf(description);
}

bool KeySchemaChanges(const plan::TablePlan& table, const nlohmann::json& description) {
  return table.new_key && !(*table.new_key == KeySchemaOf(description));
}

std::string FormatKeySchema(const plan::KeySchema& schema) {
  std::string text = schema.partition.name + " (" + schema.partition.type + ")";
  if (schema.sort) {
    text += " + " + schema.sort->name + " (" + schema.sort->type + ")";
  }
  return text;
}

}  // namespace ddbm::engine
