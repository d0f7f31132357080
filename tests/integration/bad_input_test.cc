// What a user sees for the mistakes of issue 2's "bad input": one line naming what is wrong,
// a distinct non-zero exit code, and the tables untouched.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dynamodb/client.h"
#include "local_dynamodb.h"
#include "run_tool.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

const std::map<std::string, std::string> kCredentials = {
    {"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"}};

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LocalDynamoDb(ServerKind::kDynalite);
    dynamodb::Client client(server_->settings());
    dataset::CreateOldSchemaTables(client, "ChatRecordTable", "ChatResponseTable");
    std::vector<std::string> records;
    for (int i = 0; i < 60; ++i) {
      records.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(client, "ChatRecordTable", records);
  }
  static void TearDownTestSuite() { delete server_; }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ddbm-bad-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ToolResult Run(std::vector<std::string> args,
                 std::map<std::string, std::string> env = kCredentials) {
    ToolRun run;
    run.args = std::move(args);
    run.env = std::move(env);
    return RunTool(run);
  }

  // The old table is still there with its 60 items and its old key.
  void ExpectTablesUntouched() {
    dynamodb::Client client(server_->settings());
    auto description = client.DescribeTable("ChatRecordTable");
    ASSERT_TRUE(description.has_value());
    EXPECT_EQ((*description)["KeySchema"].size(), 1u);
    dynamodb::ScanRequest request;
    request.table = "ChatRecordTable";
    request.count_only = true;
    long count = 0;
    do {
      dynamodb::ScanPage page = client.Scan(request);
      count += page.count;
      request.exclusive_start_key = page.last_evaluated_key;
    } while (request.exclusive_start_key);
    EXPECT_EQ(count, 60);
  }

  static void ExpectOneErrorLine(const ToolResult& result, const std::string& needle) {
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("ddbmigrate: error: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << result.err;
  }

  static LocalDynamoDb* server_;
  std::filesystem::path dir_;
};

LocalDynamoDb* BadInput::server_ = nullptr;

TEST_F(BadInput, UnknownTableIsNamedWithASuggestion) {
  ToolResult result =
      Run({"migrate", "--yes", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string(),
           "--table", "ChatRecordTable=ChatRecordTabel"});
  ExpectOneErrorLine(result, "table ChatRecordTabel does not exist");
  EXPECT_NE(result.err.find("did you mean ChatRecordTable"), std::string::npos) << result.err;
  EXPECT_EQ(result.exit_code, 1);
  ExpectTablesUntouched();
}

TEST_F(BadInput, EndpointWhereNothingListens) {
  int port = FreeLoopbackPort();
  ToolResult result =
      Run({"migrate", "--yes", "--endpoint-url", "http://127.0.0.1:" + std::to_string(port),
           "--backup-dir", dir_.string()});
  ExpectOneErrorLine(result, "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(result.exit_code, 1);
  ExpectTablesUntouched();
}

TEST_F(BadInput, MissingCredentials) {
  ToolResult result = Run(
      {"migrate", "--yes", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()},
      {{"AWS_REGION", "us-east-1"},
       {"HOME", dir_.string()},
       {"AWS_SHARED_CREDENTIALS_FILE", (dir_ / "none").string()},
       {"AWS_CONFIG_FILE", (dir_ / "none").string()}});
  ExpectOneErrorLine(result, "credentials");
  EXPECT_EQ(result.exit_code, 1);
  ExpectTablesUntouched();
}

TEST_F(BadInput, MalformedPlanNamesFileAndLine) {
  std::filesystem::path plan = dir_ / "plan.toml";
  std::ofstream(plan) << "name = \"chat\"\n[[table]]\nname = \"ChatRecordTable\"\n"
                         "partition_key = { name = \"user_id\", type = \"X\" }\n";
  ToolResult result = Run({"migrate", "--yes", "--endpoint-url", server_->endpoint(), "--plan",
                           plan.string(), "--backup-dir", dir_.string()});
  ExpectOneErrorLine(result, "plan.toml:4");
  EXPECT_EQ(result.exit_code, 2);
  ExpectTablesUntouched();
}

TEST_F(BadInput, BackupDirWithoutBackup) {
  ToolResult result =
      Run({"import", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()});
  ExpectOneErrorLine(result, "no complete backup");
  EXPECT_EQ(result.exit_code, 1);
  ExpectTablesUntouched();
}

TEST_F(BadInput, BackupWithoutManifestIsIncompleteAndNeverUsed) {
  std::filesystem::path backup = dir_ / "chat_records_backup_20250101_000000";
  std::filesystem::create_directories(backup);
  ToolResult named = Run({"import", backup.string(), "--endpoint-url", server_->endpoint()});
  ExpectOneErrorLine(named, "incomplete");
  EXPECT_EQ(named.exit_code, 1);

  ToolResult newest = Run(
      {"rebuild", "--yes", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()});
  ExpectOneErrorLine(newest, "no complete backup");
  EXPECT_NE(newest.err.find("incomplete"), std::string::npos) << newest.err;
  ExpectTablesUntouched();
}

TEST_F(BadInput, RebuildWithoutTerminalOrYesRefuses) {
  ToolResult exported =
      Run({"export", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  ToolResult result =
      Run({"rebuild", "--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()});
  ExpectOneErrorLine(result, "not a terminal");
  EXPECT_EQ(result.exit_code, 4);
  ExpectTablesUntouched();
}

TEST_F(BadInput, MistypedCommandIsAUsageErrorWithASuggestion) {
  ToolResult result = Run({"migrat"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("did you mean migrate"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace ddbm::testing
