// Reading a table's key schema out of a DescribeTable description and comparing it with the
// plan's.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plan/plan.h"

namespace ddbm::engine {

/// The key schema in a "Table" description. Throws ddbm::Failure when the description has no
/// usable KeySchema/AttributeDefinitions.
plan::KeySchema KeySchemaOf(const nlohmann::json& description);

/// The schema the table must end with under the plan: the plan's new key, or the current one
/// when the plan only backs the table up.
plan::KeySchema TargetKeySchema(const plan::TablePlan& table, const nlohmann::json& description);

/// Whether the plan changes this table's keys (so it must be deleted and created again).
bool KeySchemaChanges(const plan::TablePlan& table, const nlohmann::json& description);

/// "user_id (S) + id (S)", or "id (S)" without a sort key.
std::string FormatKeySchema(const plan::KeySchema& schema);

}  // namespace ddbm::engine
