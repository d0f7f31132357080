// ApplyTableNames: a command-line prefix and PlanName=LiveName overrides.
#include <gtest/gtest.h>

#include "common/failure.h"
#include "plan/plan.h"

namespace ddbm::plan {
namespace {

Plan TwoTables(const std::string& file_prefix = "") {
  return ParsePlan("name = \"chat_records\"\ntable_prefix = \"" + file_prefix +
                       "\"\n[[table]]\nname = \"ChatRecordTable\"\n"
                       "[[table]]\nname = \"ChatResponseTable\"\n",
                   "plan.toml");
}

std::vector<std::string> LiveNames(const Plan& plan) {
  std::vector<std::string> names;
  for (const TablePlan& table : plan.tables) {
    names.push_back(table.name);
  }
  return names;
}

// The message of the Failure ApplyTableNames throws; the plan must come out unchanged.
std::string ErrorFor(Plan plan, const std::string& prefix,
                     const std::vector<std::string>& overrides) {
  const std::vector<std::string> before = LiveNames(plan);
  try {
    ApplyTableNames(plan, prefix, overrides);
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), ExitCode::kUsage);
    EXPECT_EQ(LiveNames(plan), before) << "a failed ApplyTableNames changed the plan";
    return failure.what();
  }
  ADD_FAILURE() << "applied without an error";
  return "";
}

TEST(ApplyTableNames, LeavesNamesAloneWithoutPrefixOrOverrides) {
  Plan plan = TwoTables("dev-");
  ApplyTableNames(plan, "", {});

  EXPECT_EQ(LiveNames(plan),
            (std::vector<std::string>{"dev-ChatRecordTable", "dev-ChatResponseTable"}));
}

TEST(ApplyTableNames, PutsThePrefixBeforeEveryTable) {
  Plan plan = TwoTables();
  ApplyTableNames(plan, "prod-", {});

  EXPECT_EQ(LiveNames(plan),
            (std::vector<std::string>{"prod-ChatRecordTable", "prod-ChatResponseTable"}));
  EXPECT_EQ(plan.tables[0].plan_name, "ChatRecordTable");
}

TEST(ApplyTableNames, ReplacesTheFilePrefix) {
  Plan plan = TwoTables("dev-");
  ApplyTableNames(plan, "prod-", {});

  EXPECT_EQ(LiveNames(plan),
            (std::vector<std::string>{"prod-ChatRecordTable", "prod-ChatResponseTable"}));
}

TEST(ApplyTableNames, GivesTheSameNamesWhenAppliedAgain) {
  Plan plan = TwoTables();
  ApplyTableNames(plan, "prod-", {"ChatResponseTable=responses-v2"});
  const std::vector<std::string> once = LiveNames(plan);
  ApplyTableNames(plan, "prod-", {"ChatResponseTable=responses-v2"});

  EXPECT_EQ(LiveNames(plan), once);
  EXPECT_EQ(once, (std::vector<std::string>{"prod-ChatRecordTable", "responses-v2"}));
}

TEST(ApplyTableNames, OverrideNamesTheLiveTableExactlyAfterThePrefix) {
  Plan plan = TwoTables("dev-");
  ApplyTableNames(plan, "prod-", {"ChatRecordTable=legacy.chat_records"});

  EXPECT_EQ(LiveNames(plan),
            (std::vector<std::string>{"legacy.chat_records", "prod-ChatResponseTable"}));
  const TablePlan* records = plan.FindByPlanName("ChatRecordTable");
  ASSERT_NE(records, nullptr);
  EXPECT_EQ(records->name, "legacy.chat_records");
}

TEST(ApplyTableNames, AcceptsOverridesForEveryTable) {
  Plan plan = TwoTables();
  ApplyTableNames(plan, "", {"ChatResponseTable=b-responses", "ChatRecordTable=a-records"});

  EXPECT_EQ(LiveNames(plan), (std::vector<std::string>{"a-records", "b-responses"}));
}

TEST(ApplyTableNames, AllowsSwappingTwoTablesNames) {
  Plan plan = TwoTables();
  ApplyTableNames(plan, "",
                  {"ChatRecordTable=ChatResponseTable", "ChatResponseTable=ChatRecordTable"});

  EXPECT_EQ(LiveNames(plan), (std::vector<std::string>{"ChatResponseTable", "ChatRecordTable"}));
}

TEST(ApplyTableNames, KeepsEverythingAfterTheFirstEqualsSignInTheLiveName) {
  // Not a valid table name, so it fails; but it must fail as a name, not as a malformed override.
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"ChatRecordTable=a=b"}),
            "table name \"a=b\" from override \"ChatRecordTable=a=b\" is not a valid DynamoDB "
            "table name: it holds '='; only letters, digits, '_', '.' and '-' are allowed");
}

TEST(ApplyTableNames, RejectsAMalformedOverride) {
  for (const std::string text : {"ChatRecordTable", "=x-records", "ChatRecordTable=", "="}) {
    EXPECT_EQ(ErrorFor(TwoTables(), "", {text}),
              "table name override \"" + text + "\" is not of the form PlanName=LiveName");
  }
}

TEST(ApplyTableNames, SuggestsThePlanNameAMistypedOverrideMeans) {
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"ChatRecordTabel=records"}),
            "table name override \"ChatRecordTabel=records\" names no table of plan "
            "chat_records, did you mean ChatRecordTable?");
}

TEST(ApplyTableNames, ListsThePlansTablesWhenNoneIsClose) {
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"Orders=orders"}),
            "table name override \"Orders=orders\" names no table of plan chat_records; its "
            "tables are ChatRecordTable, ChatResponseTable");
}

TEST(ApplyTableNames, MatchesOverridesByPlanNameNotLiveName) {
  EXPECT_EQ(ErrorFor(TwoTables("dev-"), "", {"dev-ChatRecordTable=records"}),
            "table name override \"dev-ChatRecordTable=records\" names no table of plan "
            "chat_records, did you mean ChatRecordTable?");
}

TEST(ApplyTableNames, RejectsTwoOverridesForOneTable) {
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"ChatRecordTable=a-records", "ChatRecordTable=b-records"}),
            "table ChatRecordTable is overridden twice: \"ChatRecordTable=a-records\" and "
            "\"ChatRecordTable=b-records\"");
}

TEST(ApplyTableNames, RejectsAnInvalidPrefix) {
  EXPECT_EQ(ErrorFor(TwoTables(), "prod/", {}),
            "table prefix \"prod/\" is not valid: it holds '/'; only letters, digits, '_', '.' "
            "and '-' are allowed");
}

TEST(ApplyTableNames, RejectsAPrefixThatMakesANameTooLong) {
  // 240 + 15 characters is DynamoDB's limit exactly; 240 + 17 is two too many.
  const std::string prefix(240, 'p');
  EXPECT_EQ(ErrorFor(TwoTables(), prefix, {}),
            "table name \"" + prefix + "ChatResponseTable\" (table prefix \"" + prefix +
                "\" and ChatResponseTable) is not a valid DynamoDB table name: it is 257 "
                "characters long, not 3 to 255");
}

TEST(ApplyTableNames, RejectsAnInvalidLiveName) {
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"ChatRecordTable=ab"}),
            "table name \"ab\" from override \"ChatRecordTable=ab\" is not a valid DynamoDB "
            "table name: it is 2 characters long, not 3 to 255");
}

TEST(ApplyTableNames, RejectsTwoTablesOnOneLiveTable) {
  EXPECT_EQ(ErrorFor(TwoTables(), "", {"ChatResponseTable=ChatRecordTable"}),
            "tables ChatRecordTable and ChatResponseTable would both be the live table "
            "ChatRecordTable");
}

}  // namespace
}  // namespace ddbm::plan
