// Issue 3 §2: nothing is deleted until the new tables can hold every item. Each test seeds an
// old-schema ChatRecordTable with items a re-keyed table would refuse or lose, runs the tool,
// and checks what an operator relies on: exit code 3, the item named on stderr (key, backup
// file and line, reason), preflight-report.txt in the backup, and the old table untouched.
// Nothing here relies on the server refusing bad items: dynalite accepts most of them after the
// rebuild too, or counts sizes in characters, so only the tool's own checks stand between them
// and a broken table.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "backup_reader.h"
#include "dynamodb/client.h"
#include "local_dynamodb.h"
#include "table_count.h"
#include "table_reader.h"
#include "tool_on_server.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

using nlohmann::json;

constexpr int kCleanRecords = 40;
constexpr int kResponses = 12;
// DynamoDB's item limit, 400 KB, in bytes.
constexpr std::size_t kItemLimit = 409600;

json S(const std::string& value) {
  return {{"S", value}};
}

// DynamoDB's size of an item whose attributes are all strings: UTF-8 bytes of names and values.
std::size_t StringItemSize(const json& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item.items()) {
    size += name.size() + value["S"].get<std::string>().size();
  }
  return size;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Preflight : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new LocalDynamoDb(ServerKind::kDynalite); }
  static void TearDownTestSuite() { delete server_; }

  void SetUp() override {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    prefix_ = test + "-";
    backups_ = std::make_unique<ScratchDirectory>("preflight-" + test);
    client_ = std::make_unique<dynamodb::Client>(server_->settings());
  }

  std::string Records() const { return prefix_ + "ChatRecordTable"; }

  // A table of the test's own, keyed by id (S), on demand; returns its live name.
  std::string CreateTableKeyedById(const std::string& plan_name) {
    std::string table = prefix_ + plan_name;
    client_->CreateTable(
        {{"TableName", table},
         {"BillingMode", "PAY_PER_REQUEST"},
         {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
         {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}}});
    WaitUntilActive(*client_, table);  // writes to a table still CREATING are refused
    return table;
  }

  // Writes a plan file beside the backups (which it does not disturb) and returns its path.
  std::string WritePlan(const std::string& toml) {
    std::filesystem::path path = backups_->path() / "plan.toml";
    std::ofstream(path) << toml;
    return path.string();
  }

  // The chat tables in their old schema, with clean records and responses.
  void CreateChatTables() {
    dataset::CreateOldSchemaTables(*client_, Records(), prefix_ + "ChatResponseTable");
    std::vector<std::string> records;
    for (int i = 0; i < kCleanRecords; ++i) {
      records.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(*client_, Records(), records);
    std::vector<std::string> responses;
    for (int i = 0; i < kResponses; ++i) {
      responses.push_back(dataset::ChatResponse(i));
    }
    dataset::PutItems(*client_, prefix_ + "ChatResponseTable", responses);
  }

  ToolResult Migrate(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"migrate", "--yes",        "--table-prefix",
                                     prefix_,   "--backup-dir", backups_->path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunToolOn(*server_, args);
  }

  std::filesystem::path OnlyBackup() {
    std::vector<std::filesystem::path> found = BackupDirectories(backups_->path());
    EXPECT_EQ(found.size(), 1u) << "backups under " << backups_->path();
    return found.empty() ? backups_->path() : found.front();
  }

  // Where the backup holds the item with this id: "ChatRecordTable/segment-00001.json.gz line 7".
  std::string Location(const std::string& table, const std::string& id) {
    for (const BackupLine& line : ReadBackupItems(OnlyBackup(), table)) {
      if (json::parse(line.item)["id"]["S"] == id) {
        return line.file + " line " + std::to_string(line.line);
      }
    }
    ADD_FAILURE() << "the backup does not hold " << id;
    return "(not in the backup)";
  }

  // The run stopped before any delete, and named the item on stderr and in the report.
  void ExpectItemNamed(const ToolResult& result, const std::string& key_text,
                       const std::string& location, const std::string& reason) {
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_NE(result.err.find("ddbmigrate: error: "), std::string::npos) << result.err;
    EXPECT_NE(LineWith(result.err, {key_text, location + " ", reason}), "")
        << "stderr must name " << key_text << " at " << location << " with \"" << reason << "\":\n"
        << result.err;

    std::filesystem::path report = OnlyBackup() / "preflight-report.txt";
    ASSERT_TRUE(std::filesystem::exists(report)) << result.err;
    EXPECT_NE(LineWith(ReadText(report), {key_text, location + " ", reason}), "")
        << ReadText(report);
    struct stat info {};
    ASSERT_EQ(::stat(report.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << "the report names users' items: owner only";
  }

  void ExpectRecordsUntouched(long items) {
    EXPECT_EQ(KeySchemaText(*client_, Records()), "id");
    EXPECT_EQ(CountItems(*client_, Records()), items);
    EXPECT_EQ(CountItems(*client_, prefix_ + "ChatResponseTable"), kResponses);
  }

  static LocalDynamoDb* server_;
  std::string prefix_;
  std::unique_ptr<ScratchDirectory> backups_;
  std::unique_ptr<dynamodb::Client> client_;
};

LocalDynamoDb* Preflight::server_ = nullptr;

TEST_F(Preflight, UserIdThatIsANumberStopsTheMigrationAndIsNamed) {
  CreateChatTables();
  PutItem(*client_, Records(), {{"id", S("numeric-user")}, {"user_id", {{"N", "42"}}}});

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"numeric-user\"", Location("ChatRecordTable", "numeric-user"),
                  "user_id is of type N");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, UserIdThatIsAStringSetStopsTheMigrationAndIsNamed) {
  CreateChatTables();
  PutItem(*client_, Records(), {{"id", S("set-user")}, {"user_id", {{"SS", {"ann", "bo"}}}}});

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"set-user\"", Location("ChatRecordTable", "set-user"),
                  "user_id is of type SS");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, UserIdThatIsAMapStopsTheMigrationAndIsNamed) {
  CreateChatTables();
  PutItem(*client_, Records(), {{"id", S("map-user")}, {"user_id", {{"M", {{"name", S("ann")}}}}}});

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"map-user\"", Location("ChatRecordTable", "map-user"),
                  "user_id is of type M");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, IdOf1500BytesFitsThePartitionKeyButNotTheNewSortKey) {
  CreateChatTables();
  std::string id = "long-id-" + std::string(1492, 'x');
  ASSERT_EQ(id.size(), 1500u);
  PutItem(*client_, Records(), {{"id", S(id)}, {"user_id", S("ann")}});

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"long-id-xxx", Location("ChatRecordTable", id),
                  "id is 1500 bytes, over the 1024-byte limit of the sort key");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, SortKeyLimitCountsUtf8BytesNotCharacters) {
  CreateChatTables();
  std::string id;
  for (int i = 0; i < 600; ++i) {
    id += "\u00fc";  // ü: one character, two bytes
  }
  PutItem(*client_, Records(), {{"id", S(id)}});

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"\u00fc\u00fc", Location("ChatRecordTable", id),
                  "id is 1200 bytes, over the 1024-byte limit of the sort key");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, ItemThatTheFilledUserIdPushesOver400KbIsNamed) {
  CreateChatTables();
  json big = {{"id", S("big-item")}, {"payload", S("")}};
  big["payload"] = S(std::string(409590 - StringItemSize(big), 'p'));
  ASSERT_EQ(StringItemSize(big), 409590u);
  PutItem(*client_, Records(), big);
  ASSERT_EQ(CountItems(*client_, Records()), kCleanRecords + 1) << "the server took the item";

  // With `user_id: public` (13 bytes) it is 409,603 bytes: more than DynamoDB stores.
  json filled = big;
  filled["user_id"] = S("public");
  ASSERT_EQ(StringItemSize(filled), kItemLimit + 3);

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"big-item\"", Location("ChatRecordTable", "big-item"),
                  "409603 bytes");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, ItemOverTheLimitInUtf8BytesIsCaughtWhereTheServerCountsCharacters) {
  CreateChatTables();
  // 205,000 characters of two bytes each: dynalite measures 205,000 and takes it; DynamoDB
  // measures 410,000 bytes and would refuse it when the import writes it back.
  std::string text;
  for (int i = 0; i < 205000; ++i) {
    text += "\u00e9";
  }
  json item = {{"id", S("wide-item")}, {"user_id", S("ann")}, {"text", S(text)}};
  PutItem(*client_, Records(), item);

  ToolResult result = Migrate();
  ExpectItemNamed(result, "id=\"wide-item\"", Location("ChatRecordTable", "wide-item"),
                  std::to_string(StringItemSize(item)) + " bytes");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, RebuildRunsTheSameChecksOnANamedBackup) {
  CreateChatTables();
  PutItem(*client_, Records(), {{"id", S("numeric-user")}, {"user_id", {{"N", "7"}}}});
  ToolResult exported = RunToolOn(
      *server_, {"export", "--table-prefix", prefix_, "--backup-dir", backups_->path().string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  ToolResult result =
      RunToolOn(*server_, {"rebuild", "--yes", OnlyBackup().string(), "--table-prefix", prefix_});
  ExpectItemNamed(result, "id=\"numeric-user\"", Location("ChatRecordTable", "numeric-user"),
                  "user_id is of type N");
  ExpectRecordsUntouched(kCleanRecords + 1);
}

TEST_F(Preflight, TwoItemsLandingOnOneNewKeyAreBothNamed) {
  // Re-keying Users from id to email: the new key does not contain the old one, so two users
  // sharing an email would end as one item.
  std::string plan = WritePlan(
      "name = \"users\"\n\n[[table]]\nname = \"Users\"\n"
      "partition_key = { name = \"email\", type = \"S\" }\n");
  const std::string users = CreateTableKeyedById("Users");
  std::vector<std::string> items;
  for (int i = 0; i < 30; ++i) {
    std::string email = i == 17 ? "same@example.com" : "user" + std::to_string(i) + "@example.com";
    items.push_back(json({{"id", S("u-" + std::to_string(i))}, {"email", S(email)}}).dump());
  }
  items.push_back(json({{"id", S("u-dup")}, {"email", S("same@example.com")}}).dump());
  dataset::PutItems(*client_, users, items);

  ToolResult result = Migrate({"--plan", plan});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(LineWith(result.err, {Location("Users", "u-17") + " ", Location("Users", "u-dup") + " ",
                                  "id=\"u-17\"", "id=\"u-dup\"", "same@example.com"}),
            "")
      << "both items, by location and old key, and the new key they share, on one line:\n"
      << result.err;
  EXPECT_TRUE(std::filesystem::exists(OnlyBackup() / "preflight-report.txt"));
  EXPECT_EQ(KeySchemaText(*client_, users), "id");
  EXPECT_EQ(CountItems(*client_, users), 31);
}

TEST_F(Preflight, KeyOfAnAddedIndexOfTheWrongTypeOrEmptyIsNamed) {
  // The old table has no index on email, so nothing stopped these values being written; the
  // new table's index by_email would refuse them.
  std::string plan = WritePlan(
      "name = \"accounts\"\n\n[[table]]\nname = \"Accounts\"\n"
      "partition_key = { name = \"owner\", type = \"S\" }\n"
      "sort_key = { name = \"id\", type = \"S\" }\n"
      "fill = { owner = \"nobody\" }\n\n"
      "[[table.add_index]]\nname = \"by_email\"\n"
      "partition_key = { name = \"email\", type = \"S\" }\nprojection = \"KEYS_ONLY\"\n");
  const std::string accounts = CreateTableKeyedById("Accounts");
  std::vector<std::string> items;
  for (int i = 0; i < 20; ++i) {
    std::string id = "a-" + std::to_string(i);
    items.push_back(json({{"id", S(id)}, {"email", S(id + "@example.com")}}).dump());
  }
  items.push_back(json({{"id", S("a-no-email")}}).dump());  // fine: not in the sparse index
  items.push_back(json({{"id", S("a-number")}, {"email", {{"N", "5"}}}}).dump());
  items.push_back(json({{"id", S("a-empty")}, {"email", S("")}}).dump());
  dataset::PutItems(*client_, accounts, items);

  ToolResult result = Migrate({"--plan", plan});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(LineWith(result.err, {Location("Accounts", "a-number") + " ", "id=\"a-number\"",
                                  "email is of type N", "index by_email"}),
            "")
      << result.err;
  EXPECT_NE(LineWith(result.err, {Location("Accounts", "a-empty") + " ", "id=\"a-empty\"",
                                  "email is empty", "index by_email"}),
            "")
      << result.err;
  EXPECT_EQ(LineWith(result.err, {"a-no-email"}), "") << result.err;
  EXPECT_NE(LineWith(result.err, {"2 of 23"}), "") << result.err;
  EXPECT_EQ(KeySchemaText(*client_, accounts), "id");
  EXPECT_EQ(CountItems(*client_, accounts), 23);
}

TEST_F(Preflight, CleanTableWithItemsAtTheLimitsPasses) {
  CreateChatTables();
  // At the limits, not over: 409,600 bytes once filled, a 1,024-byte id.
  json big = {{"id", S("at-the-limit")}, {"payload", S("")}};
  big["payload"] = S(std::string(kItemLimit - 13 - StringItemSize(big), 'p'));
  PutItem(*client_, Records(), big);
  std::string id = "id-" + std::string(1021, 'y');
  PutItem(*client_, Records(), {{"id", S(id)}, {"user_id", {{"NULL", true}}}});

  ToolResult result = Migrate();
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_NE(LineWith(result.err, {"pre-flight", std::to_string(kCleanRecords + 2), "all fit"}), "")
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(OnlyBackup() / "preflight-report.txt"));
  EXPECT_EQ(KeySchemaText(*client_, Records()), "user_id+id");
  EXPECT_EQ(CountItems(*client_, Records()), kCleanRecords + 2);
}

}  // namespace
}  // namespace ddbm::testing
