// A table's index changes in the plan: drop_indexes and [[table.add_index]].
#include <gtest/gtest.h>

#include "common/failure.h"
#include "plan/plan.h"

namespace ddbm::plan {
namespace {

constexpr const char* kRekeyedTable = R"(
name = "orders"

[[table]]
name = "Orders"
partition_key = { name = "customer_id", type = "S" }
sort_key = { name = "order_no", type = "N" }
)";

std::string ErrorFor(const std::string& table_keys) {
  try {
    ParsePlan(std::string(kRekeyedTable) + table_keys, "plan.toml");
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), ExitCode::kUsage);
    return failure.what();
  }
  ADD_FAILURE() << "parsed without an error:\n" << table_keys;
  return "";
}

TEST(IndexChanges, ReadsDropsAndAddedIndexesInFileOrder) {
  const Plan plan =
      ParsePlan(std::string(kRekeyedTable) + R"(drop_indexes = ["by_status", "by_date"]

[[table.add_index]]
name = "by_total"
partition_key = { name = "status", type = "S" }
sort_key = { name = "total", type = "N" }
projection = "KEYS_ONLY"
read_capacity = 5
write_capacity = 2

[[table.add_index]]
name = "by_email"
partition_key = { name = "email", type = "S" }
projection = ["name", "total"]

[[table.add_index]]
name = "by_date"
partition_key = { name = "day", type = "S" }
projection = "ALL"
)",
                "plan.toml");

  const TablePlan& orders = plan.tables[0];
  EXPECT_EQ(orders.drop_indexes, (std::vector<std::string>{"by_status", "by_date"}));
  ASSERT_EQ(orders.add_indexes.size(), 3u);

  const IndexPlan& by_total = orders.add_indexes[0];
  EXPECT_EQ(by_total.name, "by_total");
  EXPECT_EQ(by_total.partition, (KeyAttribute{"status", "S"}));
  EXPECT_EQ(by_total.sort, (KeyAttribute{"total", "N"}));
  EXPECT_EQ(by_total.projection, "KEYS_ONLY");
  EXPECT_TRUE(by_total.non_key_attributes.empty());
  EXPECT_EQ(by_total.read_capacity, 5);
  EXPECT_EQ(by_total.write_capacity, 2);

  const IndexPlan& by_email = orders.add_indexes[1];
  EXPECT_FALSE(by_email.sort.has_value());
  EXPECT_EQ(by_email.projection, "INCLUDE");
  EXPECT_EQ(by_email.non_key_attributes, (std::vector<std::string>{"name", "total"}));
  EXPECT_FALSE(by_email.read_capacity.has_value());

  // Dropping an index and adding one of the same name replaces it.
  EXPECT_EQ(orders.add_indexes[2].name, "by_date");
  EXPECT_EQ(orders.add_indexes[2].projection, "ALL");
}

TEST(IndexChanges, AreRefusedOnATableWhoseKeysStay) {
  try {
    ParsePlan("name = \"p\"\n[[table]]\nname = \"Payments\"\ndrop_indexes = [\"by_day\"]\n",
              "plan.toml");
    FAIL() << "parsed without an error";
  } catch (const Failure& failure) {
    EXPECT_EQ(std::string(failure.what()),
              "plan.toml:4:1: drop_indexes of table Payments changes indexes of a table whose "
              "keys stay; indexes change only when a table is re-keyed (give it a "
              "partition_key)");
  }

  try {
    ParsePlan(
        "name = \"p\"\n[[table]]\nname = \"Payments\"\n[[table.add_index]]\n"
        "name = \"by_day\"\npartition_key = { name = \"day\", type = \"S\" }\n"
        "projection = \"ALL\"\n",
        "plan.toml");
    FAIL() << "parsed without an error";
  } catch (const Failure& failure) {
    EXPECT_NE(std::string(failure.what()).find("add_index of table Payments changes indexes"),
              std::string::npos)
        << failure.what();
  }
}

TEST(IndexChanges, RejectsMalformedDrops) {
  EXPECT_EQ(ErrorFor("drop_indexes = \"by_status\"\n"),
            "plan.toml:8:16: drop_indexes of table Orders must be an array of index names such "
            "as [\"by_status\"], not a string");
  EXPECT_EQ(ErrorFor("drop_indexes = [\"a_b\", \"a_b\"]\n"),
            "plan.toml:8:24: drop_indexes of table Orders names index a_b twice");
  EXPECT_EQ(ErrorFor("drop_indexes = [3]\n"),
            "plan.toml:8:17: each entry of drop_indexes of table Orders must be a string, not an "
            "integer");
}

TEST(IndexChanges, RejectsAnUnknownKeyInAnAddedIndex) {
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by_x\"\nprojecton = \"ALL\"\n"),
            "plan.toml:10:1: unknown key \"projecton\" in index by_x of table Orders, did you "
            "mean \"projection\"?");
}

TEST(IndexChanges, RequiresANamePartitionKeyAndProjection) {
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nprojection = \"ALL\"\n"),
            "plan.toml:8:1: an [[table.add_index]] section of table Orders has no \"name\"");
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by_x\"\nprojection = \"ALL\"\n"),
            "plan.toml:8:1: index by_x of table Orders has no partition_key");
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by_x\"\n"
                     "partition_key = { name = \"x\", type = \"S\" }\n"),
            "plan.toml:8:1: index by_x of table Orders has no projection; it is \"ALL\", "
            "\"KEYS_ONLY\" or a list of attributes");
}

TEST(IndexChanges, RejectsIndexNamesDynamoDbRejects) {
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"ab\"\n"),
            "plan.toml:9:8: index name \"ab\" of table Orders is not valid: it is 2 characters "
            "long, not 3 to 255");
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by x\"\n"),
            "plan.toml:9:8: index name \"by x\" of table Orders is not valid: it holds ' '; "
            "only letters, digits, '_', '.' and '-' are allowed");
}

TEST(IndexChanges, RejectsAnIndexAddedTwice) {
  const std::string index =
      "[[table.add_index]]\nname = \"by_x\"\npartition_key = { name = \"x\", type = \"S\" }\n"
      "projection = \"ALL\"\n";
  EXPECT_EQ(ErrorFor(index + index), "plan.toml:13:8: table Orders adds index by_x twice");
}

TEST(IndexChanges, ChecksIndexKeysLikeTableKeys) {
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by_x\"\n"
                     "partition_key = { name = \"x\", type = \"SS\" }\nprojection = \"ALL\"\n"),
            "plan.toml:10:38: key type \"SS\" for partition_key of index by_x of table Orders is "
            "not one of S, N, B");
  EXPECT_EQ(ErrorFor("[[table.add_index]]\nname = \"by_x\"\n"
                     "partition_key = { name = \"x\", type = \"S\" }\n"
                     "sort_key = { name = \"x\", type = \"N\" }\nprojection = \"ALL\"\n"),
            "plan.toml:11:12: sort_key of index by_x of table Orders names the same attribute "
            "as its partition_key, \"x\"");
}

TEST(IndexChanges, RejectsProjectionsDynamoDbHasNoNameFor) {
  const std::string start =
      "[[table.add_index]]\nname = \"by_x\"\npartition_key = { name = \"x\", type = \"S\" }\n";
  EXPECT_EQ(ErrorFor(start + "projection = \"INCLUDE\"\n"),
            "plan.toml:11:14: projection of index by_x of table Orders is \"INCLUDE\", not "
            "\"ALL\", \"KEYS_ONLY\" or a list of attributes");
  EXPECT_EQ(ErrorFor(start + "projection = []\n"),
            "plan.toml:11:14: projection of index by_x of table Orders is an empty list; use "
            "\"KEYS_ONLY\" to project only the keys");
  EXPECT_EQ(ErrorFor(start + "projection = [\"a\", \"a\"]\n"),
            "plan.toml:11:20: projection of index by_x of table Orders names \"a\" twice");
  EXPECT_EQ(ErrorFor(start + "projection = 1\n"),
            "plan.toml:11:14: projection of index by_x of table Orders must be \"ALL\", "
            "\"KEYS_ONLY\" or a list of attributes, not an integer");
}

TEST(IndexChanges, RequiresBothCapacitiesOfAtLeastOne) {
  const std::string start =
      "[[table.add_index]]\nname = \"by_x\"\npartition_key = { name = \"x\", type = \"S\" }\n"
      "projection = \"ALL\"\n";
  EXPECT_EQ(ErrorFor(start + "read_capacity = 5\n"),
            "plan.toml:12:17: read_capacity and write_capacity of index by_x of table Orders go "
            "together; give both");
  EXPECT_EQ(ErrorFor(start + "read_capacity = 0\nwrite_capacity = 1\n"),
            "plan.toml:12:17: read_capacity of index by_x of table Orders is 0; it must be at "
            "least 1");
  EXPECT_EQ(ErrorFor(start + "read_capacity = 1\nwrite_capacity = \"1\"\n"),
            "plan.toml:13:18: write_capacity of index by_x of table Orders must be a whole "
            "number, not a string");
}

TEST(IndexChanges, RequiresAddIndexToBeSections) {
  EXPECT_EQ(ErrorFor("add_index = \"by_x\"\n"),
            "plan.toml:8:13: add_index of table Orders must be an array of tables, one "
            "[[table.add_index]] section per index, not a string");
}

}  // namespace
}  // namespace ddbm::plan
