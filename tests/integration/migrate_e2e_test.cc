// The chat migration end to end, as a user runs it: old-schema tables with every kind of
// value, `ddbmigrate migrate --yes`, then reads of our own to check each item.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "dynamodb/client.h"
#include "item/item_text.h"
#include "local_dynamodb.h"
#include "run_tool.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

constexpr int kRecords = 2000;
constexpr int kResponses = 2000;

// Digest of every item of a table, keyed by the digest so the comparison ignores order.
std::multiset<std::string> TableDigests(dynamodb::Client& client, const std::string& table) {
  std::multiset<std::string> digests;
  item::ItemInspector inspector;
  dynamodb::ScanRequest request;
  request.table = table;
  request.consistent_read = true;
  do {
    dynamodb::ScanPage page = client.Scan(request);
    for (std::string_view raw : page.items) {
      inspector.Load(raw);
      digests.insert(inspector.CanonicalDigest());
    }
    request.exclusive_start_key = page.last_evaluated_key;
  } while (request.exclusive_start_key);
  return digests;
}

std::string Digest(const std::string& raw) {
  item::ItemInspector inspector;
  inspector.Load(raw);
  return inspector.CanonicalDigest();
}

// The expected migrated record, built with nlohmann (not with the tool's own text editing):
// the original item with user_id set as the plan says.
std::string ExpectedRecord(int index) {
  nlohmann::json record = nlohmann::json::parse(dataset::ChatRecord(index));
  record["user_id"] = {{"S", dataset::ExpectedUserId(index)}};
  return record.dump();
}

class MigrateEndToEnd : public ::testing::TestWithParam<ServerKind> {};

TEST_P(MigrateEndToEnd, EveryItemArrivesWithItsUserIdAndQueriesByUserWork) {
  LocalDynamoDb server(GetParam());
  dynamodb::Client client(server.settings());
  const std::string prefix = "e2e-";
  dataset::CreateOldSchemaTables(client, prefix + "ChatRecordTable", prefix + "ChatResponseTable");
  std::vector<std::string> records;
  for (int i = 0; i < kRecords; ++i) {
    records.push_back(dataset::ChatRecord(i));
  }
  dataset::PutItems(client, prefix + "ChatRecordTable", records);
  std::vector<std::string> responses;
  for (int i = 0; i < kResponses; ++i) {
    responses.push_back(dataset::ChatResponse(i));
  }
  dataset::PutItems(client, prefix + "ChatResponseTable", responses);

  std::filesystem::path backups =
      std::filesystem::temp_directory_path() / ("ddbm-e2e-" + std::to_string(::getpid()));
  std::filesystem::create_directories(backups);
  ToolRun run;
  run.args = {"migrate",        "--yes", "--endpoint-url", server.endpoint(),
              "--table-prefix", prefix,  "--backup-dir",   backups.string()};
  run.env = {{"AWS_ACCESS_KEY_ID", "test"},
             {"AWS_SECRET_ACCESS_KEY", "test"},
             {"AWS_REGION", "us-east-1"}};
  ToolResult result = RunTool(run);
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_NE(result.out.find("migration complete"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find(server.endpoint()), std::string::npos)
      << "the run must first say which endpoint it acts on:\n"
      << result.err;

  // The new key schema, with the global secondary index kept.
  nlohmann::json description = *client.DescribeTable(prefix + "ChatRecordTable");
  nlohmann::json keys = description["KeySchema"];
  ASSERT_EQ(keys.size(), 2u);
  std::map<std::string, std::string> key_types;
  for (const auto& key : keys) {
    key_types[key["KeyType"]] = key["AttributeName"];
  }
  EXPECT_EQ(key_types["HASH"], "user_id");
  EXPECT_EQ(key_types["RANGE"], "id");
  ASSERT_TRUE(description.contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(description["GlobalSecondaryIndexes"][0]["IndexName"], "by_created_at");

  // Every record is the original plus its user_id; every response is unchanged.
  std::multiset<std::string> expected_records;
  for (int i = 0; i < kRecords; ++i) {
    expected_records.insert(Digest(ExpectedRecord(i)));
  }
  EXPECT_EQ(TableDigests(client, prefix + "ChatRecordTable"), expected_records);
  std::multiset<std::string> expected_responses;
  for (const std::string& response : responses) {
    expected_responses.insert(Digest(response));
  }
  EXPECT_EQ(TableDigests(client, prefix + "ChatResponseTable"), expected_responses);

  // A Query by user_id finds exactly that user's records, "public" included.
  for (const std::string user : {"alice", "public", "李雷"}) {
    int expected = 0;
    for (int i = 0; i < kRecords; ++i) {
      expected += dataset::ExpectedUserId(i) == user ? 1 : 0;
    }
    int found = 0;
    nlohmann::json request = {{"TableName", prefix + "ChatRecordTable"},
                              {"KeyConditionExpression", "user_id = :u"},
                              {"ExpressionAttributeValues", {{":u", {{"S", user}}}}},
                              {"Select", "COUNT"}};
    for (;;) {
      nlohmann::json page = nlohmann::json::parse(client.Query(request));
      found += page.value("Count", 0);
      if (!page.contains("LastEvaluatedKey")) {
        break;
      }
      request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
    }
    EXPECT_EQ(found, expected) << "user " << user;
  }

  // The backup is where the user expects it, complete.
  int backups_found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(backups)) {
    EXPECT_EQ(entry.path().filename().string().rfind("chat_records_backup_", 0), 0u);
    EXPECT_TRUE(std::filesystem::exists(entry.path() / "manifest.json"));
    ++backups_found;
  }
  EXPECT_EQ(backups_found, 1);
  std::filesystem::remove_all(backups);
}

INSTANTIATE_TEST_SUITE_P(Servers, MigrateEndToEnd,
                         ::testing::Values(ServerKind::kDynalite, ServerKind::kMoto),
                         [](const ::testing::TestParamInfo<ServerKind>& server) {
                           return server.param == ServerKind::kDynalite ? "dynalite" : "moto";
                         });

}  // namespace
}  // namespace ddbm::testing
