// What an operator does around a migration: confirming at a terminal, importing into tables
// that already hold data, rolling back, and pressing Ctrl-C.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "dynamodb/client.h"
#include "local_dynamodb.h"
#include "pty_session.h"
#include "run_tool.h"
#include "table_count.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

const std::map<std::string, std::string> kCredentials = {
    {"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"}};

constexpr int kRecords = 300;

class OperatorFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tables stay CREATING/DELETING for a moment, as on the real service.
    server_ = std::make_unique<LocalDynamoDb>(
        ServerKind::kDynalite, ServerOptions{.create_table_ms = 100, .delete_table_ms = 100});
    client_ = std::make_unique<dynamodb::Client>(server_->settings());
    dataset::CreateOldSchemaTables(*client_, "ChatRecordTable", "ChatResponseTable");
    std::vector<std::string> records;
    for (int i = 0; i < kRecords; ++i) {
      records.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(*client_, "ChatRecordTable", records);
    std::vector<std::string> responses;
    for (int i = 0; i < 30; ++i) {
      responses.push_back(dataset::ChatResponse(i));
    }
    dataset::PutItems(*client_, "ChatResponseTable", responses);
    dir_ = std::filesystem::temp_directory_path() /
           ("ddbm-flow-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Args(std::vector<std::string> args) {
    args.insert(args.end(), {"--endpoint-url", server_->endpoint(), "--backup-dir", dir_.string()});
    return args;
  }

  ToolResult Run(std::vector<std::string> args) {
    ToolRun run;
    run.args = Args(std::move(args));
    run.env = kCredentials;
    return RunTool(run);
  }

  std::size_t KeyCount(const std::string& table) {
    return (*client_->DescribeTable(table))["KeySchema"].size();
  }

  std::unique_ptr<LocalDynamoDb> server_;
  std::unique_ptr<dynamodb::Client> client_;
  std::filesystem::path dir_;
};

TEST_F(OperatorFlow, TypingYesAtTheTerminalMigrates) {
  PtySession session(Args({"migrate"}), kCredentials);
  ASSERT_TRUE(session.WaitFor("Type YES")) << session.output();
  EXPECT_NE(session.output().find("ChatRecordTable: 300 items"), std::string::npos)
      << session.output();
  EXPECT_NE(session.output().find(dir_.string()), std::string::npos)
      << "the confirmation must say where the backup is:\n"
      << session.output();
  session.Type("YES");
  EXPECT_EQ(session.Finish(), 0) << session.output();
  EXPECT_EQ(KeyCount("ChatRecordTable"), 2u);
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
}

TEST_F(OperatorFlow, AnyAnswerButYesAbortsAndDeletesNothing) {
  for (const std::string answer : {"yes", "y", "", "YES please"}) {
    PtySession session(Args({"migrate"}), kCredentials);
    ASSERT_TRUE(session.WaitFor("Type YES")) << session.output();
    session.Type(answer);
    EXPECT_EQ(session.Finish(), 4) << "answer '" << answer << "'\n" << session.output();
    EXPECT_EQ(KeyCount("ChatRecordTable"), 1u);
    EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
  }
}

TEST_F(OperatorFlow, AnItemWrittenWhileTheOperatorConfirmsStopsTheDelete) {
  PtySession session(Args({"migrate"}), kCredentials);
  ASSERT_TRUE(session.WaitFor("Type YES")) << session.output();
  dataset::PutItems(*client_, "ChatRecordTable",
                    {R"({"id":{"S":"written-during-prompt"},"user_id":{"S":"gina"}})"});
  session.Type("YES");
  EXPECT_EQ(session.Finish(), 1) << session.output();
  EXPECT_NE(session.output().find("changed after the backup was taken"), std::string::npos)
      << session.output();
  EXPECT_NE(session.output().find("written-during-prompt"), std::string::npos) << session.output();
  EXPECT_EQ(KeyCount("ChatRecordTable"), 1u);
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords + 1);
}

TEST_F(OperatorFlow, AStepByStepRunLeavesBackedUpOnlyTablesAlone) {
  ASSERT_EQ(Run({"export"}).exit_code, 0);
  ASSERT_EQ(Run({"rebuild", "--yes"}).exit_code, 0);
  // The application edits a table the plan only backs up; the import must not undo that.
  dataset::PutItems(*client_, "ChatResponseTable",
                    {R"({"id":{"S":"chat-000000"},"resp_no":{"N":"0"},"text":{"S":"edited"}})"});
  ToolResult imported = Run({"import"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("ChatResponseTable: the plan only backs it up"), std::string::npos)
      << imported.err;
  std::optional<std::string> edited =
      client_->GetItem("ChatResponseTable", R"({"id":{"S":"chat-000000"},"resp_no":{"N":"0"}})");
  ASSERT_TRUE(edited.has_value());
  EXPECT_NE(edited->find("edited"), std::string::npos) << *edited;
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
}

TEST_F(OperatorFlow, ImportIntoANonEmptyTableNeedsForceAndSaysWhatWasThere) {
  ToolResult exported = Run({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  ToolResult refused = Run({"import"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("ChatRecordTable is not empty"), std::string::npos) << refused.err;

  // After a rebuild and a first import, importing again must be forced.
  ASSERT_EQ(Run({"rebuild", "--yes"}).exit_code, 0);
  ASSERT_EQ(Run({"import"}).exit_code, 0);
  ToolResult again = Run({"import"});
  EXPECT_EQ(again.exit_code, 1);
  ToolResult forced = Run({"import", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.err.find("ChatRecordTable already holds 300 items"), std::string::npos)
      << forced.err;
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
}

TEST_F(OperatorFlow, RollbackRestoresTheOriginalItemsAndRefusesToLoseNewOnes) {
  ToolResult migrated = Run({"migrate", "--yes"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  // The app writes after the migration: rolling back would lose this item.
  dataset::PutItems(*client_, "ChatRecordTable",
                    {R"({"user_id":{"S":"alice"},"id":{"S":"written-later"}})"});
  ToolResult refused = Run({"rollback", "--yes"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("written-later"), std::string::npos) << refused.err;
  EXPECT_EQ(KeyCount("ChatRecordTable"), 2u);

  ToolResult forced = Run({"rollback", "--yes", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(KeyCount("ChatRecordTable"), 1u);
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
  // The original items come back without the user_id the migration filled in.
  std::optional<std::string> record =
      client_->GetItem("ChatRecordTable", R"({"id":{"S":"rec-000000"}})");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->find("user_id"), std::string::npos) << *record;
}

TEST_F(OperatorFlow, CtrlCStopsCleanlyAndTheSameCommandFinishes) {
  PtySession session(Args({"migrate", "--yes", "--writers", "1"}), kCredentials);
  ASSERT_TRUE(session.WaitFor("importing")) << session.output();
  session.Signal(SIGINT);
  int code = session.Finish();
  if (code == 0) {
    GTEST_SKIP() << "the import finished before Ctrl-C arrived";
  }
  EXPECT_EQ(code, 130) << session.output();
  EXPECT_NE(session.output().find("run the same command again"), std::string::npos)
      << session.output();

  // From another backup directory the run cannot know the import was cut short: it must not
  // call a half-loaded table migrated.
  ToolRun elsewhere;
  elsewhere.args = {"migrate",           "--yes",        "--endpoint-url",
                    server_->endpoint(), "--backup-dir", (dir_ / "elsewhere").string()};
  std::filesystem::create_directories(dir_ / "elsewhere");
  elsewhere.env = kCredentials;
  ToolResult lost = RunTool(elsewhere);
  EXPECT_EQ(lost.exit_code, 1) << lost.err;
  EXPECT_NE(lost.err.find("no backup taken by migrate"), std::string::npos) << lost.err;

  ToolResult resumed = Run({"migrate", "--yes"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("unfinished migration"), std::string::npos) << resumed.err;
  EXPECT_EQ(CountItems(*client_, "ChatRecordTable"), kRecords);
  EXPECT_EQ(KeyCount("ChatRecordTable"), 2u);
}

}  // namespace
}  // namespace ddbm::testing
