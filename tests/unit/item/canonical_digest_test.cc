#include <string>

#include <gtest/gtest.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

std::string Digest(const std::string& raw) {
  ItemInspector inspector;
  inspector.Load(raw);
  return inspector.CanonicalDigest();
}

std::string Value(const std::string& attribute_value) {
  return Digest(R"({"v":)" + attribute_value + "}");
}

TEST(CanonicalDigest, IsAHexSha256) {
  std::string digest = Digest(R"({"id":{"S":"a"}})");
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(CanonicalDigest, IsPinned) {
  // The digests of verified backups must stay comparable across versions of ddbmigrate: a
  // change here is a change of the canonical form and needs a new version line. The value was
  // checked against the form described in item_digest.cc, built by hand.
  EXPECT_EQ(Digest(R"({"id":{"S":"a1"},"n":{"N":"1.50"},"tags":{"SS":["x","y"]}})"),
            "295c39080279469dd2b0d45b49a8a425d9a99e5339246bcd5b3dc8eb8835a39b");
}

TEST(CanonicalDigest, IgnoresAttributeOrderAndFormatting) {
  EXPECT_EQ(Digest(R"({"a":{"S":"1"},"b":{"N":"2"}})"),
            Digest("{ \"b\" : { \"N\" : \"2\" } ,\n\t\"a\":{\"S\":\"1\"} }"));
}

TEST(CanonicalDigest, IgnoresMapKeyOrderAtEveryDepth) {
  EXPECT_EQ(Value(R"({"M":{"x":{"S":"1"},"y":{"M":{"p":{"N":"1"},"q":{"N":"2"}}}}})"),
            Value(R"({"M":{"y":{"M":{"q":{"N":"2"},"p":{"N":"1"}}},"x":{"S":"1"}}})"));
}

TEST(CanonicalDigest, KeepsListOrder) {
  EXPECT_NE(Value(R"({"L":[{"S":"a"},{"S":"b"}]})"), Value(R"({"L":[{"S":"b"},{"S":"a"}]})"));
}

TEST(CanonicalDigest, ComparesNumbersByValue) {
  const char* same[][2] = {
      {"1.50", "1.5"}, {"1.5", "15E-1"},   {"15E-1", "0.15e1"}, {"-0", "0"},       {"0.000", "0"},
      {"100", "1E2"},  {"1e+2", "100.00"}, {"-1.0", "-1"},      {"0.001", "1e-3"}, {"007", "7"},
  };
  for (const auto& pair : same) {
    EXPECT_EQ(Value(std::string(R"({"N":")") + pair[0] + "\"}"),
              Value(std::string(R"({"N":")") + pair[1] + "\"}"))
        << pair[0] << " vs " << pair[1];
  }
  EXPECT_EQ(Value(R"({"N":"1E+100"})"), Value(R"({"N":"1)" + std::string(100, '0') + "\"}"));
  EXPECT_EQ(Value(R"({"N":"1e-130"})"), Value(R"({"N":"0.)" + std::string(129, '0') + "1\"}"));
}

TEST(CanonicalDigest, TellsDifferentNumbersApart) {
  EXPECT_NE(Value(R"({"N":"1"})"), Value(R"({"N":"-1"})"));
  EXPECT_NE(Value(R"({"N":"1"})"), Value(R"({"N":"10"})"));
  EXPECT_NE(Value(R"({"N":"1.5"})"), Value(R"({"N":"15"})"));
  EXPECT_NE(Value(R"({"N":"1E+100"})"), Value(R"({"N":"1E+101"})"));
  EXPECT_NE(Value(R"({"N":"12345678901234567890123456789012345678"})"),
            Value(R"({"N":"12345678901234567890123456789012345679"})"));
  EXPECT_NE(Value(R"({"N":"0.12345678901234567890123456789012345678"})"),
            Value(R"({"N":"0.12345678901234567890123456789012345677"})"));
}

TEST(CanonicalDigest, ComparesStringsByUnescapedBytes) {
  EXPECT_EQ(Value(R"({"S":"é"})"), Value(R"({"S":"\u00e9"})"));
  EXPECT_EQ(Value(R"({"S":"\t"})"), Value(R"({"S":"\u0009"})"));
  EXPECT_EQ(Value(R"({"S":"😀"})"), Value(R"({"S":"\ud83d\ude00"})"));
  EXPECT_EQ(Value(R"({"S":"\/"})"), Value(R"({"S":"/"})"));
}

TEST(CanonicalDigest, DoesNotNormalizeUnicode) {
  // Composed U+00E9 and decomposed e + U+0301 look alike but DynamoDB stores different bytes.
  EXPECT_NE(Value(R"({"S":"\u00e9"})"), Value(R"({"S":"e\u0301"})"));
}

TEST(CanonicalDigest, KeepsEveryByteOfAString) {
  EXPECT_NE(Value(R"({"S":"a\u0000b"})"), Value(R"({"S":"ab"})"));
  EXPECT_NE(Value(R"({"S":"a\u0000"})"), Value(R"({"S":"a"})"));
  EXPECT_NE(Value(R"({"S":"a\tb"})"), Value(R"({"S":"a b"})"));
  EXPECT_NE(Value(R"({"S":"say \"hi\""})"), Value(R"({"S":"say hi"})"));
  EXPECT_NE(Value(R"({"S":"A"})"), Value(R"({"S":"a"})"));
  EXPECT_NE(Value(R"({"S":"a "})"), Value(R"({"S":"a"})"));
}

TEST(CanonicalDigest, ComparesBinaryByDecodedBytes) {
  EXPECT_EQ(Value(R"({"B":"QQ=="})"), Value(R"({"B":"QQ"})"));
  EXPECT_NE(Value(R"({"B":"QQ=="})"), Value(R"({"B":"Qg=="})"));
  EXPECT_NE(Value(R"({"B":"AA=="})"), Value(R"({"B":""})"));
}

TEST(CanonicalDigest, TellsTypesApart) {
  EXPECT_NE(Value(R"({"S":"1"})"), Value(R"({"N":"1"})"));
  EXPECT_NE(Value(R"({"S":"1"})"), Value(R"({"B":"MQ=="})"));
  EXPECT_NE(Value(R"({"SS":["1"]})"), Value(R"({"NS":["1"]})"));
  EXPECT_NE(Value(R"({"SS":["1"]})"), Value(R"({"S":"1"})"));
  EXPECT_NE(Value(R"({"SS":["a"]})"), Value(R"({"L":[{"S":"a"}]})"));
  EXPECT_NE(Value(R"({"BS":["MQ=="]})"), Value(R"({"SS":["1"]})"));
  EXPECT_NE(Value(R"({"BOOL":true})"), Value(R"({"BOOL":false})"));
  EXPECT_NE(Value(R"({"BOOL":false})"), Value(R"({"NULL":true})"));
  EXPECT_NE(Value(R"({"M":{"a":{"S":"1"}}})"), Value(R"({"L":[{"S":"1"}]})"));
}

TEST(CanonicalDigest, TellsEmptyValuesApart) {
  const char* empties[] = {R"({"S":""})",      R"({"B":""})",  R"({"L":[]})",  R"({"M":{}})",
                           R"({"NULL":true})", R"({"SS":[]})", R"({"NS":[]})", R"({"BS":[]})"};
  for (const char* a : empties) {
    for (const char* b : empties) {
      if (a != b) {
        EXPECT_NE(Value(a), Value(b)) << a << " vs " << b;
      }
    }
  }
  EXPECT_NE(Digest("{}"), Value(R"({"S":""})"));
}

TEST(CanonicalDigest, TreatsSetsAsSets) {
  EXPECT_EQ(Value(R"({"SS":["a","b","c"]})"), Value(R"({"SS":["c","a","b"]})"));
  EXPECT_EQ(Value(R"({"NS":["1.5","2","-3"]})"), Value(R"({"NS":["2","-3.0","1.50"]})"));
  EXPECT_EQ(Value(R"({"BS":["AAE=","AA=="]})"), Value(R"({"BS":["AA==","AAE"]})"));
  EXPECT_EQ(Value(R"({"SS":["a","a"]})"), Value(R"({"SS":["a"]})"));
  EXPECT_EQ(Value(R"({"NS":["1","1.0"]})"), Value(R"({"NS":["1"]})"));
  EXPECT_NE(Value(R"({"SS":["a","b"]})"), Value(R"({"SS":["a"]})"));
  EXPECT_NE(Value(R"({"SS":["ab"]})"), Value(R"({"SS":["a","b"]})"));
}

TEST(CanonicalDigest, TellsNamesApartExactly) {
  EXPECT_NE(Digest(R"({"a":{"S":"x"}})"), Digest(R"({"A":{"S":"x"}})"));
  EXPECT_NE(Digest(R"({"a.b":{"S":"x"}})"), Digest(R"({"a":{"M":{"b":{"S":"x"}}}})"));
  EXPECT_NE(Digest(R"({"a":{"S":"bc"}})"), Digest(R"({"ab":{"S":"c"}})"));
  EXPECT_NE(Digest(R"({"a#b":{"S":"x"}})"), Digest(R"({"a:b":{"S":"x"}})"));
  EXPECT_EQ(Digest(R"({"with space":{"S":"x"}})"), Digest(R"({"with\u0020space":{"S":"x"}})"));
}

TEST(CanonicalDigest, SeesAChangeDeepInside) {
  std::string a = R"({"l":{"L":[{"M":{"bin":{"B":"AQID"},"n":{"N":"1"}}}]}})";
  std::string b = R"({"l":{"L":[{"M":{"bin":{"B":"AQIE"},"n":{"N":"1"}}}]}})";
  EXPECT_NE(Digest(a), Digest(b));
  EXPECT_EQ(Digest(a), Digest(R"({"l":{"L":[{"M":{"n":{"N":"1.0"},"bin":{"B":"AQID"}}}]}})"));
}

TEST(CanonicalDigest, DoesNotDependOnWhatWasLoadedBefore) {
  ItemInspector inspector;
  std::string raw = R"({"ns":{"NS":["3","1","2"]},"m":{"M":{"b":{"S":"x"},"a":{"S":"y"}}}})";
  inspector.Load(raw);
  std::string first = inspector.CanonicalDigest();
  inspector.Load(R"({"big":{"NS":["1","2","3","4","5","6","7","8","9","10","11","12"]}})");
  inspector.CanonicalDigest();
  inspector.Load(raw);
  EXPECT_EQ(inspector.CanonicalDigest(), first);
  EXPECT_EQ(inspector.CanonicalDigest(), first);
}

TEST(CanonicalDigest, HandlesManyLongSetElements) {
  // Long elements do not fit in a string's inline buffer; many force the scratch to grow.
  std::string a = R"({"ns":{"NS":[)";
  std::string b = a;
  for (int i = 0; i < 200; ++i) {
    a += (i ? "," : "") + std::string("\"") + std::to_string(i) + std::string(30, '1') + "\"";
    b += (i ? "," : "") + std::string("\"") + std::to_string(199 - i) + std::string(30, '1') + "\"";
  }
  a += "]}}";
  b += "]}}";
  EXPECT_EQ(Digest(a), Digest(b));
}

}  // namespace
}  // namespace ddbm::item
