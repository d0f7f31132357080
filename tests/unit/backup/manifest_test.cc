#include "backup/manifest.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_directory.h"

namespace ddbm::backup {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Manifest Sample() {
  Manifest manifest;
  manifest.tool_version = "0.1.0";
  manifest.plan_name = "chat";
  manifest.plan_toml = "name = \"chat\"\n[[table]]\nname = \"ChatRecordTable\"\n";
  manifest.created_at = "2024-03-05T07:08:09Z";
  manifest.endpoint = "http://127.0.0.1:8000";
  manifest.region = "us-east-1";

  TableBackup records;
  records.plan_name = "ChatRecordTable";
  records.table_name = "prod-ChatRecordTable";
  records.description = json::parse(R"({
    "TableName": "prod-ChatRecordTable",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "CreationDateTime": 1709622489.123,
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    "TableSizeBytes": 18446744073709551615,
    "DeletionProtectionEnabled": true,
    "Tags": [{"Key": "env", "Value": "prod \u00e9"}]
  })");
  records.time_to_live = json::parse(R"({"TimeToLiveStatus":"ENABLED","AttributeName":"ttl"})");
  records.tags =
      json::parse(R"([{"Key": "team", "Value": "chat"}, {"Key": "empty", "Value": ""}])");
  records.continuous_backups = json::parse(R"({
    "ContinuousBackupsStatus": "ENABLED",
    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED",
                                       "RecoveryPeriodInDays": 7}
  })");
  records.item_count = 12004;
  records.fill_count = 17;
  records.uncompressed_bytes = 9876543210;
  records.files.push_back(
      {"ChatRecordTable/part-00000.json.gz", 6000, 123456, 4567890, std::string(64, 'a')});
  records.files.push_back(
      {"ChatRecordTable/part-00001.json.gz", 6004, 123999, 4567999, std::string(64, 'b')});
  manifest.tables.push_back(records);

  TableBackup responses;
  responses.plan_name = "ChatResponseTable";
  responses.table_name = "ChatResponseTable";
  responses.description = json::object();
  responses.time_to_live = nullptr;
  manifest.tables.push_back(responses);
  return manifest;
}

void ExpectSame(const Manifest& a, const Manifest& b) {
  EXPECT_EQ(ManifestToJson(a), ManifestToJson(b));
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.plan_toml, b.plan_toml);
  ASSERT_EQ(a.tables.size(), b.tables.size());
  EXPECT_EQ(a.tables[0].description, b.tables[0].description);
  EXPECT_EQ(a.tables[0].files[1].sha256, b.tables[0].files[1].sha256);
  EXPECT_EQ(a.tables[0].uncompressed_bytes, b.tables[0].uncompressed_bytes);
  EXPECT_TRUE(b.tables[1].time_to_live.is_null());
  EXPECT_EQ(a.tables[0].tags, b.tables[0].tags);
  EXPECT_EQ(a.tables[0].continuous_backups, b.tables[0].continuous_backups);
  EXPECT_TRUE(b.tables[1].tags.is_null());
  EXPECT_TRUE(b.tables[1].continuous_backups.is_null());
}

std::string ParseError(const json& object) {
  try {
    ManifestFromJson(object);
  } catch (const DataFileError& error) {
    return error.what();
  }
  return "(no error)";
}

class ManifestTest : public TempDirectoryTest {
 protected:
  std::string ReadError() {
    try {
      ReadManifest(root_);
    } catch (const DataFileError& error) {
      return error.what();
    }
    return "(no error)";
  }
};

TEST(ManifestJson, RoundTripsEveryField) {
  Manifest manifest = Sample();
  ExpectSame(manifest, ManifestFromJson(ManifestToJson(manifest)));
  EXPECT_EQ(ManifestToJson(manifest)["format_version"], kManifestFormatVersion);
}

// Manifests written before tags and continuous backups were recorded are still format 1 and
// must keep reading; the settings they never recorded read as null.
TEST(ManifestJson, ReadsAManifestWrittenBeforeTagsAndBackupsWereRecorded) {
  json object = ManifestToJson(Sample());
  object["tables"][0].erase("tags");
  object["tables"][0].erase("continuous_backups");

  Manifest manifest = ManifestFromJson(object);
  EXPECT_TRUE(manifest.tables[0].tags.is_null());
  EXPECT_TRUE(manifest.tables[0].continuous_backups.is_null());
  EXPECT_EQ(manifest.tables[0].time_to_live["AttributeName"], "ttl");
}

TEST(ManifestJson, NamesAMistypedOptionalField) {
  json object = ManifestToJson(Sample());
  object["tables"][0]["tags"] = "team=chat";
  EXPECT_EQ(ParseError(object), "manifest: field \"tables[0].tags\" is not an array or null");

  object = ManifestToJson(Sample());
  object["tables"][0]["continuous_backups"] = json::array();
  EXPECT_EQ(ParseError(object),
            "manifest: field \"tables[0].continuous_backups\" is not an object or null");
}

TEST(ManifestJson, FindsATableByPlanName) {
  Manifest manifest = Sample();
  ASSERT_NE(manifest.FindTable("ChatResponseTable"), nullptr);
  EXPECT_EQ(manifest.FindTable("ChatResponseTable")->table_name, "ChatResponseTable");
  EXPECT_EQ(manifest.FindTable("prod-ChatRecordTable"), nullptr);
}

TEST(ManifestJson, RefusesAnUnknownFormatVersion) {
  json object = ManifestToJson(Sample());
  object["format_version"] = 2;
  EXPECT_EQ(ParseError(object),
            "manifest: format version 2 is not supported (this ddbmigrate reads version 1)");
  object["format_version"] = "1";
  EXPECT_THAT(ParseError(object), HasSubstr("\"format_version\" is not a whole number"));
  object.erase("format_version");
  EXPECT_THAT(ParseError(object), HasSubstr("field \"format_version\" is missing"));
}

TEST(ManifestJson, NamesAMissingOrMistypedField) {
  json object = ManifestToJson(Sample());
  object["tables"][0]["files"][1].erase("sha256");
  EXPECT_EQ(ParseError(object), "manifest: field \"tables[0].files[1].sha256\" is missing");

  object = ManifestToJson(Sample());
  object["tables"][1]["item_count"] = -1;
  EXPECT_EQ(ParseError(object), "manifest: field \"tables[1].item_count\" is not a whole number");

  object = ManifestToJson(Sample());
  object["region"] = 5;
  EXPECT_EQ(ParseError(object), "manifest: field \"region\" is not a string");

  object = ManifestToJson(Sample());
  object["tables"] = json::object();
  EXPECT_EQ(ParseError(object), "manifest: field \"tables\" is not an array");

  object = ManifestToJson(Sample());
  object["tables"][0] = "x";
  EXPECT_EQ(ParseError(object), "manifest: tables[0] is not a JSON object");

  EXPECT_EQ(ParseError(json::array()), "manifest: top level is not a JSON object");
}

TEST_F(ManifestTest, WritesAndReadsBack) {
  Manifest manifest = Sample();
  WriteManifest(root_, manifest);
  ExpectSame(manifest, ReadManifest(root_));
}

TEST_F(ManifestTest, WritesPrettyPrintedJson) {
  WriteManifest(root_, Sample());
  std::string text = ReadAll(Path("manifest.json"));
  EXPECT_THAT(text, HasSubstr("{\n  \"created_at\": \"2024-03-05T07:08:09Z\",\n"));
  EXPECT_THAT(text, HasSubstr("\n  \"format_version\": 1,\n"));
  EXPECT_EQ(text.back(), '\n');
}

TEST_F(ManifestTest, WritesMode0600AtomicallyAndLeavesNoPartialFile) {
  ::umask(022);
  WriteAll(Path("manifest.json.partial"), "stale from a crash");
  ::chmod(Path("manifest.json.partial").c_str(), 0644);
  WriteManifest(root_, Sample());

  struct stat info {};
  ASSERT_EQ(::stat(Path("manifest.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(Path("manifest.json.partial")));
}

TEST_F(ManifestTest, ReplacesAnEarlierManifest) {
  Manifest manifest = Sample();
  WriteManifest(root_, manifest);
  manifest.tables[0].item_count = 1;
  WriteManifest(root_, manifest);
  EXPECT_EQ(ReadManifest(root_).tables[0].item_count, 1u);
}

TEST_F(ManifestTest, CallsABackupWithoutManifestIncomplete) {
  EXPECT_EQ(ReadError(),
            root_ + ": no manifest.json: the backup is incomplete (an export that did not finish)");
}

TEST_F(ManifestTest, NamesWhereTheJsonBreaks) {
  WriteAll(Path("manifest.json"), "{\n  \"format_version\": 1,\n  \"tables\": [\n}");
  std::string error = ReadError();
  EXPECT_THAT(error, HasSubstr(Path("manifest.json") + ": not valid JSON: "));
  EXPECT_THAT(error, HasSubstr("line 4, column 1"));
}

TEST_F(ManifestTest, NamesTheFileAndVersionWhenTheVersionIsUnknown) {
  json object = ManifestToJson(Sample());
  object["format_version"] = 7;
  WriteAll(Path("manifest.json"), object.dump(2));
  EXPECT_EQ(ReadError(),
            Path("manifest.json") +
                ": format version 7 is not supported (this ddbmigrate reads version 1)");
}

TEST_F(ManifestTest, CallsAnEmptyFileInvalid) {
  WriteAll(Path("manifest.json"), "");
  EXPECT_THAT(ReadError(), HasSubstr(": not valid JSON: "));
}

}  // namespace
}  // namespace ddbm::backup
