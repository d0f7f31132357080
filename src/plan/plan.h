// The migration plan: which tables, their new key schema, and how items are brought to it.
// Read from a TOML file, or the built-in chat-record plan when none is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "item/item_text.h"

namespace ddbm::plan {

struct KeyAttribute {
  std::string name;
  std::string type;  // "S", "N" or "B"
  friend bool operator==(const KeyAttribute&, const KeyAttribute&) = default;
};

struct KeySchema {
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  friend bool operator==(const KeySchema&, const KeySchema&) = default;
};

/// A global secondary index the plan adds when a re-keyed table is created again.
struct IndexPlan {
  std::string name;
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  /// "ALL", "KEYS_ONLY" or "INCLUDE"; INCLUDE projects non_key_attributes as well.
  std::string projection = "ALL";
  std::vector<std::string> non_key_attributes;
  /// Throughput for a provisioned table, both or neither; without them the index gets the
  /// table's.
  std::optional<long long> read_capacity;
  std::optional<long long> write_capacity;
};

struct TablePlan {
  /// The table's name as the plan spells it; names backup files and report lines.
  std::string plan_name;
  /// The live table's name: plan_name with the prefix and any override applied.
  std::string name;
  /// The key schema the table must end with; nullopt when the plan only backs it up.
  std::optional<KeySchema> new_key;
  /// Values for key attributes an item lacks (missing, NULL or empty string).
  std::vector<item::FillRule> fills;
  /// Indexes of the backed-up table (global or local) not to create again. Only with new_key:
  /// a table whose keys stay is never created again.
  std::vector<std::string> drop_indexes;
  /// Global secondary indexes to create with the table; only with new_key.
  std::vector<IndexPlan> add_indexes;
};

struct Plan {
  /// Names backup directories: "<name>_backup_YYYYMMDD_HHMMSS".
  std::string name;
  std::vector<TablePlan> tables;
  /// "built-in" or the path of the plan file, for messages.
  std::string source;
  /// The TOML text the plan was read from, kept in each backup's manifest.
  std::string text;

  const TablePlan* FindByPlanName(const std::string& plan_name) const;
};

/// The chat-record migration: ChatRecordTable moves from partition key id to user_id + id
/// (items without a usable user_id get "public"); ChatResponseTable is backed up only.
Plan DefaultPlan();

/// The built-in plan as TOML text, for `plan --print-default` and the docs.
std::string DefaultPlanToml();

/// Parses plan TOML. `source` names the text in messages (a path or "built-in"). Throws
/// ddbm::Failure (ExitCode::kUsage) naming the file, line and what is wrong: a syntax error,
/// an unknown key, a key type other than S/N/B, a table listed twice, a fill for an attribute
/// that is not a key attribute of its table, index changes on a table whose keys stay.
Plan ParsePlan(const std::string& toml_text, const std::string& source);

/// Reads and parses a plan file; a missing or unreadable file is a Failure (kUsage).
Plan LoadPlanFile(const std::string& path);

/// Applies a table-name prefix ("prod-") and explicit overrides ("ChatRecordTable=x"), in that
/// order: an override names the live table exactly. Throws Failure (kUsage) for an override
/// whose plan name is not in the plan, with a "did you mean" when one is close.
void ApplyTableNames(Plan& plan, const std::string& prefix,
                     const std::vector<std::string>& overrides);

}  // namespace ddbm::plan
