// Issue 3 §6: a backup that has been damaged is never used. One export is taken; each test
// damages a copy of it the way a disk, a transfer or another tool version would, then runs
// `import` (into empty tables of the new schema, as after a rebuild) and `rebuild --yes` (on the
// live old-schema tables) against it. Both must fail with exit 1 naming the file or the problem,
// and neither may write or delete anything.
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

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kRecords = 300;
constexpr int kResponses = 90;
// Live old-schema tables the rebuild must leave alone.
const std::string kSource = "src-";

// Empty tables with the schema the chat plan migrates to, as a rebuild leaves them.
void CreateNewSchemaTables(dynamodb::Client& client, const std::string& prefix) {
  client.CreateTable({{"TableName", prefix + "ChatRecordTable"},
                      {"BillingMode", "PAY_PER_REQUEST"},
                      {"AttributeDefinitions",
                       {{{"AttributeName", "user_id"}, {"AttributeType", "S"}},
                        {{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                      {"KeySchema",
                       {{{"AttributeName", "user_id"}, {"KeyType", "HASH"}},
                        {{"AttributeName", "id"}, {"KeyType", "RANGE"}}}}});
  client.CreateTable({{"TableName", prefix + "ChatResponseTable"},
                      {"BillingMode", "PAY_PER_REQUEST"},
                      {"AttributeDefinitions",
                       {{{"AttributeName", "id"}, {"AttributeType", "S"}},
                        {{"AttributeName", "resp_no"}, {"AttributeType", "N"}}}},
                      {"KeySchema",
                       {{{"AttributeName", "id"}, {"KeyType", "HASH"}},
                        {{"AttributeName", "resp_no"}, {"KeyType", "RANGE"}}}}});
  WaitUntilActive(client, prefix + "ChatRecordTable");
  WaitUntilActive(client, prefix + "ChatResponseTable");
}

class BackupIntegrity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LocalDynamoDb(ServerKind::kDynalite);
    pristine_ = new ScratchDirectory("integrity-pristine");
    dynamodb::Client client(server_->settings());
    dataset::CreateOldSchemaTables(client, kSource + "ChatRecordTable",
                                   kSource + "ChatResponseTable");
    std::vector<std::string> items;
    for (int i = 0; i < kRecords; ++i) {
      items.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(client, kSource + "ChatRecordTable", items);
    items.clear();
    for (int i = 0; i < kResponses; ++i) {
      items.push_back(dataset::ChatResponse(i));
    }
    dataset::PutItems(client, kSource + "ChatResponseTable", items);

    // Four segments: several data files, so one can be damaged while the others are fine.
    ToolResult exported =
        RunToolOn(*server_, {"export", "--segments", "4", "--table-prefix", kSource, "--backup-dir",
                             (pristine_->path() / "root").string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
  }
  static void TearDownTestSuite() {
    delete pristine_;
    delete server_;
  }

  void SetUp() override {
    test_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    scratch_ = std::make_unique<ScratchDirectory>("integrity-" + test_);
    client_ = std::make_unique<dynamodb::Client>(server_->settings());
  }

  static fs::path PristineBackup() {
    std::vector<fs::path> found = BackupDirectories(pristine_->path() / "root");
    return found.size() == 1 ? found[0] : fs::path();
  }

  // A copy of the export under this test's own root, same name, ready to be damaged.
  fs::path CopyOfBackup() {
    fs::path copy = scratch_->path() / "root" / PristineBackup().filename();
    fs::create_directories(copy.parent_path());
    fs::copy(PristineBackup(), copy, fs::copy_options::recursive);
    return copy;
  }

  // The largest data file of ChatRecordTable, relative to the backup.
  static std::string LargestRecordFile(const fs::path& backup) {
    std::string largest;
    std::uintmax_t size = 0;
    for (const auto& entry : fs::directory_iterator(backup / "ChatRecordTable")) {
      if (entry.file_size() > size) {
        size = entry.file_size();
        largest = "ChatRecordTable/" + entry.path().filename().string();
      }
    }
    return largest;
  }

  // `import` of the damaged backup into empty new-schema tables and `rebuild --yes` of the
  // live old-schema tables both refuse it with an error line holding every one of `needles`,
  // and change nothing.
  void ExpectRefusedEverywhere(const fs::path& backup, std::vector<std::string> needles) {
    needles.insert(needles.begin(), "ddbmigrate: error: ");
    const std::string target = test_ + "-";
    CreateNewSchemaTables(*client_, target);
    ToolResult imported =
        RunToolOn(*server_, {"import", backup.string(), "--table-prefix", target});
    EXPECT_EQ(imported.exit_code, 1) << imported.err;
    EXPECT_NE(LineWith(imported.err, needles), "") << imported.err;
    EXPECT_EQ(CountItems(*client_, target + "ChatRecordTable"), 0) << "nothing imported";
    EXPECT_EQ(CountItems(*client_, target + "ChatResponseTable"), 0) << "nothing imported";

    ToolResult rebuilt =
        RunToolOn(*server_, {"rebuild", "--yes", backup.string(), "--table-prefix", kSource});
    EXPECT_EQ(rebuilt.exit_code, 1) << rebuilt.err;
    EXPECT_NE(LineWith(rebuilt.err, needles), "") << rebuilt.err;
    EXPECT_EQ(KeySchemaText(*client_, kSource + "ChatRecordTable"), "id") << "nothing deleted";
    EXPECT_EQ(CountItems(*client_, kSource + "ChatRecordTable"), kRecords);
    EXPECT_EQ(CountItems(*client_, kSource + "ChatResponseTable"), kResponses);
  }

  json ReadManifest(const fs::path& backup) {
    std::ifstream in(backup / "manifest.json");
    return json::parse(in);
  }

  static LocalDynamoDb* server_;
  static ScratchDirectory* pristine_;
  std::string test_;
  std::unique_ptr<ScratchDirectory> scratch_;
  std::unique_ptr<dynamodb::Client> client_;
};

LocalDynamoDb* BackupIntegrity::server_ = nullptr;
ScratchDirectory* BackupIntegrity::pristine_ = nullptr;

TEST_F(BackupIntegrity, IntactCopyImportsSoTheDamageIsWhatTheOtherTestsRefuse) {
  fs::path backup = CopyOfBackup();
  CreateNewSchemaTables(*client_, "intact-");
  ToolResult imported =
      RunToolOn(*server_, {"import", backup.string(), "--table-prefix", "intact-"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(CountItems(*client_, "intact-ChatRecordTable"), kRecords);
  EXPECT_EQ(CountItems(*client_, "intact-ChatResponseTable"), kResponses);
  EXPECT_GE(BackupDirectories(scratch_->path() / "root").size(), 1u);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(backup / "ChatRecordTable")) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_GE(files, 2u) << "the damage tests need a backup of several data files";
}

TEST_F(BackupIntegrity, TruncatedDataFileIsRefusedByName) {
  fs::path backup = CopyOfBackup();
  std::string file = LargestRecordFile(backup);
  fs::resize_file(backup / file, fs::file_size(backup / file) / 2);

  ExpectRefusedEverywhere(backup, {file, "size"});
}

TEST_F(BackupIntegrity, DataFileWithOneFlippedByteIsRefusedByName) {
  fs::path backup = CopyOfBackup();
  std::string file = LargestRecordFile(backup);
  // A byte in the middle of the compressed stream, size unchanged.
  std::fstream data(backup / file, std::ios::in | std::ios::out | std::ios::binary);
  std::streamoff middle = static_cast<std::streamoff>(fs::file_size(backup / file) / 2);
  data.seekg(middle);
  char byte = 0;
  data.read(&byte, 1);
  data.seekp(middle);
  byte = static_cast<char>(byte ^ 0x01);
  data.write(&byte, 1);
  data.close();

  ExpectRefusedEverywhere(backup, {file, "checksum"});
}

TEST_F(BackupIntegrity, MissingDataFileIsRefusedByName) {
  fs::path backup = CopyOfBackup();
  std::string file = LargestRecordFile(backup);
  fs::remove(backup / file);

  ExpectRefusedEverywhere(backup, {file, "missing"});
}

TEST_F(BackupIntegrity, ManifestOfAnotherFormatVersionIsRefused) {
  fs::path backup = CopyOfBackup();
  json manifest = ReadManifest(backup);
  ASSERT_TRUE(manifest.contains("format_version"));
  manifest["format_version"] = 99;
  std::ofstream(backup / "manifest.json") << manifest.dump(2);

  ExpectRefusedEverywhere(backup, {"manifest.json", "version 99"});
}

TEST_F(BackupIntegrity, BackupWithoutManifestIsIncompleteAndRefused) {
  fs::path backup = CopyOfBackup();
  fs::remove(backup / "manifest.json");

  ExpectRefusedEverywhere(backup, {backup.string(), "incomplete"});
}

TEST_F(BackupIntegrity, NewestBackupSkipsANewerIncompleteOneAndSaysSo) {
  fs::path complete = CopyOfBackup();
  // A newer export that never finished: data files, no manifest.
  fs::path newer = complete.parent_path() / "chat_records_backup_29991231_235959";
  fs::copy(complete, newer, fs::copy_options::recursive);
  fs::remove(newer / "manifest.json");

  CreateNewSchemaTables(*client_, "newest-");
  ToolResult imported = RunToolOn(*server_, {"import", "--backup-dir", newer.parent_path().string(),
                                             "--table-prefix", "newest-"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(LineWith(imported.err, {"skipping incomplete backup", newer.string()}), "")
      << imported.err;
  EXPECT_NE(LineWith(imported.err, {complete.string()}), "") << "says which backup it used:\n"
                                                             << imported.err;
  EXPECT_EQ(CountItems(*client_, "newest-ChatRecordTable"), kRecords);
}

TEST_F(BackupIntegrity, BackupIsReadableByItsOwnerOnly) {
  // The export made the backup root too, as it does for a --backup-dir that is not there.
  fs::path root = pristine_->path() / "root";
  fs::path backup = PristineBackup();
  ASSERT_FALSE(backup.empty());
  int checked = 0;
  auto expect_mode = [&](const fs::path& path, unsigned mode) {
    struct stat info {};
    ASSERT_EQ(::lstat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777, mode) << path;
    ++checked;
  };
  expect_mode(root, 0700);
  expect_mode(backup, 0700);
  for (const auto& entry : fs::recursive_directory_iterator(backup)) {
    expect_mode(entry.path(), entry.is_directory() ? 0700 : 0600);
  }
  EXPECT_GE(checked, 6) << "root, backup, manifest, two table folders, data files";
}

}  // namespace
}  // namespace ddbm::testing
