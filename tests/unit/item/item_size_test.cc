#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

// DynamoDB's item size limit: 400 KB, counted as 409,600 bytes.
constexpr std::uint64_t kMaxItemBytes = std::uint64_t{400} * 1024;

std::uint64_t Size(const std::string& raw) {
  ItemInspector inspector;
  inspector.Load(raw);
  return inspector.SizeBytes();
}

TEST(ItemSize, CountsNameBytesPlusValueBytesForScalars) {
  EXPECT_EQ(Size(R"({"a":{"S":"xyz"}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"a":{"S":""}})"), 1u);
  EXPECT_EQ(Size(R"({"a":{"N":"123"}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"a":{"B":"AAEC"}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"a":{"BOOL":true}})"), 1u + 1u);
  EXPECT_EQ(Size(R"({"a":{"NULL":true}})"), 1u + 1u);
  EXPECT_EQ(Size("{}"), 0u);
}

TEST(ItemSize, CountsUtf8BytesNotCharacters) {
  // "é" is two bytes, "€" three, an emoji four, however the JSON spells them.
  EXPECT_EQ(Size(R"({"é":{"S":"€"}})"), 2u + 3u);
  EXPECT_EQ(Size(R"({"\u00e9":{"S":"\u20ac"}})"), 2u + 3u);
  EXPECT_EQ(Size(R"({"e":{"S":"\ud83d\ude00"}})"), 1u + 4u);
  EXPECT_EQ(Size(R"({"e":{"S":"a\tb\"c\u0000"}})"), 1u + 6u);
}

TEST(ItemSize, CountsBinaryDecoded) {
  EXPECT_EQ(Size(R"({"b":{"B":"AAECAwQ="}})"), 1u + 5u);
  EXPECT_EQ(Size(R"({"b":{"B":""}})"), 1u);
}

TEST(ItemSize, CountsNumbersBySignificantDigits) {
  EXPECT_EQ(Size(R"({"n":{"N":"0"}})"), 1u + 1u);
  EXPECT_EQ(Size(R"({"n":{"N":"1000000"}})"), 1u + 2u);
  EXPECT_EQ(Size(R"({"n":{"N":"0001.5000"}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"n":{"N":"12345678901234567890123456789012345678"}})"), 1u + 20u);
}

TEST(ItemSize, CountsSetsAsTheSumOfTheirElements) {
  EXPECT_EQ(Size(R"({"ss":{"SS":["ab","c"]}})"), 2u + 3u);
  EXPECT_EQ(Size(R"({"ns":{"NS":["1","123"]}})"), 2u + 2u + 3u);
  EXPECT_EQ(Size(R"({"bs":{"BS":["AA==","AAE="]}})"), 2u + 1u + 2u);
}

TEST(ItemSize, CountsListAndMapOverheads) {
  EXPECT_EQ(Size(R"({"l":{"L":[]}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"m":{"M":{}}})"), 1u + 3u);
  EXPECT_EQ(Size(R"({"l":{"L":[{"S":"ab"},{"N":"1"}]}})"), 1u + 3u + (1u + 2u) + (1u + 2u));
  EXPECT_EQ(Size(R"({"m":{"M":{"k":{"S":"ab"}}}})"), 1u + 3u + (1u + 1u + 2u));
}

TEST(ItemSize, CountsNestedBinaryInAMapInAList) {
  // l: 3 + [1 + m: (3 + [1 + "x" + B 3 bytes])]
  EXPECT_EQ(Size(R"({"l":{"L":[{"M":{"x":{"B":"AQID"}}}]}})"), 1u + 3u + 1u + 3u + 1u + 1u + 3u);
}

TEST(ItemSize, AddsUpAttributes) {
  EXPECT_EQ(Size(R"({"id":{"S":"a1"},"user_id":{"S":"public"},"n":{"N":"5"}})"),
            (2u + 2u) + (7u + 6u) + (1u + 2u));
}

TEST(ItemSize, ReachesTheLimitExactly) {
  // "id" + "x" + "data" + filler = 409,600 bytes.
  std::string at_limit = R"({"id":{"S":"x"},"data":{"S":")" + std::string(409593, 'a') + R"("}})";
  EXPECT_EQ(Size(at_limit), kMaxItemBytes);

  std::string over_limit = R"({"id":{"S":"x"},"data":{"S":")" + std::string(409594, 'a') + R"("}})";
  EXPECT_EQ(Size(over_limit), kMaxItemBytes + 1);
}

TEST(ItemSize, ReachesTheLimitWithBinary) {
  // 409,593 bytes of binary: 136,531 groups of three bytes.
  std::string base64;
  for (int i = 0; i < 136531; ++i) {
    base64 += "AAAA";
  }
  std::string raw = R"({"id":{"S":"x"},"data":{"B":")" + base64 + R"("}})";
  EXPECT_EQ(Size(raw), 2u + 1u + 4u + 409593u);
  EXPECT_EQ(Size(raw), kMaxItemBytes);
}

}  // namespace
}  // namespace ddbm::item
