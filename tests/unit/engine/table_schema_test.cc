#include "engine/table_schema.h"

#include <gtest/gtest.h>

#include "common/failure.h"
#include "engine/reporter.h"

namespace ddbm::engine {
namespace {

nlohmann::json ChatRecordDescription() {
  return nlohmann::json::parse(R"({
    "TableName": "ChatRecordTable",
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                             {"AttributeName": "n", "AttributeType": "N"}],
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]})");
}

TEST(TableSchemaTest, ReadsKeysWithTheirTypes) {
  plan::KeySchema schema = KeySchemaOf(ChatRecordDescription());
  EXPECT_EQ(schema.partition, (plan::KeyAttribute{"id", "S"}));
  EXPECT_FALSE(schema.sort.has_value());
  EXPECT_EQ(FormatKeySchema(schema), "id (S)");
}

TEST(TableSchemaTest, TheChatPlanChangesTheRecordTableOnce) {
  plan::Plan plan = plan::DefaultPlan();
  const plan::TablePlan& records = *plan.FindByPlanName("ChatRecordTable");
  EXPECT_TRUE(KeySchemaChanges(records, ChatRecordDescription()));

  nlohmann::json migrated = ChatRecordDescription();
  migrated["AttributeDefinitions"].push_back(
      {{"AttributeName", "user_id"}, {"AttributeType", "S"}});
  migrated["KeySchema"] = nlohmann::json::parse(
      R"([{"AttributeName":"user_id","KeyType":"HASH"},{"AttributeName":"id","KeyType":"RANGE"}])");
  EXPECT_FALSE(KeySchemaChanges(records, migrated));
  EXPECT_EQ(FormatKeySchema(KeySchemaOf(migrated)), "user_id (S) + id (S)");
}

TEST(TableSchemaTest, AKeyWithoutADefinitionIsAFailureNamingIt) {
  nlohmann::json broken = ChatRecordDescription();
  broken["KeySchema"][0]["AttributeName"] = "ghost";
  try {
    KeySchemaOf(broken);
    FAIL();
  } catch (const Failure& failure) {
    EXPECT_NE(std::string(failure.what()).find("ghost"), std::string::npos);
  }
}

TEST(ReporterTest, GroupsThousandsAndScalesBytes) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(12004), "12,004");
  EXPECT_EQ(WithThousands(1234567890), "1,234,567,890");
  EXPECT_EQ(HumanBytes(812), "812 B");
  EXPECT_EQ(HumanBytes(1536), "1.5 KiB");
  EXPECT_EQ(HumanBytes(3ULL << 30), "3.0 GiB");
}

}  // namespace
}  // namespace ddbm::engine
