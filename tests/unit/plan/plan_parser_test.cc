// Plans that parse: what each key turns into.
#include <gtest/gtest.h>

#include "plan/plan.h"

namespace ddbm::plan {
namespace {

TEST(ParsePlan, ReadsTablesKeysAndFills) {
  const Plan plan = ParsePlan(R"(
name = "chat_records"

[[table]]
name = "ChatRecordTable"
partition_key = { name = "user_id", type = "S" }
sort_key = { name = "id", type = "S" }
fill = { user_id = "public" }

[[table]]
name = "ChatResponseTable"
)",
                              "plan.toml");

  EXPECT_EQ(plan.name, "chat_records");
  EXPECT_EQ(plan.source, "plan.toml");
  ASSERT_EQ(plan.tables.size(), 2u);

  const TablePlan& records = plan.tables[0];
  EXPECT_EQ(records.plan_name, "ChatRecordTable");
  EXPECT_EQ(records.name, "ChatRecordTable");
  ASSERT_TRUE(records.new_key.has_value());
  EXPECT_EQ(records.new_key->partition, (KeyAttribute{"user_id", "S"}));
  EXPECT_EQ(records.new_key->sort, (KeyAttribute{"id", "S"}));
  ASSERT_EQ(records.fills.size(), 1u);
  EXPECT_EQ(records.fills[0].attribute, "user_id");
  EXPECT_EQ(records.fills[0].value, "public");

  const TablePlan& responses = plan.tables[1];
  EXPECT_EQ(responses.plan_name, "ChatResponseTable");
  EXPECT_FALSE(responses.new_key.has_value());
  EXPECT_TRUE(responses.fills.empty());
}

TEST(ParsePlan, KeepsTablesInFileOrder) {
  const Plan plan = ParsePlan(R"(
name = "p"
[[table]]
name = "Zebra"
[[table]]
name = "Aardvark"
[[table]]
name = "Mole"
)",
                              "plan.toml");

  ASSERT_EQ(plan.tables.size(), 3u);
  EXPECT_EQ(plan.tables[0].plan_name, "Zebra");
  EXPECT_EQ(plan.tables[1].plan_name, "Aardvark");
  EXPECT_EQ(plan.tables[2].plan_name, "Mole");
}

TEST(ParsePlan, ReadsAPartitionKeyWithoutSortKey) {
  const Plan plan = ParsePlan(R"(
name = "p"
[[table]]
name = "Orders"
partition_key = { name = "order_no", type = "N" }
)",
                              "plan.toml");

  ASSERT_TRUE(plan.tables[0].new_key.has_value());
  EXPECT_EQ(plan.tables[0].new_key->partition, (KeyAttribute{"order_no", "N"}));
  EXPECT_FALSE(plan.tables[0].new_key->sort.has_value());
}

TEST(ParsePlan, AcceptsEveryKeyType) {
  const Plan plan = ParsePlan(R"(
name = "p"
[[table]]
name = "Blobs"
partition_key = { name = "hash", type = "B" }
sort_key = { name = "version", type = "N" }
)",
                              "plan.toml");

  EXPECT_EQ(plan.tables[0].new_key->partition.type, "B");
  EXPECT_EQ(plan.tables[0].new_key->sort->type, "N");
}

TEST(ParsePlan, AcceptsKeysAsSubTablesAndDottedKeys) {
  // The same plan written three ways TOML allows must read the same.
  const Plan inline_tables = ParsePlan(R"(
name = "p"
[[table]]
name = "Chats"
partition_key = { name = "user_id", type = "S" }
sort_key = { name = "id", type = "S" }
fill = { user_id = "public" }
)",
                                       "a.toml");
  const Plan sub_tables = ParsePlan(R"(
name = "p"
[[table]]
name = "Chats"
[table.partition_key]
name = "user_id"
type = "S"
[table.sort_key]
name = "id"
type = "S"
[table.fill]
user_id = "public"
)",
                                    "b.toml");
  const Plan dotted = ParsePlan(R"(
name = "p"
[[table]]
name = "Chats"
partition_key.name = "user_id"
partition_key.type = "S"
sort_key.name = "id"
sort_key.type = "S"
fill.user_id = "public"
)",
                                "c.toml");

  for (const Plan* plan : {&sub_tables, &dotted}) {
    EXPECT_EQ(plan->tables[0].new_key, inline_tables.tables[0].new_key);
    ASSERT_EQ(plan->tables[0].fills.size(), 1u);
    EXPECT_EQ(plan->tables[0].fills[0].attribute, "user_id");
    EXPECT_EQ(plan->tables[0].fills[0].value, "public");
  }
}

TEST(ParsePlan, AcceptsTablesAsAnInlineArray) {
  const Plan plan = ParsePlan(R"(
name = "p"
table = [{ name = "First" }, { name = "Second", partition_key = { name = "k", type = "S" } }]
)",
                              "plan.toml");

  ASSERT_EQ(plan.tables.size(), 2u);
  EXPECT_EQ(plan.tables[1].new_key->partition.name, "k");
}

TEST(ParsePlan, KeepsFillsInFileOrder) {
  const Plan plan = ParsePlan(R"(
name = "p"
[[table]]
name = "Events"
partition_key = { name = "tenant", type = "S" }
sort_key = { name = "at", type = "S" }
fill = { tenant = "none", at = "1970-01-01" }
)",
                              "plan.toml");

  ASSERT_EQ(plan.tables[0].fills.size(), 2u);
  EXPECT_EQ(plan.tables[0].fills[0].attribute, "tenant");
  EXPECT_EQ(plan.tables[0].fills[1].attribute, "at");
  EXPECT_EQ(plan.tables[0].fills[1].value, "1970-01-01");
}

TEST(ParsePlan, ReadsEscapesAndUnicodeInNamesAndFills) {
  const Plan plan = ParsePlan(R"(
name = "p"
[[table]]
name = "Users"
partition_key = { name = "Grüße \"q\"", type = "S" }
fill = { "Grüße \"q\"" = "n\u00e4mlich\tweiter" }
)",
                              "plan.toml");

  EXPECT_EQ(plan.tables[0].new_key->partition.name, "Grüße \"q\"");
  EXPECT_EQ(plan.tables[0].fills[0].attribute, "Grüße \"q\"");
  EXPECT_EQ(plan.tables[0].fills[0].value, "n\xC3\xA4mlich\tweiter");
}

TEST(ParsePlan, AppliesTheFilePrefixToLiveNamesOnly) {
  const Plan plan = ParsePlan(R"(
name = "chat_records"
table_prefix = "prod-"
[[table]]
name = "ChatRecordTable"
[[table]]
name = "ChatResponseTable"
)",
                              "plan.toml");

  EXPECT_EQ(plan.name, "chat_records");
  EXPECT_EQ(plan.tables[0].plan_name, "ChatRecordTable");
  EXPECT_EQ(plan.tables[0].name, "prod-ChatRecordTable");
  EXPECT_EQ(plan.tables[1].name, "prod-ChatResponseTable");
}

TEST(ParsePlan, TreatsAnEmptyPrefixAsNone) {
  const Plan plan =
      ParsePlan("name = \"p\"\ntable_prefix = \"\"\n[[table]]\nname = \"Abc\"\n", "plan.toml");

  EXPECT_EQ(plan.tables[0].name, "Abc");
}

TEST(ParsePlan, AcceptsNamesAtTheLimits) {
  const std::string longest_table(255, 't');
  const std::string longest_plan(232, 'p');
  const std::string longest_attribute(255, 'a');
  const Plan plan =
      ParsePlan("name = \"" + longest_plan + "\"\n[[table]]\nname = \"" + longest_table +
                    "\"\n[[table]]\nname = \"a.-\"\n" + "partition_key = { name = \"" +
                    longest_attribute + "\", type = \"S\" }\n",
                "plan.toml");

  EXPECT_EQ(plan.name, longest_plan);
  EXPECT_EQ(plan.tables[0].name, longest_table);
  EXPECT_EQ(plan.tables[1].name, "a.-");
  EXPECT_EQ(plan.tables[1].new_key->partition.name, longest_attribute);
}

TEST(ParsePlan, AcceptsFillValuesAtDynamoDbsKeySizeLimits) {
  const std::string partition_value(2048, 'p');
  const std::string sort_value(1024, 's');
  const Plan plan = ParsePlan(
      "name = \"p\"\n[[table]]\nname = \"Abc\"\n"
      "partition_key = { name = \"a\", type = \"S\" }\n"
      "sort_key = { name = \"b\", type = \"S\" }\n"
      "fill = { a = \"" +
          partition_value + "\", b = \"" + sort_value + "\" }\n",
      "plan.toml");

  EXPECT_EQ(plan.tables[0].fills[0].value, partition_value);
  EXPECT_EQ(plan.tables[0].fills[1].value, sort_value);
}

TEST(ParsePlan, IgnoresCommentsAndLayout) {
  const Plan compact = ParsePlan("name=\"p\"\n[[table]]\nname=\"Abc\"", "a.toml");
  const Plan spread = ParsePlan(
      "\xEF\xBB\xBF# plan\r\n\r\nname = \"p\"  # why\r\n\r\n"
      "[[table]]  # first\r\n  name = \"Abc\"\r\n",
      "b.toml");

  EXPECT_EQ(spread.name, compact.name);
  ASSERT_EQ(spread.tables.size(), 1u);
  EXPECT_EQ(spread.tables[0].name, compact.tables[0].name);
}

TEST(FindByPlanName, FindsATableByItsPlanNameNotItsLiveName) {
  Plan plan =
      ParsePlan("name = \"p\"\ntable_prefix = \"dev-\"\n[[table]]\nname = \"Abc\"\n", "plan.toml");

  const TablePlan* found = plan.FindByPlanName("Abc");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, &plan.tables[0]);
  EXPECT_EQ(plan.FindByPlanName("dev-Abc"), nullptr);
  EXPECT_EQ(plan.FindByPlanName("abc"), nullptr);
}

}  // namespace
}  // namespace ddbm::plan
