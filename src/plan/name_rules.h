// The rules a plan's names must follow, shared by the plan parser and the command line's table
// name options. Each returns why a name breaks its rule, as a lower-case clause that completes
// "... is not a valid ...: <clause>", or nullopt when the name is fine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddbm::plan {

/// DynamoDB table names are 3 to 255 characters of letters, digits, '_', '.' and '-'.
std::optional<std::string> TableNameProblem(std::string_view name);

/// Index names follow the same rule as table names: 3 to 255 characters of letters, digits,
/// '_', '.' and '-'.
std::optional<std::string> IndexNameProblem(std::string_view name);

/// A table prefix may hold only characters a table name may hold; its length is judged with the
/// names it is put before.
std::optional<std::string> TablePrefixProblem(std::string_view prefix);

/// A plan name becomes part of backup directory names, so it is held to characters that are
/// safe in a path on every system, and short enough to leave room for the timestamp.
std::optional<std::string> PlanNameProblem(std::string_view name);

/// Key attribute names are 1 to 255 bytes (DynamoDB's limit for key and index attributes).
std::optional<std::string> KeyAttributeNameProblem(std::string_view name);

}  // namespace ddbm::plan
