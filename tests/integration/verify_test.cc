// Issue 3 §3: `ddbmigrate verify` compares the live tables with a backup under the plan's
// transformation and names every kind of difference: items missing from the table, items the
// backup does not hold, and items whose content differs (with the attributes). Numbers compare
// by value, since some servers keep "1.50" as sent where DynamoDB stores "1.5".
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "backup_reader.h"
#include "dynamodb/client.h"
#include "local_dynamodb.h"
#include "table_reader.h"
#include "tool_on_server.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json S(const std::string& value) {
  return {{"S", value}};
}
json N(const std::string& value) {
  return {{"N", value}};
}

// Chat tables under `prefix` with `records` records and `responses` responses, old schema.
void CreateChatTables(dynamodb::Client& client, const std::string& prefix, int records,
                      int responses) {
  dataset::CreateOldSchemaTables(client, prefix + "ChatRecordTable", prefix + "ChatResponseTable");
  std::vector<std::string> items;
  for (int i = 0; i < records; ++i) {
    items.push_back(dataset::ChatRecord(i));
  }
  dataset::PutItems(client, prefix + "ChatRecordTable", items);
  items.clear();
  for (int i = 0; i < responses; ++i) {
    items.push_back(dataset::ChatResponse(i));
  }
  dataset::PutItems(client, prefix + "ChatResponseTable", items);
}

// The migrated record `index`, read back by its new key.
json MigratedRecord(dynamodb::Client& client, const std::string& table, int index) {
  json key = {{"user_id", S(dataset::ExpectedUserId(index))},
              {"id", S(json::parse(dataset::ChatRecord(index))["id"]["S"])}};
  std::optional<std::string> raw = client.GetItem(table, key.dump());
  EXPECT_TRUE(raw.has_value()) << "record " << index << " is not in " << table;
  return raw ? json::parse(*raw) : json::object();
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "ChatRecordTable/segment-00002.json.gz line 4": where the backup holds the item.
std::string Location(const fs::path& backup, const std::string& table, const std::string& id) {
  for (const BackupLine& line : ReadBackupItems(backup, table)) {
    if (json::parse(line.item)["id"]["S"] == id) {
      return line.file + " line " + std::to_string(line.line);
    }
  }
  return "(not in the backup)";
}

TEST(Verify, NamesMissingExtraAndDifferingItemsAndWritesAReport) {
  LocalDynamoDb server(ServerKind::kDynalite);
  dynamodb::Client client(server.settings());
  const std::string prefix = "verify-";
  const std::string records = prefix + "ChatRecordTable";
  CreateChatTables(client, prefix, 300, 60);
  ScratchDirectory backups("verify");
  const std::vector<std::string> common = {"--table-prefix", prefix, "--backup-dir",
                                           backups.path().string()};
  std::vector<std::string> args = {"migrate", "--yes"};
  args.insert(args.end(), common.begin(), common.end());
  ToolResult migrated = RunToolOn(server, args);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  std::vector<fs::path> found = BackupDirectories(backups.path());
  ASSERT_EQ(found.size(), 1u);
  const fs::path backup = found[0];

  args = {"verify"};
  args.insert(args.end(), common.begin(), common.end());
  ToolResult clean = RunToolOn(server, args);
  ASSERT_EQ(clean.exit_code, 0) << "nothing changed yet:\n" << clean.err << clean.out;

  // Someone writes to the migrated tables behind the tool's back.
  json changed = MigratedRecord(client, records, 10);
  changed["content"] = S("edited after the migration");
  PutItem(client, records, changed);
  json lost_attribute = MigratedRecord(client, records, 11);
  lost_attribute.erase("tags");
  PutItem(client, records, lost_attribute);
  json gained_attribute = MigratedRecord(client, records, 12);
  gained_attribute["new_attr"] = N("1");
  PutItem(client, records, gained_attribute);
  json deleted = MigratedRecord(client, records, 20);
  DeleteItem(client, records, {{"user_id", deleted["user_id"]}, {"id", deleted["id"]}});
  PutItem(client, records,
          {{"user_id", S("mallory")}, {"id", S("extra-1")}, {"content", S("not in the backup")}});
  DeleteItem(client, prefix + "ChatResponseTable", {{"id", S("chat-000004")}, {"resp_no", N("1")}});

  ToolResult result = RunToolOn(server, args);
  EXPECT_EQ(result.exit_code, 6) << result.err << result.out;
  EXPECT_NE(LineWith(result.out, {"ChatRecordTable", "1 missing, 1 extra, 3 differing"}), "")
      << result.out;
  EXPECT_NE(LineWith(result.out, {"ChatResponseTable", "1 missing, 0 extra, 0 differing"}), "")
      << result.out;

  const std::vector<std::vector<std::string>> named = {
      {"missing", "rec-000020", Location(backup, "ChatRecordTable", "rec-000020")},
      {"extra", "extra-1", "mallory"},
      {"differs", "rec-000010", "content", Location(backup, "ChatRecordTable", "rec-000010")},
      {"differs", "rec-000011", "tags (missing)"},
      {"differs", "rec-000012", "new_attr (extra)"},
      {"missing", "chat-000004", "resp_no"},
  };
  for (const std::vector<std::string>& needles : named) {
    EXPECT_NE(LineWith(result.err, needles), "") << needles[0] << " " << needles[1] << ":\n"
                                                 << result.err;
  }

  // The same lines in a report file in the backup, readable by its owner only.
  fs::path report;
  for (const auto& entry : fs::directory_iterator(backup)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("verify-report-", 0) == 0 &&
        ReadText(entry.path()).find("rec-000020") != std::string::npos) {
      report = entry.path();
    }
  }
  ASSERT_FALSE(report.empty()) << "no verify-report-*.txt naming the differences in " << backup;
  std::string text = ReadText(report);
  for (const std::vector<std::string>& needles : named) {
    EXPECT_NE(LineWith(text, needles), "") << needles[1] << " in " << report << ":\n" << text;
  }

  // Everything migrate and verify left in the backup holds user data: owner only.
  for (const auto& entry : fs::recursive_directory_iterator(backup)) {
    struct stat info {};
    ASSERT_EQ(::stat(entry.path().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, entry.is_directory() ? 0700u : 0600u) << entry.path();
  }
}

TEST(Verify, NumbersEqualInValueMatchWhateverDigitsTheServerKept) {
  // moto stores numbers exactly as sent, so "1.50" stays "1.50" where DynamoDB would store 1.5.
  LocalDynamoDb server(ServerKind::kMoto);
  dynamodb::Client client(server.settings());
  const std::string prefix = "numbers-";
  const std::string records = prefix + "ChatRecordTable";
  CreateChatTables(client, prefix, 20, 6);
  json priced = {{"id", S("priced")},
                 {"user_id", S("ann")},
                 {"price", N("1.5")},
                 {"nested", {{"M", {{"p", N("2.5")}}}}},
                 {"ns", {{"NS", {"1.5", "10"}}}}};
  PutItem(client, records, priced);
  ScratchDirectory backups("verify-numbers");
  const std::vector<std::string> common = {"--table-prefix", prefix, "--backup-dir",
                                           backups.path().string()};
  std::vector<std::string> args = {"migrate", "--yes"};
  args.insert(args.end(), common.begin(), common.end());
  ToolResult migrated = RunToolOn(server, args);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;

  std::vector<fs::path> found = BackupDirectories(backups.path());
  ASSERT_EQ(found.size(), 1u);
  for (const BackupLine& line : ReadBackupItems(found[0], "ChatRecordTable")) {
    if (json::parse(line.item)["id"] == S("priced")) {
      ASSERT_EQ(json::parse(line.item)["price"], N("1.5")) << "the backup holds 1.5";
    }
  }

  // The same values, written with other digits.
  json rewritten = priced;
  rewritten["price"] = N("1.50");
  rewritten["nested"]["M"]["p"] = N("2.500");
  rewritten["ns"]["NS"] = {"1.50", "10.0"};
  PutItem(client, records, rewritten);
  json key = {{"user_id", S("ann")}, {"id", S("priced")}};
  json stored = json::parse(client.GetItem(records, key.dump()).value_or("{}"));
  ASSERT_EQ(stored["price"], N("1.50")) << "moto keeps the digits as sent: the case under test";

  args = {"verify"};
  args.insert(args.end(), common.begin(), common.end());
  ToolResult same = RunToolOn(server, args);
  EXPECT_EQ(same.exit_code, 0) << same.err << same.out;

  // A different value is still a difference.
  rewritten["price"] = N("1.51");
  PutItem(client, records, rewritten);
  ToolResult different = RunToolOn(server, args);
  EXPECT_EQ(different.exit_code, 6) << different.err << different.out;
  EXPECT_NE(LineWith(different.err, {"differs", "priced", "attributes price"}), "")
      << different.err;

  // So is one inside a map.
  rewritten["price"] = N("1.50");
  rewritten["nested"]["M"]["p"] = N("2.51");
  PutItem(client, records, rewritten);
  ToolResult nested = RunToolOn(server, args);
  EXPECT_EQ(nested.exit_code, 6) << nested.err << nested.out;
  EXPECT_NE(LineWith(nested.err, {"differs", "priced", "in attributes nested ("}), "")
      << "only the map differs now:\n"
      << nested.err;
}

}  // namespace
}  // namespace ddbm::testing
