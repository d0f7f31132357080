#include "backup/backup_location.h"

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backup/gzip_lines.h"
#include "temp_directory.h"

namespace ddbm::backup {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::chrono::system_clock::time_point Utc(int year, int month, int day, int hour, int minute,
                                          int second) {
  std::chrono::sys_days date = std::chrono::year(year) / month / day;
  return date + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

Manifest MinimalManifest(const std::string& plan_name) {
  Manifest manifest;
  manifest.plan_name = plan_name;
  return manifest;
}

class BackupLocationTest : public TempDirectoryTest {
 protected:
  std::string Complete(const std::string& name) {
    std::filesystem::create_directory(Path(name));
    WriteManifest(Path(name), MinimalManifest("chat"));
    return Path(name);
  }

  std::string Incomplete(const std::string& name) {
    std::filesystem::create_directory(Path(name));
    return Path(name);
  }
};

TEST(BackupDirectoryName, UsesUtcTimestamp) {
  EXPECT_EQ(BackupDirectoryName("chat", Utc(2024, 3, 5, 7, 8, 9)), "chat_backup_20240305_070809");
  EXPECT_EQ(
      BackupDirectoryName("chat", Utc(1999, 12, 31, 23, 59, 59) + std::chrono::milliseconds(999)),
      "chat_backup_19991231_235959");
}

TEST_F(BackupLocationTest, FindsTheNewestCompleteBackupAndListsNewerIncompleteOnes) {
  Complete("chat_backup_20240101_000000");
  std::string wanted = Complete("chat_backup_20240301_120000");
  std::string no_manifest = Incomplete("chat_backup_20240302_000000");
  std::string broken = Incomplete("chat_backup_20240401_000000");
  WriteAll(broken + "/manifest.json", "{ not json");

  BackupSearch search = FindNewestBackup(root_, "chat");
  EXPECT_EQ(search.newest_complete, wanted);
  EXPECT_THAT(search.skipped_incomplete, ElementsAre(broken, no_manifest));
}

TEST_F(BackupLocationTest, IgnoresNamesThatDoNotFollowThePattern) {
  std::string wanted = Complete("chat_backup_20240101_000000");
  Complete("chat_backup_20250101_00000");
  Complete("chat_backup_20250101_0000000");
  Complete("chat_backup_20250101-000000");
  Complete("chat_backup_2025010a_000000");
  Complete("xchat_backup_20250101_000000");
  Complete("chat_backup_20250101_000000.old");
  Complete("other_backup_20250101_000000");
  Complete("chat_backup_20250101_000000_copy");
  WriteAll(Path("chat_backup_20260101_000000"), "a file, not a directory");

  BackupSearch search = FindNewestBackup(root_, "chat");
  EXPECT_EQ(search.newest_complete, wanted);
  EXPECT_THAT(search.skipped_incomplete, IsEmpty());
}

TEST_F(BackupLocationTest, TakesPlanNamesLiterally) {
  std::string wanted = Complete("a.b+_backup_20240101_000000");
  Complete("aXb+_backup_20250101_000000");
  EXPECT_EQ(FindNewestBackup(root_, "a.b+").newest_complete, wanted);
}

TEST_F(BackupLocationTest, FindsNothingWhenNothingIsComplete) {
  std::string only = Incomplete("chat_backup_20240101_000000");
  BackupSearch search = FindNewestBackup(root_, "chat");
  EXPECT_FALSE(search.newest_complete.has_value());
  EXPECT_THAT(search.skipped_incomplete, ElementsAre(only));
}

TEST_F(BackupLocationTest, FindsNothingUnderAMissingRoot) {
  BackupSearch search = FindNewestBackup(Path("missing"), "chat");
  EXPECT_FALSE(search.newest_complete.has_value());
  EXPECT_THAT(search.skipped_incomplete, IsEmpty());
}

class CheckDataFilesTest : public TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    TableBackup table;
    table.plan_name = "ChatRecordTable";
    for (const char* name :
         {"ChatRecordTable/part-00000.json.gz", "ChatRecordTable/part-00001.json.gz"}) {
      GzipLineWriter writer(root_, name);
      writer.WriteItem(R"({"id":{"S":"a"}})");
      writer.WriteItem(R"({"id":{"S":"b"}})");
      table.files.push_back(writer.Finish());
    }
    manifest_.tables.push_back(table);
  }

  Manifest manifest_;
};

TEST_F(CheckDataFilesTest, AcceptsIntactFiles) {
  EXPECT_THAT(CheckDataFiles(root_, manifest_), IsEmpty());
}

TEST_F(CheckDataFilesTest, NamesAMissingFile) {
  std::filesystem::remove(Path("ChatRecordTable/part-00001.json.gz"));
  EXPECT_THAT(CheckDataFiles(root_, manifest_),
              ElementsAre("ChatRecordTable/part-00001.json.gz: missing"));
}

TEST_F(CheckDataFilesTest, NamesAFileOfTheWrongSize) {
  std::string path = Path("ChatRecordTable/part-00000.json.gz");
  std::string bytes = ReadAll(path);
  WriteAll(path, bytes.substr(0, bytes.size() - 1));
  EXPECT_THAT(
      CheckDataFiles(root_, manifest_),
      ElementsAre("ChatRecordTable/part-00000.json.gz: size " + std::to_string(bytes.size() - 1) +
                  " bytes, manifest says " + std::to_string(bytes.size())));
}

TEST_F(CheckDataFilesTest, NamesAnAlteredFile) {
  std::string path = Path("ChatRecordTable/part-00000.json.gz");
  std::string bytes = ReadAll(path);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  WriteAll(path, bytes);
  EXPECT_THAT(CheckDataFiles(root_, manifest_),
              ElementsAre("ChatRecordTable/part-00000.json.gz: checksum mismatch (altered or "
                          "truncated)"));
}

TEST_F(CheckDataFilesTest, ReportsEveryProblem) {
  std::filesystem::remove(Path("ChatRecordTable/part-00000.json.gz"));
  std::filesystem::remove(Path("ChatRecordTable/part-00001.json.gz"));
  EXPECT_EQ(CheckDataFiles(root_, manifest_).size(), 2u);
}

TEST_F(CheckDataFilesTest, RefusesPathsOutsideTheBackup) {
  manifest_.tables[0].files[0].file_name = "../elsewhere.json.gz";
  manifest_.tables[0].files[1].file_name = "/etc/passwd";
  EXPECT_THAT(CheckDataFiles(root_, manifest_),
              ElementsAre("../elsewhere.json.gz: not a path inside the backup directory",
                          "/etc/passwd: not a path inside the backup directory"));
}

}  // namespace
}  // namespace ddbm::backup
