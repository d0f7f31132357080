// Reads plan TOML into a Plan. docs/plan-format.md explains the format with examples; this is
// the reference for every key and rule the code holds it to:
//
//   name = "chat_records"
//       Required. Names the plan's backups, "<name>_backup_YYYYMMDD_HHMMSS", so it is 1 to 232
//       characters of letters, digits, '_', '.' and '-'.
//   table_prefix = "prod-"
//       Optional, default "". Put before every table name to form the live table's name; a
//       table prefix given on the command line replaces it. Characters as in table names.
//   [[table]]
//       One section per table, at least one, each table once. Keys:
//     name = "ChatRecordTable"
//         Required. The table as the plan knows it; with the prefix, a valid DynamoDB table
//         name: 3 to 255 characters of letters, digits, '_', '.' and '-'.
//     partition_key = { name = "user_id", type = "S" }
//         Optional. The table's new partition key: an attribute name (1 to 255 bytes) and a
//         type, S, N or B. Without it the table keeps its key schema: it is backed up and
//         verified, never dropped.
//     sort_key = { name = "id", type = "S" }
//         Optional, only with partition_key and on another attribute. The new sort key.
//     fill = { user_id = "public" }
//         Optional. For a new key attribute of type S, the string an item gets when that
//         attribute is missing, NULL or "". Not empty, and within DynamoDB's key value limits
//         (2048 bytes for a partition key, 1024 for a sort key).
//     drop_indexes = ["by_status"]  and  [[table.add_index]] sections
//         Optional, only with partition_key: index changes made when the table is created
//         again. index_plan_reader.cc lists their keys and rules.
//
// Any other key is an error, with a suggestion when it is close to a known one. Every error is a
// Failure (kUsage) whose fact starts "<source>:<line>:<column>: " and points at the offending key
// or value, or at the section that lacks a required key.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "common/did_you_mean.h"
#include "common/failure.h"
#include "plan/name_rules.h"
#include "plan/plan.h"
#include "plan/toml_reader.h"

namespace ddbm::plan {
namespace {

const std::vector<std::string> kPlanKeys = {"name", "table_prefix", "table"};
// In the order they are documented, for "the keys here are ...".
const std::vector<std::string> kTableKeys = {
    "name", "partition_key", "sort_key", "fill", "drop_indexes", "add_index",
};

// DynamoDB's limits on a key attribute's value, in UTF-8 bytes.
constexpr std::size_t kMaxPartitionKeyBytes = 2048;
constexpr std::size_t kMaxSortKeyBytes = 1024;

const toml::key& KeyNamed(const toml::table& table, std::string_view name) {
  return table.find(name)->first;
}

// Walks one parsed document. Checks run in the order a reader meets the text, and the unknown
// key check comes first in each section, so a misspelled key is reported as a typo rather than
// as the required key it was meant to be.
class PlanReader : public TomlReader {
 public:
  explicit PlanReader(const std::string& source) : TomlReader(source) {}

  Plan ReadPlan(const toml::table& root) {
    RejectUnknownKeys(root, kPlanKeys, "at the top level of the plan");

    Plan plan;
    plan.source = source();
    const toml::node* name = root.get("name");
    if (name == nullptr) {
      Fail(root.source().begin, "the plan has no \"name\"; it names the backups");
    }
    plan.name = StringValue(*name, "the plan's \"name\"");
    if (auto problem = PlanNameProblem(plan.name)) {
      Fail(name->source().begin, "plan name " + Quoted(plan.name) + " is not valid: " + *problem);
    }

    std::string prefix;
    if (const toml::node* node = root.get("table_prefix")) {
      prefix = StringValue(*node, "table_prefix");
      if (auto problem = TablePrefixProblem(prefix)) {
        const std::string fact = "table_prefix " + Quoted(prefix) + " is not valid: " + *problem;
        Fail(node->source().begin, fact);
      }
    }

    const toml::node* tables = root.get("table");
    const toml::array* entries = tables == nullptr ? nullptr : tables->as_array();
    if (tables != nullptr && entries == nullptr) {
      Fail(tables->source().begin,
           "\"table\" must be an array of tables, one [[table]] section per table, not " +
               Describe(tables->type()));
    }
    if (entries == nullptr || entries->empty()) {
      Fail(root.source().begin, "the plan has no [[table]] section; it needs one per table");
    }

    for (const toml::node& entry : *entries) {
      const toml::table* table = entry.as_table();
      if (table == nullptr) {
        Fail(entry.source().begin,
             "each entry of \"table\" must be a table, not " + Describe(entry.type()));
      }
      plan.tables.push_back(ReadTable(*table, prefix));
    }
    return plan;
  }

 private:
  TablePlan ReadTable(const toml::table& table, const std::string& prefix) {
    const toml::node* name = table.get("name");
    const std::string place = name != nullptr && name->is_string()
                                  ? "in table " + name->as_string()->get()
                                  : std::string("in a [[table]] section");
    RejectUnknownKeys(table, kTableKeys, place);

    if (name == nullptr) {
      Fail(table.source().begin, "a [[table]] section has no \"name\"");
    }
    TablePlan result;
    result.plan_name = StringValue(*name, "a table's \"name\"");
    result.name = prefix + result.plan_name;
    if (auto problem = TableNameProblem(result.name)) {
      std::string fact =
          "table name " + Quoted(result.name) + " is not a valid DynamoDB table name: " + *problem;
      if (!prefix.empty()) {
        fact += " (with table_prefix " + Quoted(prefix) + ")";
      }
      Fail(name->source().begin, fact);
    }

    const auto [first, inserted] = seen_.emplace(result.plan_name, name->source().begin);
    if (!inserted) {
      Fail(name->source().begin, "table " + result.plan_name + " is listed twice (first at line " +
                                     std::to_string(first->second.line) + ")");
    }

    const std::string& table_name = result.plan_name;
    const toml::node* partition = table.get("partition_key");
    const toml::node* sort = table.get("sort_key");
    if (sort != nullptr && partition == nullptr) {
      Fail(KeyNamed(table, "sort_key").source().begin,
           "table " + table_name + " has a sort_key but no partition_key");
    }

    if (partition != nullptr) {
      KeySchema key;
      key.partition = ReadKeyAttribute(*partition, "partition_key of table " + table_name);
      if (sort != nullptr) {
        key.sort = ReadKeyAttribute(*sort, "sort_key of table " + table_name);
        if (key.sort->name == key.partition.name) {
          Fail(sort->source().begin, "sort_key of table " + table_name +
                                         " names the same attribute as its partition_key, " +
                                         Quoted(key.partition.name));
        }
      }
      result.new_key = std::move(key);
    }

    if (const toml::node* fill = table.get("fill")) {
      result.fills = ReadFills(*fill, result);
    }
    ReadIndexChanges(*this, table, result);
    return result;
  }

  std::vector<item::FillRule> ReadFills(const toml::node& node, const TablePlan& table) const {
    const toml::table* fills = node.as_table();
    if (fills == nullptr) {
      Fail(node.source().begin, "fill of table " + table.plan_name +
                                    " must be a table such as { user_id = \"public\" }, not " +
                                    Describe(node.type()));
    }

    // TOML tables are unordered; keep the rules in the order the plan wrote them, so reports
    // list them as the operator reads them in the file.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, value] : *fills) {
      entries.emplace_back(&key, &value);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.first->source().begin < b.first->source().begin;
    });

    std::vector<item::FillRule> rules;
    for (const auto& [key, value] : entries) {
      const std::string attribute(key->str());
      const std::string what = "fill for " + Quoted(attribute) + " in table " + table.plan_name;
      const KeyAttribute& target = FillTarget(*key, table, what);
      if (target.type != "S") {
        Fail(key->source().begin,
             what + " is for a key of type " + target.type + "; only type S keys are filled");
      }

      const std::string& text = StringValue(*value, "the value of " + what);
      if (text.empty()) {
        Fail(value->source().begin, "the value of " + what + " is empty; a key cannot be \"\"");
      }
      const bool partition = &target == &table.new_key->partition;
      const std::size_t limit = partition ? kMaxPartitionKeyBytes : kMaxSortKeyBytes;
      if (text.size() > limit) {
        Fail(value->source().begin, "the value of " + what + " is " + std::to_string(text.size()) +
                                        " bytes long; a " + (partition ? "partition" : "sort") +
                                        " key value holds at most " + std::to_string(limit));
      }
      rules.push_back(item::FillRule{attribute, text});
    }
    return rules;
  }

  // The new key attribute a fill is for; fails when the fill names none.
  const KeyAttribute& FillTarget(const toml::key& key, const TablePlan& table,
                                 const std::string& what) const {
    if (!table.new_key) {
      Fail(key.source().begin, what + " has no key to fill: the table has no partition_key");
    }

    const KeySchema& schema = *table.new_key;
    if (key.str() == schema.partition.name) {
      return schema.partition;
    }
    if (schema.sort && key.str() == schema.sort->name) {
      return *schema.sort;
    }

    std::vector<std::string> names = {schema.partition.name};
    if (schema.sort) {
      names.push_back(schema.sort->name);
    }
    std::string fact = what + " names no attribute of the table's new key (" + Joined(names) + ")";
    if (auto suggestion = DidYouMean(key.str(), names)) {
      fact += ", did you mean " + Quoted(*suggestion) + "?";
    }
    Fail(key.source().begin, fact);
  }

  // Plan names already read, with where, so a second listing can point back at the first.
  std::map<std::string, toml::source_position> seen_;
};

}  // namespace

Plan ParsePlan(const std::string& toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(std::string_view(toml_text), std::string_view(source));
  } catch (const toml::parse_error& error) {
    // toml++ describes the error in a sentence starting with a capital; our facts are lower-case.
    std::string description(error.description());
    if (!description.empty()) {
      description[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(description[0])));
    }
    throw Failure(ExitCode::kUsage, Location(source, error.source().begin) + description);
  }

  Plan plan = PlanReader(source).ReadPlan(root);
  plan.text = toml_text;
  return plan;
}

}  // namespace ddbm::plan
