// Reads a table's index changes. The reference for their keys and rules:
//
//   drop_indexes = ["by_status", "by_date"]
//       Optional. Names of the backed-up table's indexes (global or local) that are not created
//       again. Each name once.
//   [[table.add_index]]
//       Optional, one section per global secondary index to create with the table. Keys:
//     name = "by_customer"
//         Required. 3 to 255 characters of letters, digits, '_', '.' and '-'; each name once
//         among the table's added indexes.
//     partition_key = { name = "customer_id", type = "S" }
//         Required. The index's partition key, written like the table's.
//     sort_key = { name = "created_at", type = "S" }
//         Optional, on another attribute.
//     projection = "ALL" | "KEYS_ONLY" | ["attribute", ...]
//         Required. A list projects the keys and those attributes (ProjectionType INCLUDE).
//     read_capacity = 5, write_capacity = 5
//         Optional, both or neither, at least 1: the index's throughput on a provisioned table
//         (the table's own throughput when left out).
//
// Index changes need a partition_key on the table: only a re-keyed table is deleted and created
// again, and indexes change only then. Whether an index to drop exists, or one to add does not,
// is judged against the backup when the rebuild is planned (create_table_request.cc).
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "plan/name_rules.h"
#include "plan/plan.h"
#include "plan/toml_reader.h"

namespace ddbm::plan {
namespace {

const std::vector<std::string> kIndexKeys = {"name",       "partition_key", "sort_key",
                                             "projection", "read_capacity", "write_capacity"};

class IndexChangesReader {
 public:
  IndexChangesReader(const TomlReader& reader, const std::string& table)
      : reader_(reader), table_(table) {}

  std::vector<std::string> ReadDrops(const toml::node& node) const {
    const std::string what = "drop_indexes of table " + table_;
    const toml::array* names = node.as_array();
    if (names == nullptr) {
      reader_.Fail(node.source().begin, what + " must be an array of index names such as " +
                                            "[\"by_status\"], not " + Describe(node.type()));
    }

    std::vector<std::string> drops;
    std::set<std::string> seen;
    for (const toml::node& entry : *names) {
      const std::string& name = reader_.StringValue(entry, "each entry of " + what);
      if (name.empty()) {
        reader_.Fail(entry.source().begin, what + " holds an empty index name");
      }
      if (!seen.insert(name).second) {
        reader_.Fail(entry.source().begin, what + " names index " + name + " twice");
      }
      drops.push_back(name);
    }
    return drops;
  }

  std::vector<IndexPlan> ReadAdds(const toml::node& node) {
    const toml::array* entries = node.as_array();
    if (entries == nullptr) {
      reader_.Fail(node.source().begin,
                   "add_index of table " + table_ +
                       " must be an array of tables, one [[table.add_index]] section per index, "
                       "not " +
                       Describe(node.type()));
    }

    std::vector<IndexPlan> adds;
    for (const toml::node& entry : *entries) {
      const toml::table* index = entry.as_table();
      if (index == nullptr) {
        reader_.Fail(entry.source().begin, "each entry of add_index of table " + table_ +
                                               " must be a table, not " + Describe(entry.type()));
      }
      adds.push_back(ReadIndex(*index));
    }
    return adds;
  }

 private:
  IndexPlan ReadIndex(const toml::table& index) {
    const toml::node* name = index.get("name");
    const std::string place = name != nullptr && name->is_string()
                                  ? "in index " + name->as_string()->get() + " of table " + table_
                                  : "in an [[table.add_index]] section of table " + table_;
    reader_.RejectUnknownKeys(index, kIndexKeys, place);

    if (name == nullptr) {
      reader_.Fail(index.source().begin,
                   "an [[table.add_index]] section of table " + table_ + " has no \"name\"");
    }
    IndexPlan result;
    result.name = reader_.StringValue(*name, "the name of an index of table " + table_);
    if (auto problem = IndexNameProblem(result.name)) {
      reader_.Fail(name->source().begin, "index name " + Quoted(result.name) + " of table " +
                                             table_ + " is not valid: " + *problem);
    }
    if (!names_.insert(result.name).second) {
      reader_.Fail(name->source().begin,
                   "table " + table_ + " adds index " + result.name + " twice");
    }

    const std::string owner = " of index " + result.name + " of table " + table_;
    const toml::node* partition = index.get("partition_key");
    if (partition == nullptr) {
      reader_.Fail(index.source().begin,
                   "index " + result.name + " of table " + table_ + " has no partition_key");
    }
    result.partition = reader_.ReadKeyAttribute(*partition, "partition_key" + owner);
    if (const toml::node* sort = index.get("sort_key")) {
      result.sort = reader_.ReadKeyAttribute(*sort, "sort_key" + owner);
      if (result.sort->name == result.partition.name) {
        reader_.Fail(sort->source().begin, "sort_key" + owner +
                                               " names the same attribute as its partition_key, " +
                                               Quoted(result.partition.name));
      }
    }

    const toml::node* projection = index.get("projection");
    if (projection == nullptr) {
      reader_.Fail(index.source().begin,
                   "index " + result.name + " of table " + table_ +
                       " has no projection; it is \"ALL\", \"KEYS_ONLY\" or a list of attributes");
    }
    ReadProjection(*projection, "projection" + owner, result);
    ReadCapacity(index, owner, result);
    return result;
  }

  void ReadProjection(const toml::node& node, const std::string& what, IndexPlan& result) const {
    if (node.is_string()) {
      result.projection = node.as_string()->get();
      if (result.projection != "ALL" && result.projection != "KEYS_ONLY") {
        reader_.Fail(node.source().begin,
                     what + " is " + Quoted(result.projection) +
                         ", not \"ALL\", \"KEYS_ONLY\" or a list of attributes");
      }
      return;
    }

    const toml::array* attributes = node.as_array();
    if (attributes == nullptr) {
      reader_.Fail(node.source().begin, what +
                                            " must be \"ALL\", \"KEYS_ONLY\" or a list of "
                                            "attributes, not " +
                                            Describe(node.type()));
    }
    if (attributes->empty()) {
      reader_.Fail(node.source().begin,
                   what + " is an empty list; use \"KEYS_ONLY\" to project only the keys");
    }
    result.projection = "INCLUDE";
    std::set<std::string> seen;
    for (const toml::node& entry : *attributes) {
      const std::string& attribute = reader_.StringValue(entry, "each attribute of " + what);
      if (auto problem = KeyAttributeNameProblem(attribute)) {
        reader_.Fail(entry.source().begin, "attribute name " + Quoted(attribute) + " in " + what +
                                               " is not valid: " + *problem);
      }
      if (!seen.insert(attribute).second) {
        reader_.Fail(entry.source().begin, what + " names " + Quoted(attribute) + " twice");
      }
      result.non_key_attributes.push_back(attribute);
    }
  }

  void ReadCapacity(const toml::table& index, const std::string& owner, IndexPlan& result) const {
    const toml::node* read = index.get("read_capacity");
    const toml::node* write = index.get("write_capacity");
    if ((read == nullptr) != (write == nullptr)) {
      const toml::node* given = read != nullptr ? read : write;
      reader_.Fail(given->source().begin,
                   "read_capacity and write_capacity" + owner + " go together; give both");
    }
    if (read == nullptr) {
      return;
    }
    result.read_capacity = Units(*read, "read_capacity" + owner);
    result.write_capacity = Units(*write, "write_capacity" + owner);
  }

  long long Units(const toml::node& node, const std::string& what) const {
    const toml::value<std::int64_t>* units = node.as_integer();
    if (units == nullptr) {
      reader_.Fail(node.source().begin,
                   what + " must be a whole number, not " + Describe(node.type()));
    }
    if (units->get() < 1) {
      reader_.Fail(node.source().begin,
                   what + " is " + std::to_string(units->get()) + "; it must be at least 1");
    }
    return units->get();
  }

  const TomlReader& reader_;
  const std::string& table_;
  std::set<std::string> names_;
};

}  // namespace

void ReadIndexChanges(const TomlReader& reader, const toml::table& table, TablePlan& result) {
  const toml::node* drops = table.get("drop_indexes");
  const toml::node* adds = table.get("add_index");
  if (drops == nullptr && adds == nullptr) {
    return;
  }

  // A table whose keys stay is backed up and verified, never created again, so there is no
  // moment at which its indexes could change; saying so beats silently ignoring the request.
  if (!result.new_key) {
    const char* key = drops != nullptr ? "drop_indexes" : "add_index";
    reader.Fail(table.find(key)->first.source().begin,
                std::string(key) + " of table " + result.plan_name +
                    " changes indexes of a table whose keys stay; indexes change only when a "
                    "table is re-keyed (give it a partition_key)");
  }

  IndexChangesReader indexes(reader, result.plan_name);
  if (drops != nullptr) {
    result.drop_indexes = indexes.ReadDrops(*drops);
  }
  if (adds != nullptr) {
    result.add_indexes = indexes.ReadAdds(*adds);
  }
}

}  // namespace ddbm::plan
