// The CreateTable request a rebuild sends, built from a backup and the plan, and the checks
// that stand in for DynamoDB's before anything is deleted.
#include "engine/create_table_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/failure.h"

namespace ddbm::engine {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// DescribeTable output of a provisioned table with every setting, as DynamoDB returns it:
// with the status, counts, ARNs and dates that CreateTable must never be sent.
json ProvisionedDescription() {
  return json::parse(R"({
    "TableName": "prod-Orders",
    "TableStatus": "ACTIVE",
    "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/prod-Orders",
    "TableId": "4f12fdbf-a30e-4b8a-6d32-3e7686ec",
    "CreationDateTime": 1709622489.123,
    "ItemCount": 12,
    "TableSizeBytes": 4096,
    "AttributeDefinitions": [
      {"AttributeName": "id", "AttributeType": "S"},
      {"AttributeName": "status", "AttributeType": "S"},
      {"AttributeName": "total", "AttributeType": "N"}
    ],
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "BillingModeSummary": {"BillingMode": "PROVISIONED"},
    "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3,
                              "NumberOfDecreasesToday": 0},
    "GlobalSecondaryIndexes": [{
      "IndexName": "by_status",
      "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "total", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
      "IndexStatus": "ACTIVE",
      "IndexArn": "arn:aws:dynamodb:us-east-1:123456789012:table/prod-Orders/index/by_status",
      "ItemCount": 12,
      "IndexSizeBytes": 100,
      "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1,
                                "NumberOfDecreasesToday": 0},
      "WarmThroughput": {"ReadUnitsPerSecond": 2, "WriteUnitsPerSecond": 1, "Status": "ACTIVE"}
    }],
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    "LatestStreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/prod-Orders/stream/x",
    "LatestStreamLabel": "x",
    "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS",
                       "KMSMasterKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc"},
    "TableClassSummary": {"TableClass": "STANDARD_INFREQUENT_ACCESS",
                          "LastUpdateDateTime": 1709622489.5},
    "DeletionProtectionEnabled": true,
    "WarmThroughput": {"ReadUnitsPerSecond": 7, "WriteUnitsPerSecond": 3, "Status": "ACTIVE"}
  })");
}

json OnDemandDescription() {
  return json::parse(R"({
    "TableName": "Events",
    "TableStatus": "ACTIVE",
    "AttributeDefinitions": [
      {"AttributeName": "n", "AttributeType": "N"},
      {"AttributeName": "day", "AttributeType": "S"},
      {"AttributeName": "at", "AttributeType": "N"}
    ],
    "KeySchema": [{"AttributeName": "n", "KeyType": "HASH"}],
    "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
    "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0,
                              "NumberOfDecreasesToday": 0},
    "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1},
    "GlobalSecondaryIndexes": [{
      "IndexName": "by_day",
      "KeySchema": [{"AttributeName": "day", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"},
      "IndexStatus": "ACTIVE",
      "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
      "OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1}
    }]
  })");
}

backup::TableBackup Backup(json description, json tags = nullptr) {
  backup::TableBackup backed_up;
  backed_up.plan_name = "Orders";
  backed_up.table_name = description.value("TableName", "");
  backed_up.description = std::move(description);
  backed_up.tags = std::move(tags);
  return backed_up;
}

plan::TablePlan Rekeyed(const std::string& name, plan::KeySchema keys) {
  plan::TablePlan table;
  table.plan_name = name;
  table.name = name;
  table.new_key = std::move(keys);
  return table;
}

plan::TablePlan OrdersByCustomer() {
  return Rekeyed("prod-Orders", {{"customer_id", "S"}, plan::KeyAttribute{"id", "S"}});
}

plan::IndexPlan Index(const std::string& name, plan::KeyAttribute partition) {
  plan::IndexPlan index;
  index.name = name;
  index.partition = std::move(partition);
  return index;
}

// The Failure (kChecksFailed) that building throws, as "fact | hint".
std::string BuildError(const backup::TableBackup& backed_up, const plan::TablePlan& table) {
  try {
    BuildCreateTableRequest(backed_up, table);
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), ExitCode::kChecksFailed);
    return std::string(failure.what()) + " | " + failure.hint();
  }
  ADD_FAILURE() << "built without an error";
  return "";
}

std::string ValidationError(const json& request) {
  try {
    ValidateCreateTableRequest(request);
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), ExitCode::kChecksFailed);
    return failure.what();
  }
  ADD_FAILURE() << "validated without an error: " << request.dump();
  return "";
}

TEST(CreateTableRequest, KeepsEverySettingOfAProvisionedTableAndNoDescribeOnlyField) {
  json tags = json::parse(R"([{"Key": "team", "Value": "chat"},
                              {"Key": "aws:cloudformation:stack-name", "Value": "s"}])");
  json request =
      BuildCreateTableRequest(Backup(ProvisionedDescription(), tags), OrdersByCustomer());

  EXPECT_EQ(request, json::parse(R"({
    "TableName": "prod-Orders",
    "KeySchema": [{"AttributeName": "customer_id", "KeyType": "HASH"},
                  {"AttributeName": "id", "KeyType": "RANGE"}],
    "AttributeDefinitions": [
      {"AttributeName": "customer_id", "AttributeType": "S"},
      {"AttributeName": "id", "AttributeType": "S"},
      {"AttributeName": "status", "AttributeType": "S"},
      {"AttributeName": "total", "AttributeType": "N"}
    ],
    "BillingMode": "PROVISIONED",
    "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
    "GlobalSecondaryIndexes": [{
      "IndexName": "by_status",
      "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "total", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
      "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}
    }],
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    "SSESpecification": {"Enabled": true, "SSEType": "KMS",
                         "KMSMasterKeyId": "arn:aws:kms:us-east-1:123456789012:key/abc"},
    "TableClass": "STANDARD_INFREQUENT_ACCESS",
    "DeletionProtectionEnabled": true,
    "Tags": [{"Key": "team", "Value": "chat"}]
  })"))
      << request.dump(2);
  ValidateCreateTableRequest(request);
}

TEST(CreateTableRequest, GivesOnDemandIndexesNoThroughputAndKeepsOnlyRealLimits) {
  plan::TablePlan events = Rekeyed("Events", {{"n", "N"}, plan::KeyAttribute{"at", "N"}});
  json request = BuildCreateTableRequest(Backup(OnDemandDescription()), events);

  EXPECT_EQ(request["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_FALSE(request.contains("ProvisionedThroughput"));
  // -1 is DescribeTable's "no limit": the same as leaving the limit out.
  EXPECT_EQ(request["OnDemandThroughput"], json::parse(R"({"MaxReadRequestUnits": 100})"));
  const json& index = request["GlobalSecondaryIndexes"][0];
  EXPECT_FALSE(index.contains("ProvisionedThroughput"));
  EXPECT_FALSE(index.contains("OnDemandThroughput"));
  EXPECT_EQ(index["Projection"], json::parse(R"({"ProjectionType": "KEYS_ONLY"})"));
  EXPECT_FALSE(request.contains("Tags"));
  EXPECT_FALSE(request.contains("StreamSpecification"));
  EXPECT_FALSE(request.contains("SSESpecification"));
  EXPECT_FALSE(request.contains("DeletionProtectionEnabled"));
  ValidateCreateTableRequest(request);
}

TEST(CreateTableRequest, KeepsANumberKeyANumber) {
  plan::TablePlan events = Rekeyed("Events", {{"n", "N"}, plan::KeyAttribute{"at", "N"}});
  json request = BuildCreateTableRequest(Backup(OnDemandDescription()), events);

  EXPECT_EQ(request["AttributeDefinitions"], json::parse(R"([
    {"AttributeName": "at", "AttributeType": "N"},
    {"AttributeName": "day", "AttributeType": "S"},
    {"AttributeName": "n", "AttributeType": "N"}
  ])"));
}

TEST(CreateTableRequest, LeavesOutDefaultEncryption) {
  json description = ProvisionedDescription();
  description["SSEDescription"] = {{"Status", "ENABLED"}, {"SSEType", "AES256"}};
  json request = BuildCreateTableRequest(Backup(description), OrdersByCustomer());
  EXPECT_FALSE(request.contains("SSESpecification"));
}

TEST(CreateTableRequest, RefusesAnIndexKeyWhoseTypeClashesWithTheNewKey) {
  plan::TablePlan table = Rekeyed("prod-Orders", {{"total", "S"}, std::nullopt});
  EXPECT_EQ(BuildError(Backup(ProvisionedDescription()), table),
            "table prod-Orders: attribute total is type S in the new key but type N in index "
            "by_status | ");
}

TEST(CreateTableRequest, RefusesALocalIndexOnTheOldPartitionKeyUnlessDropped) {
  json description = ProvisionedDescription();
  description["KeySchema"].push_back({{"AttributeName", "total"}, {"KeyType", "RANGE"}});
  description["LocalSecondaryIndexes"] = json::parse(R"([{
    "IndexName": "by_id_status",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                  {"AttributeName": "status", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "ALL"},
    "IndexSizeBytes": 0, "ItemCount": 0
  }])");
  plan::TablePlan table = OrdersByCustomer();
  EXPECT_EQ(BuildError(Backup(description), table),
            "table prod-Orders: local secondary index by_id_status is partitioned by id, which "
            "is no longer the table's partition key customer_id | drop it with drop_indexes = "
            "[\"by_id_status\"] in the plan (a global index can take its place through "
            "[[table.add_index]]); nothing was changed");

  table.drop_indexes = {"by_id_status"};
  json request = BuildCreateTableRequest(Backup(description), table);
  EXPECT_FALSE(request.contains("LocalSecondaryIndexes"));
  ValidateCreateTableRequest(request);
}

TEST(CreateTableRequest, KeepsALocalIndexOnTheNewPartitionKey) {
  json description = ProvisionedDescription();
  description["KeySchema"] = json::parse(R"([{"AttributeName": "id", "KeyType": "HASH"},
                                             {"AttributeName": "total", "KeyType": "RANGE"}])");
  description["LocalSecondaryIndexes"] = json::parse(R"([{
    "IndexName": "by_status",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                  {"AttributeName": "status", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"}
  }])");
  description.erase("GlobalSecondaryIndexes");
  plan::TablePlan table = Rekeyed("prod-Orders", {{"id", "S"}, plan::KeyAttribute{"at", "N"}});
  json request = BuildCreateTableRequest(Backup(description), table);

  EXPECT_EQ(request["LocalSecondaryIndexes"], json::parse(R"([{
    "IndexName": "by_status",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                  {"AttributeName": "status", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"}
  }])"));
  ValidateCreateTableRequest(request);
}

TEST(CreateTableRequest, DropsAndAddsIndexesAsThePlanSays) {
  plan::TablePlan table = OrdersByCustomer();
  table.drop_indexes = {"by_status"};
  plan::IndexPlan by_email = Index("by_email", {"email", "S"});
  by_email.projection = "INCLUDE";
  by_email.non_key_attributes = {"name"};
  plan::IndexPlan by_total = Index("by_total", {"customer_id", "S"});
  by_total.sort = plan::KeyAttribute{"total", "N"};
  by_total.projection = "KEYS_ONLY";
  by_total.read_capacity = 9;
  by_total.write_capacity = 4;
  table.add_indexes = {by_email, by_total};

  json request = BuildCreateTableRequest(Backup(ProvisionedDescription()), table);
  EXPECT_EQ(request["GlobalSecondaryIndexes"], json::parse(R"([{
    "IndexName": "by_email",
    "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["name"]},
    "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}
  }, {
    "IndexName": "by_total",
    "KeySchema": [{"AttributeName": "customer_id", "KeyType": "HASH"},
                  {"AttributeName": "total", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"},
    "ProvisionedThroughput": {"ReadCapacityUnits": 9, "WriteCapacityUnits": 4}
  }])"))
      << request.dump(2);
  // status was only the dropped index's key: no definition may be left for it.
  EXPECT_EQ(request["AttributeDefinitions"], json::parse(R"([
    {"AttributeName": "customer_id", "AttributeType": "S"},
    {"AttributeName": "email", "AttributeType": "S"},
    {"AttributeName": "id", "AttributeType": "S"},
    {"AttributeName": "total", "AttributeType": "N"}
  ])"));
  ValidateCreateTableRequest(request);
}

TEST(CreateTableRequest, ReplacesAnIndexDroppedAndAddedUnderOneName) {
  plan::TablePlan table = OrdersByCustomer();
  table.drop_indexes = {"by_status"};
  table.add_indexes = {Index("by_status", {"status", "S"})};

  json request = BuildCreateTableRequest(Backup(ProvisionedDescription()), table);
  ASSERT_EQ(request["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(request["GlobalSecondaryIndexes"][0]["KeySchema"].size(), 1u);
  EXPECT_EQ(request["GlobalSecondaryIndexes"][0]["Projection"]["ProjectionType"], "ALL");
}

TEST(CreateTableRequest, RefusesToDropAnIndexTheTableDoesNotHave) {
  plan::TablePlan table = OrdersByCustomer();
  table.drop_indexes = {"by_stauts"};
  EXPECT_EQ(BuildError(Backup(ProvisionedDescription()), table),
            "table prod-Orders: drop_indexes names index by_stauts, which the backed-up table "
            "does not have (its indexes: by_status) | correct drop_indexes in the plan; nothing "
            "was changed");
}

TEST(CreateTableRequest, RefusesToAddAnIndexTheTableAlreadyHas) {
  plan::TablePlan table = OrdersByCustomer();
  table.add_indexes = {Index("by_status", {"status", "S"})};
  EXPECT_EQ(BuildError(Backup(ProvisionedDescription()), table),
            "table prod-Orders: add_index by_status: the table already has an index named "
            "by_status | to replace it, also name it in drop_indexes; nothing was changed");
}

TEST(CreateTableRequest, RefusesCapacitiesForAnIndexOfAnOnDemandTable) {
  plan::TablePlan table = Rekeyed("Events", {{"n", "N"}, plan::KeyAttribute{"at", "N"}});
  plan::IndexPlan index = Index("by_at", {"at", "N"});
  index.read_capacity = 1;
  index.write_capacity = 1;
  table.add_indexes = {index};
  EXPECT_THAT(BuildError(Backup(OnDemandDescription()), table),
              HasSubstr("table Events: add_index by_at gives read_capacity and write_capacity, "
                        "but the table is billed on demand (PAY_PER_REQUEST)"));
}

TEST(CreateTableRequest, RefusesAnAddedIndexKeyOfAnotherTypeThanTheTableKey) {
  plan::TablePlan table = OrdersByCustomer();
  table.add_indexes = {Index("by_customer_number", {"customer_id", "N"})};
  EXPECT_EQ(BuildError(Backup(ProvisionedDescription()), table),
            "table prod-Orders: attribute customer_id is type S in the new key but type N in "
            "index by_customer_number | ");
}

// ValidateCreateTableRequest, rule by rule, starting from a request that passes.
class ValidateRequest : public ::testing::Test {
 protected:
  json request = BuildCreateTableRequest(Backup(ProvisionedDescription()), OrdersByCustomer());
};

TEST_F(ValidateRequest, RefusesADescribeOnlyField) {
  request["TableStatus"] = "ACTIVE";
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: the request carries TableStatus, which CreateTable does not take");
  request.erase("TableStatus");
  request["GlobalSecondaryIndexes"][0]["IndexStatus"] = "ACTIVE";
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: global secondary index by_status carries IndexStatus, which "
            "CreateTable does not take");
}

TEST_F(ValidateRequest, RequiresEveryKeyAttributeDefinedOnce) {
  json undefined = request;
  undefined["AttributeDefinitions"].erase(3);  // total, the index's sort key
  EXPECT_EQ(ValidationError(undefined),
            "table prod-Orders: key attribute total has no entry in AttributeDefinitions");

  json twice = request;
  twice["AttributeDefinitions"].push_back({{"AttributeName", "id"}, {"AttributeType", "S"}});
  EXPECT_EQ(ValidationError(twice),
            "table prod-Orders: attribute id is defined twice in AttributeDefinitions");

  json unused = request;
  unused["AttributeDefinitions"].push_back({{"AttributeName", "x"}, {"AttributeType", "S"}});
  EXPECT_THAT(ValidationError(unused),
              HasSubstr("attribute x is defined in AttributeDefinitions but is no key"));

  json typed = request;
  typed["AttributeDefinitions"][0]["AttributeType"] = "SS";
  EXPECT_THAT(ValidationError(typed), HasSubstr("is defined with type \"SS\", not S, N or B"));
}

TEST_F(ValidateRequest, RequiresAHashKeyFirst) {
  std::swap(request["KeySchema"][0], request["KeySchema"][1]);
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: the key schema of the table must list its HASH key first, then "
            "a RANGE key");
}

TEST_F(ValidateRequest, AllowsAtMostTwentyGlobalIndexes) {
  json template_index = request["GlobalSecondaryIndexes"][0];
  for (int i = 0; i < 20; ++i) {
    json index = template_index;
    index["IndexName"] = "extra_" + std::to_string(i);
    request["GlobalSecondaryIndexes"].push_back(index);
  }
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: it has 21 global secondary indexes; DynamoDB allows at most 20");
}

TEST_F(ValidateRequest, RefusesTwoIndexesOfOneName) {
  request["GlobalSecondaryIndexes"].push_back(request["GlobalSecondaryIndexes"][0]);
  EXPECT_EQ(ValidationError(request), "table prod-Orders: two indexes are named by_status");
}

TEST_F(ValidateRequest, AllowsLocalIndexesOnlyWithATableSortKeyAndOnItsPartitionKey) {
  json local = json::parse(R"({
    "IndexName": "by_total",
    "KeySchema": [{"AttributeName": "customer_id", "KeyType": "HASH"},
                  {"AttributeName": "total", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "ALL"}
  })");
  request["LocalSecondaryIndexes"] = json::array({local});
  ValidateCreateTableRequest(request);

  json no_sort = request;
  no_sort["KeySchema"].erase(1);
  no_sort["AttributeDefinitions"].erase(1);  // id
  EXPECT_EQ(ValidationError(no_sort),
            "table prod-Orders: it has local secondary indexes but no sort key; local indexes "
            "need a table with a sort key");

  json other_partition = request;
  other_partition["LocalSecondaryIndexes"][0]["KeySchema"][0]["AttributeName"] = "status";
  EXPECT_EQ(ValidationError(other_partition),
            "table prod-Orders: local secondary index by_total must have the table's partition "
            "key customer_id and a sort key");

  json six = request;
  for (int i = 0; i < 5; ++i) {
    local["IndexName"] = "local_" + std::to_string(i);
    six["LocalSecondaryIndexes"].push_back(local);
  }
  EXPECT_EQ(ValidationError(six),
            "table prod-Orders: it has 6 local secondary indexes; DynamoDB allows at most 5");

  json with_throughput = request;
  with_throughput["LocalSecondaryIndexes"][0]["ProvisionedThroughput"] =
      request["ProvisionedThroughput"];
  EXPECT_THAT(ValidationError(with_throughput),
              HasSubstr("local secondary index by_total carries ProvisionedThroughput"));
}

TEST_F(ValidateRequest, AllowsNonKeyAttributesOnlyWithInclude) {
  request["GlobalSecondaryIndexes"][0]["Projection"]["ProjectionType"] = "ALL";
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: global secondary index by_status lists NonKeyAttributes with "
            "projection ALL; only an INCLUDE projection takes them");

  request["GlobalSecondaryIndexes"][0]["Projection"] = {{"ProjectionType", "INCLUDE"}};
  EXPECT_THAT(ValidationError(request), HasSubstr("an INCLUDE projection without"));
}

TEST_F(ValidateRequest, AllowsAtMostAHundredProjectedAttributes) {
  json attributes = json::array();
  for (int i = 0; i < 101; ++i) {
    attributes.push_back("a" + std::to_string(i));
  }
  request["GlobalSecondaryIndexes"][0]["Projection"]["NonKeyAttributes"] = attributes;
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: its indexes project 101 distinct non-key attributes; DynamoDB "
            "allows at most 100");
}

TEST_F(ValidateRequest, RequiresThroughputOfAtLeastOneOnAProvisionedTable) {
  json zero = request;
  zero["ProvisionedThroughput"]["ReadCapacityUnits"] = 0;
  EXPECT_EQ(ValidationError(zero),
            "table prod-Orders: the table needs ReadCapacityUnits of at least 1 on a "
            "provisioned table");

  json missing = request;
  missing["GlobalSecondaryIndexes"][0].erase("ProvisionedThroughput");
  EXPECT_EQ(ValidationError(missing),
            "table prod-Orders: global secondary index by_status has no ProvisionedThroughput, "
            "which a provisioned table needs");

  json limits = request;
  limits["OnDemandThroughput"] = {{"MaxReadRequestUnits", 5}};
  EXPECT_THAT(ValidationError(limits), HasSubstr("carries OnDemandThroughput"));
}

TEST_F(ValidateRequest, RefusesThroughputOnAnOnDemandTable) {
  request["BillingMode"] = "PAY_PER_REQUEST";
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: the table carries ProvisionedThroughput, but the table is billed "
            "on demand");
  request.erase("ProvisionedThroughput");
  EXPECT_EQ(ValidationError(request),
            "table prod-Orders: global secondary index by_status carries ProvisionedThroughput, "
            "but the table is billed on demand");
}

TEST_F(ValidateRequest, RequiresAKnownStreamView) {
  request["StreamSpecification"]["StreamViewType"] = "EVERYTHING";
  EXPECT_THAT(ValidationError(request), HasSubstr("its stream has view type \"EVERYTHING\""));
}

TEST_F(ValidateRequest, ChecksTags) {
  ASSERT_FALSE(request.contains("Tags"));
  json reserved = request;
  reserved["Tags"].push_back({{"Key", "aws:x"}, {"Value", ""}});
  EXPECT_EQ(ValidationError(reserved),
            "table prod-Orders: tag aws:x uses the prefix aws:, which AWS keeps for itself");

  json many = request;
  for (int i = 0; i < 51; ++i) {
    many["Tags"].push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  }
  EXPECT_EQ(ValidationError(many), "table prod-Orders: it has 51 tags; DynamoDB allows at most 50");

  // 128 characters of two bytes each are within the limit, which counts characters.
  json wide = request;
  std::string key;
  for (int i = 0; i < 128; ++i) {
    key += "\xC3\xA9";
  }
  wide["Tags"].push_back({{"Key", key}, {"Value", ""}});
  ValidateCreateTableRequest(wide);
  wide["Tags"].back()["Key"] = key + "x";
  EXPECT_THAT(ValidationError(wide), HasSubstr("is not 1 to 128 characters long"));
}

}  // namespace
}  // namespace ddbm::engine
