// What the plan's readers share: turning a parsed TOML node into a value or a Failure that
// points at the node. Internal to src/plan.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "plan/plan.h"

namespace ddbm::plan {

std::string Quoted(std::string_view text);

/// "a, b, c".
std::string Joined(const std::vector<std::string>& words);

/// "an integer", "a table", ...: what the user wrote where something else was expected.
std::string Describe(toml::node_type type);

/// "<source>:<line>:<column>: ", the start of every plan error.
std::string Location(const std::string& source, const toml::source_position& at);

/// Reads values out of one parsed document named `source`. Every complaint is a Failure
/// (ExitCode::kUsage) whose fact starts with the location of the node it is about.
class TomlReader {
 public:
  explicit TomlReader(const std::string& source) : source_(source) {}

  [[noreturn]] void Fail(const toml::source_position& at, const std::string& fact) const;

  const std::string& StringValue(const toml::node& node, const std::string& what) const;

  /// Reports the unknown key that comes first in the text, naming the known key it most likely
  /// means, or else listing the keys the section takes.
  void RejectUnknownKeys(const toml::table& table, const std::vector<std::string>& known,
                         const std::string& place) const;

  /// A key attribute written { name = "...", type = "S" }; `what` names it in messages
  /// ("partition_key of table Orders").
  KeyAttribute ReadKeyAttribute(const toml::node& node, const std::string& what) const;

  const std::string& source() const { return source_; }

 private:
  const std::string& source_;
};

/// Reads a table's drop_indexes and [[table.add_index]] entries into `result`, whose name and
/// new key are already read. Defined in index_plan_reader.cc.
void ReadIndexChanges(const TomlReader& reader, const toml::table& table, TablePlan& result);

}  // namespace ddbm::plan
