// Issue 3 §1: every DynamoDB value survives `ddbmigrate migrate` exactly. A table of 1,000
// items (400 on moto) holding every type, nested six to eight deep, with the numbers, binary,
// names and strings that tools tend to damage, is migrated. Every item is then compared with
// what was written, by an independent comparator (numbers by value, sets as sets), and text for
// text with the backup, whose lines must be what the server returned before the migration
// (numbers digit for digit, binary as its base64).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backup_reader.h"
#include "dynamo_json_compare.h"
#include "dynamodb/client.h"
#include "local_dynamodb.h"
#include "table_reader.h"
#include "tool_on_server.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

using nlohmann::json;

constexpr int kRecordsOnDynalite = 1000;
// moto scans items of this shape at about 150 a second here (its number handling is slow), so it
// gets fewer of the same items to stay within a minute.
constexpr int kRecordsOnMoto = 400;
constexpr int kResponses = 40;

json S(const std::string& value) {
  return {{"S", value}};
}
json N(const std::string& value) {
  return {{"N", value}};
}

// The test's own base64 encoder, so expected binary does not come from the tool.
std::string Base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 2]);
    }
    text += kAlphabet[(group >> 18) & 63];
    text += kAlphabet[(group >> 12) & 63];
    text += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
    text += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
  }
  return text;
}

json B(const std::string& bytes) {
  return {{"B", Base64(bytes)}};
}

// Bytes 0x00, 0xff and everything between turn up across items.
std::string Bytes(int seed, int length) {
  std::string bytes;
  for (int i = 0; i < length; ++i) {
    bytes += static_cast<char>((seed * 31 + i * 7) % 256);
  }
  return bytes;
}

// 38 significant digits, varying with the item.
std::string Digits38(int seed) {
  return fmt::format("1234567890123456789012345678901234{:04}", seed % 10000);
}

const std::string kComposed = "caf\u00e9";     // é as one code point
const std::string kDecomposed = "cafe\u0301";  // e + combining acute accent
const std::string kAwkwardText =
    std::string("nul\0inside", 10) + "\ttab \"quoted\" back\\slash \U0001F600 " + kComposed;

// Every scalar and set type, and empty containers: what the innermost level of nesting holds.
json Leaf(int seed) {
  return {{"M",
           {{"b", B(Bytes(seed, 5))},
            {"n", N("-" + Digits38(seed) + "E-50")},
            {"s", S(kAwkwardText)},
            {"ss", {{"SS", {kComposed, kDecomposed, "e"}}}},
            {"ns", {{"NS", {"1.500", "-0", "1E+100", Digits38(seed)}}}},
            {"bs", {{"BS", {Base64(std::string(1, '\0')), Base64("\xff\xfe"), Base64("leaf")}}}},
            {"null", {{"NULL", true}}},
            {"bool", {{"BOOL", seed % 2 == 0}}},
            {"empty_list", {{"L", json::array()}}},
            {"empty_map", {{"M", json::object()}}},
            {"empty_string", S("")},
            {"empty_binary", {{"B", ""}}}}}};
}

// Lists and maps alternating, `level` deep above the leaf, with binary and a number at every
// level: a B inside an M inside an L, and so on down.
json Nest(int level, int seed) {
  if (level == 0) {
    return Leaf(seed);
  }
  json inner = Nest(level - 1, seed);
  if (level % 2 == 1) {
    return {{"L",
             {B(Bytes(seed + level, level)), N(fmt::format("{}.{}00", level, seed)), inner,
              S("level " + std::to_string(level))}}};
  }
  return {{"M",
           {{"bin", B(Bytes(seed * level, level + 2))},
            {"num", N(fmt::format("-{}E+{}", seed + 1, level))},
            {"next", inner},
            {"dotted.name", S("level " + std::to_string(level))}}}};
}

std::string RecordId(int index) {
  switch (index) {
    // Keys that differ only in how an accent is encoded are two items, not one.
    case 0:
      return "accent-" + kComposed;
    case 1:
      return "accent-" + kDecomposed;
    case 2:
      return "key \"with\" \\ \t and \U0001F600";
    default:
      return fmt::format("v-{:05}", index);
  }
}

json FidelityItem(int index) {
  json item = {
      {"id", S(RecordId(index))},
      // Numbers: 38 digits, 1E+100 (dynalite returns 101 digits), -0, trailing zeros, the
      // range's ends.
      {"n38", N(Digits38(index))},
      {"n38_negative_small", N("-0.000" + Digits38(index + 7))},
      {"big", N("1E+100")},
      {"negative_zero", N("-0")},
      {"trailing_zeros", N("1.500")},
      {"largest", N("9.9999999999999999999999999999999999999E+125")},
      {"smallest", N("1E-130")},
      {"count", N(std::to_string(index))},
      // Strings are kept byte for byte: NUL, tab, quotes, backslash, emoji, both accents.
      {"text", S(kAwkwardText + " #" + std::to_string(index))},
      {"composed", S(kComposed)},
      {"decomposed", S(kDecomposed)},
      {"binary", B(Bytes(index, 1 + index % 50))},
      {"empty_string", S("")},
      {"empty_binary", {{"B", ""}}},
      {"empty_list", {{"L", json::array()}}},
      {"empty_map", {{"M", json::object()}}},
      {"nothing", {{"NULL", true}}},
      {"yes", {{"BOOL", true}}},
      {"no", {{"BOOL", false}}},
      {"strings", {{"SS", {"b", "a", "", "A"}}}},
      {"numbers", {{"NS", {"1.500", "-0", "1E+100", Digits38(index), "0.000001"}}}},
      {"binaries", {{"BS", {"", Base64(std::string(1, '\0')), Base64(Bytes(index, 9))}}}},
      // Names: reserved words, dots, #, :, spaces, case, non-ASCII.
      {"name", S("reserved")},
      {"status", N("1")},
      {"size", N("2")},
      {"timestamp", N("3")},
      {"a.b", S("dotted")},
      {"#hash", S("hash")},
      {":colon", S("colon")},
      {"with space", S("space")},
      {"Case", S("upper first")},
      {"case", S("lower")},
      {"CASE", S("upper")},
      {"名前", S("unicode name")},
      {"deep", Nest(5 + index % 3, index)},
  };

  // user_id: missing, NULL, empty (all become "public"), or a user.
  switch (index % 5) {
    case 0:
      break;
    case 1:
      item["user_id"] = {{"NULL", true}};
      break;
    case 2:
      item["user_id"] = S("");
      break;
    default:
      item["user_id"] = S(index % 2 == 0 ? "user-" + std::to_string(index % 13) : "用户");
  }
  return item;
}

// What the migrated table must hold for a record: the record, with user_id filled.
json WithUserId(json item) {
  if (!item.contains("user_id") || item["user_id"].contains("NULL") || item["user_id"] == S("")) {
    item["user_id"] = S("public");
  }
  return item;
}

json ResponseItem(int index) {
  json item = FidelityItem(index);
  item.erase("user_id");
  item["id"] = S(fmt::format("resp-{:04}", index));
  item["resp_no"] = N(std::to_string(index % 3));
  return item;
}

// Runs over `expected` items and reports the first few that `live` lacks or holds otherwise.
void ExpectSameItems(const std::map<std::string, json>& expected,
                     const std::map<std::string, json>& live, const std::string& table) {
  EXPECT_EQ(live.size(), expected.size()) << table;
  int reported = 0;
  for (const auto& [id, item] : expected) {
    auto found = live.find(id);
    std::string difference = found == live.end() ? "missing" : ItemDifference(item, found->second);
    if (!difference.empty() && ++reported <= 5) {
      ADD_FAILURE() << table << " item " << json(id).dump() << ": " << difference;
    }
  }
  EXPECT_EQ(reported, 0) << table << ": items that did not survive the migration";
}

TEST(IndependentComparator, TellsApartWhatDynamoDbTellsApart) {
  EXPECT_TRUE(SameNumber("1.500", "1.5"));
  EXPECT_TRUE(SameNumber("-0", "0"));
  EXPECT_TRUE(SameNumber("1E+100", "1" + std::string(100, '0')));
  EXPECT_TRUE(SameNumber("15E-1", "0.15e1"));
  EXPECT_FALSE(SameNumber("1E+100", "1E+99"));
  EXPECT_FALSE(SameNumber(Digits38(1), Digits38(2)));
  EXPECT_FALSE(SameNumber("-1", "1"));
  EXPECT_FALSE(SameNumber("1.5", "one and a half"));

  json item = FidelityItem(7);
  EXPECT_EQ(ItemDifference(item, item), "");
  json reordered = item;
  std::swap(reordered["strings"]["SS"][0], reordered["strings"]["SS"][1]);
  EXPECT_EQ(ItemDifference(item, reordered), "") << "sets compare as sets";
  json normalised = item;
  normalised["decomposed"] = S(kComposed);
  EXPECT_NE(ItemDifference(item, normalised), "");
  json list_reordered = item;
  json& list = list_reordered["deep"]["M"]["next"]["L"];
  std::swap(list[0], list[3]);
  EXPECT_NE(ItemDifference(item, list_reordered), "") << "lists compare in order";
  json list_as_set = item;
  list_as_set["empty_list"] = {{"SS", json::array()}};
  EXPECT_NE(ItemDifference(item, list_as_set), "");
  json deep_binary = item;
  deep_binary["deep"]["M"]["next"]["L"][2]["M"]["bin"] = B("other");
  EXPECT_NE(ItemDifference(item, deep_binary), "");
  json number_changed = item;
  number_changed["n38"] = N(Digits38(8));
  EXPECT_NE(ItemDifference(item, number_changed), "");
  EXPECT_EQ(*DecodeBase64(Base64(Bytes(3, 50))), Bytes(3, 50));
}

class ValueFidelity : public ::testing::TestWithParam<ServerKind> {};

TEST_P(ValueFidelity, EveryTypeAndAwkwardValueSurvivesMigrateExactly) {
  LocalDynamoDb server(GetParam());
  const int records_count =
      GetParam() == ServerKind::kDynalite ? kRecordsOnDynalite : kRecordsOnMoto;
  dynamodb::Client client(server.settings());
  const std::string records = "fidelity-ChatRecordTable";
  const std::string responses = "fidelity-ChatResponseTable";
  dataset::CreateOldSchemaTables(client, records, responses);

  std::map<std::string, json> written_records;
  std::vector<std::string> texts;
  for (int i = 0; i < records_count; ++i) {
    json item = FidelityItem(i);
    texts.push_back(item.dump());
    written_records[item["id"]["S"]] = item;
  }
  dataset::PutItems(client, records, texts);
  std::map<std::string, json> written_responses;
  texts.clear();
  for (int i = 0; i < kResponses; ++i) {
    json item = ResponseItem(i);
    texts.push_back(item.dump());
    written_responses[item["id"]["S"]] = item;
  }
  dataset::PutItems(client, responses, texts);

  // A few items as the server returns them before the migration.
  std::map<std::string, std::string> records_before;
  for (int i = 0; i < records_count; i += records_count / 20) {
    json item = FidelityItem(i);
    json key = {{"id", item["id"]}};
    records_before[item["id"]["S"]] = client.GetItem(records, key.dump()).value_or("");
  }
  std::string response_before =
      client.GetItem(responses, json({{"id", S("resp-0007")}, {"resp_no", N("1")}}).dump())
          .value_or("");
  ASSERT_NE(response_before, "");

  ScratchDirectory backups("fidelity");
  ToolResult result = RunToolOn(server, {"migrate", "--yes", "--table-prefix", "fidelity-",
                                         "--backup-dir", backups.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  ASSERT_EQ(KeySchemaText(client, records), "user_id+id");

  // 1. By value: every record is what was written, plus its user_id; responses unchanged.
  std::map<std::string, json> expected_records;
  for (const auto& [id, item] : written_records) {
    expected_records[id] = WithUserId(item);
  }
  std::map<std::string, json> records_after = ScanByString(client, records, "id");
  ExpectSameItems(expected_records, records_after, records);
  ExpectSameItems(written_responses, ScanByString(client, responses, "id"), responses);

  // 2. Text for text: the backup holds exactly what the server returned, and the migrated
  // items hold the backup's texts (numbers digit for digit, base64 as it was).
  std::vector<std::filesystem::path> found = BackupDirectories(backups.path());
  ASSERT_EQ(found.size(), 1u);
  std::vector<BackupLine> lines = ReadBackupItems(found[0], "ChatRecordTable");
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(records_count));
  int differing_texts = 0;
  for (const BackupLine& line : lines) {
    std::string id = json::parse(line.item)["id"]["S"];
    if (records_before.count(id) == 1) {
      EXPECT_EQ(line.item, records_before[id])
          << line.file << " line " << line.line << " is not the server's text";
    }
    json expected = SortedSets(WithUserId(json::parse(line.item)));
    if (SortedSets(records_after[id]) != expected && ++differing_texts <= 3) {
      ADD_FAILURE() << "item " << json(id).dump() << " came back with other value texts:\n"
                    << SortedSets(records_after[id]).dump().substr(0, 300) << "\nvs\n"
                    << expected.dump().substr(0, 300);
    }
  }
  EXPECT_EQ(differing_texts, 0);
  bool response_found = false;
  for (const BackupLine& line : ReadBackupItems(found[0], "ChatResponseTable")) {
    if (json::parse(line.item)["id"] == S("resp-0007")) {
      EXPECT_EQ(line.item, response_before) << line.file << " line " << line.line;
      response_found = true;
    }
  }
  EXPECT_TRUE(response_found);

  // 3. What a user would look at first, spelled out.
  const json& sample = records_after.at("v-00100");
  EXPECT_TRUE(SameNumber(sample["big"]["N"].get<std::string>(), "1E+100"));
  EXPECT_EQ(sample["big"], json::parse(records_before.at("v-00100"))["big"])
      << "1E+100 must come back as the server first returned it";
  EXPECT_EQ(sample["n38"], N(Digits38(100)));
  EXPECT_EQ(sample["text"]["S"].get<std::string>().find('\0'), 3u) << "NUL kept";
  EXPECT_EQ(sample["composed"], S(kComposed));
  EXPECT_EQ(sample["decomposed"], S(kDecomposed));
  EXPECT_EQ(sample["empty_list"], json({{"L", json::array()}}));
  EXPECT_EQ(sample["empty_map"], json({{"M", json::object()}}));
  EXPECT_EQ(sample["empty_binary"], json({{"B", ""}}));
  EXPECT_EQ(sample["deep"]["M"]["next"]["L"][2]["M"]["bin"], B(Bytes(100 * 4, 6)))
      << "binary in a map in a list in a map keeps its bytes";
  EXPECT_TRUE(records_after.count(RecordId(0)) == 1 && records_after.count(RecordId(1)) == 1)
      << "keys differing only in accent encoding stay two items";
}

INSTANTIATE_TEST_SUITE_P(Servers, ValueFidelity,
                         ::testing::Values(ServerKind::kDynalite, ServerKind::kMoto),
                         [](const ::testing::TestParamInfo<ServerKind>& server) {
                           return server.param == ServerKind::kDynalite ? "dynalite" : "moto";
                         });

}  // namespace
}  // namespace ddbm::testing
