#include <gtest/gtest.h>

#include "plan/plan.h"

namespace ddbm::plan {
namespace {

// item::FillRule has no operator==, so tables are compared field by field.
void ExpectSameTables(const std::vector<TablePlan>& actual,
                      const std::vector<TablePlan>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].plan_name, expected[i].plan_name);
    EXPECT_EQ(actual[i].name, expected[i].name);
    EXPECT_EQ(actual[i].new_key, expected[i].new_key);
    ASSERT_EQ(actual[i].fills.size(), expected[i].fills.size());
    for (std::size_t j = 0; j < actual[i].fills.size(); ++j) {
      EXPECT_EQ(actual[i].fills[j].attribute, expected[i].fills[j].attribute);
      EXPECT_EQ(actual[i].fills[j].value, expected[i].fills[j].value);
    }
  }
}

TEST(DefaultPlan, EqualsTheBuiltInTomlParsed) {
  const Plan parsed = ParsePlan(DefaultPlanToml(), "built-in");
  const Plan plan = DefaultPlan();

  EXPECT_EQ(plan.name, parsed.name);
  EXPECT_EQ(plan.source, "built-in");
  EXPECT_EQ(plan.source, parsed.source);
  ExpectSameTables(plan.tables, parsed.tables);
}

TEST(DefaultPlan, MovesChatRecordsToUserIdAndIdFillingPublic) {
  const Plan plan = DefaultPlan();
  EXPECT_EQ(plan.name, "chat_records");
  ASSERT_EQ(plan.tables.size(), 2u);

  const TablePlan& records = plan.tables[0];
  EXPECT_EQ(records.plan_name, "ChatRecordTable");
  EXPECT_EQ(records.name, "ChatRecordTable");
  EXPECT_EQ(records.new_key, (KeySchema{{"user_id", "S"}, KeyAttribute{"id", "S"}}));
  ASSERT_EQ(records.fills.size(), 1u);
  EXPECT_EQ(records.fills[0].attribute, "user_id");
  EXPECT_EQ(records.fills[0].value, "public");
}

TEST(DefaultPlan, OnlyBacksUpChatResponses) {
  const Plan plan = DefaultPlan();
  const TablePlan* responses = plan.FindByPlanName("ChatResponseTable");

  ASSERT_NE(responses, nullptr);
  EXPECT_EQ(responses->name, "ChatResponseTable");
  EXPECT_FALSE(responses->new_key.has_value());
  EXPECT_TRUE(responses->fills.empty());
}

TEST(DefaultPlan, TomlIsReadableAsAPlanFileWouldBe) {
  // `plan --print-default > plan.toml` must give a file that reads back to the same plan.
  const std::string text = DefaultPlanToml();
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("name = \"chat_records\""), std::string::npos);
  ExpectSameTables(ParsePlan(text, "plan.toml").tables, DefaultPlan().tables);
}

}  // namespace
}  // namespace ddbm::plan
