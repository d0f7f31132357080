#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

using ::testing::HasSubstr;

std::vector<FillRule> PublicUser() {
  return {{"user_id", "public"}};
}

std::string Fill(const std::string& raw, const std::vector<FillRule>& fills = PublicUser(),
                 int* filled = nullptr) {
  return ApplyFills(raw, fills, filled);
}

TEST(NeedsFill, AppliesToMissingNullAndEmptyString) {
  EXPECT_TRUE(NeedsFill(AttributeInfo{}));
  EXPECT_TRUE(NeedsFill(AttributeInfo{true, "NULL", "", 0}));
  EXPECT_TRUE(NeedsFill(AttributeInfo{true, "S", "", 0}));
  EXPECT_FALSE(NeedsFill(AttributeInfo{true, "S", "u1", 2}));
  EXPECT_FALSE(NeedsFill(AttributeInfo{true, "N", "0", 1}));
  EXPECT_FALSE(NeedsFill(AttributeInfo{true, "B", "", 0}));
  EXPECT_FALSE(NeedsFill(AttributeInfo{true, "M", "", 0}));
}

TEST(ApplyFills, InsertsAMissingAttributeFirst) {
  int filled = -1;
  EXPECT_EQ(Fill(R"({"id":{"S":"a"},"n":{"N":"1.50"}})", PublicUser(), &filled),
            R"({"user_id":{"S":"public"},"id":{"S":"a"},"n":{"N":"1.50"}})");
  EXPECT_EQ(filled, 1);
}

TEST(ApplyFills, InsertsIntoAnEmptyItem) {
  EXPECT_EQ(Fill("{}"), R"({"user_id":{"S":"public"}})");
  EXPECT_EQ(Fill(" { \n } "), R"( {"user_id":{"S":"public"} 
 } )");
}

TEST(ApplyFills, KeepsEveryOtherByteWhenInserting) {
  std::string rest =
      "\"id\" : { \"S\" : \"caf\\u00e9 \\\"}\\\\\" },\n"
      "  \"n\":{\"N\":\"1E+100\"}, \"b\":{\"B\":\"AAEC/w==\"},"
      " \"e\":{\"S\":\"😀\\ud83d\\ude00\"}, \"l\":{\"L\":[{\"M\":{}},{\"NULL\":true}]}\n}";
  std::string raw = "{\n  " + rest;
  EXPECT_EQ(Fill(raw), "{\n  " + std::string(R"("user_id":{"S":"public"},)") + rest);
}

TEST(ApplyFills, ReplacesANullValueInPlace) {
  int filled = 0;
  std::string raw = R"({"id":{"S":"a"}, "user_id" : {"NULL":true} ,"x":{"N":"1E+2"}})";
  EXPECT_EQ(Fill(raw, PublicUser(), &filled),
            R"({"id":{"S":"a"}, "user_id" : {"S":"public"} ,"x":{"N":"1E+2"}})");
  EXPECT_EQ(filled, 1);
}

TEST(ApplyFills, ReplacesAnEmptyStringInPlace) {
  EXPECT_EQ(Fill(R"({"user_id":{ "S" : "" },"id":{"S":"a"}})"),
            R"({"user_id":{"S":"public"},"id":{"S":"a"}})");
  EXPECT_EQ(Fill(R"({"id":{"S":"a"},"user_id":{"S":""}})"),
            R"({"id":{"S":"a"},"user_id":{"S":"public"}})");
  EXPECT_EQ(Fill("{\"id\":{\"S\":\"a\"},\n  \"user_id\":{\"NULL\":true}\n}"),
            "{\"id\":{\"S\":\"a\"},\n  \"user_id\":{\"S\":\"public\"}\n}");
}

TEST(ApplyFills, LeavesAUsableValueAlone) {
  int filled = -1;
  std::string raw = R"({"id":{"S":"a"},"user_id":{"S":"u-7"}})";
  EXPECT_EQ(Fill(raw, PublicUser(), &filled), raw);
  EXPECT_EQ(filled, 0);

  // A value of another type is for the schema check to report, not for a fill to hide.
  std::string number = R"({"user_id":{"N":"0"}})";
  EXPECT_EQ(Fill(number), number);
  std::string spaces = R"({"user_id":{"S":" "}})";
  EXPECT_EQ(Fill(spaces), spaces);
}

TEST(ApplyFills, EscapesTheNameAndTheValue) {
  std::vector<FillRule> fills = {{"we\"ird\\name", "pub\"lic\n\x01"}};
  std::string out = Fill(R"({"id":{"S":"a"}})", fills);
  EXPECT_EQ(out, R"({"we\"ird\\name":{"S":"pub\"lic\n\u0001"},"id":{"S":"a"}})");

  ItemInspector inspector;
  inspector.Load(out);
  EXPECT_EQ(inspector.Attribute("we\"ird\\name").value, "pub\"lic\n\x01");
}

TEST(ApplyFills, AppliesSeveralRules) {
  std::vector<FillRule> fills = {{"user_id", "public"}, {"tenant", "t0"}};
  int filled = 0;
  EXPECT_EQ(Fill(R"({"id":{"S":"a"}})", fills, &filled),
            R"({"user_id":{"S":"public"},"tenant":{"S":"t0"},"id":{"S":"a"}})");
  EXPECT_EQ(filled, 2);

  EXPECT_EQ(Fill("{}", fills), R"({"user_id":{"S":"public"},"tenant":{"S":"t0"}})");
  EXPECT_EQ(Fill(R"({"tenant":{"NULL":true},"id":{"S":"a"}})", fills, &filled),
            R"({"user_id":{"S":"public"},"tenant":{"S":"t0"},"id":{"S":"a"}})");
  EXPECT_EQ(filled, 2);
  EXPECT_EQ(Fill(R"({"tenant":{"S":"t9"},"user_id":{"S":""}})", fills, &filled),
            R"({"tenant":{"S":"t9"},"user_id":{"S":"public"}})");
  EXPECT_EQ(filled, 1);
}

TEST(ApplyFills, IgnoresARepeatedRuleForTheSameAttribute) {
  std::vector<FillRule> fills = {{"user_id", "public"}, {"user_id", "other"}};
  EXPECT_EQ(Fill("{}", fills), R"({"user_id":{"S":"public"}})");
}

TEST(ApplyFills, WithoutRulesReturnsTheTextUnchanged) {
  int filled = -1;
  std::string raw = R"({"id":{"S":"a"}})";
  EXPECT_EQ(ApplyFills(raw, {}, &filled), raw);
  EXPECT_EQ(filled, 0);
}

TEST(ApplyFills, MatchesAnEscapedName) {
  EXPECT_EQ(Fill(R"({"user\u005fid":{"NULL":true}})"), R"({"user\u005fid":{"S":"public"}})");
}

TEST(ApplyFills, IsNotFooledByLookalikesInsideStrings) {
  std::string raw =
      R"({"a":{"S":"\"user_id\":{\"NULL\":true}}, {"},"m":{"M":{"user_id":{"NULL":true}}}})";
  EXPECT_EQ(Fill(raw), R"({"user_id":{"S":"public"},)" + raw.substr(1));
}

TEST(ApplyFills, MatchesNamesCaseSensitively) {
  std::string raw = R"({"User_Id":{"NULL":true}})";
  EXPECT_EQ(Fill(raw), R"({"user_id":{"S":"public"},"User_Id":{"NULL":true}})");
}

TEST(ApplyFills, ProducesAValidItem) {
  std::string out = Fill(R"({"id":{"S":"a"},"user_id":{"NULL":true},"z":{"L":[]}})");
  ItemInspector inspector;
  inspector.Load(out);
  AttributeInfo user = inspector.Attribute("user_id");
  EXPECT_EQ(user.type, "S");
  EXPECT_EQ(user.value, "public");
  EXPECT_FALSE(NeedsFill(user));
}

TEST(ApplyFills, RejectsTextThatIsNotAnItem) {
  EXPECT_THROW(Fill(R"([1,2])"), ItemFormatError);
  EXPECT_THROW(Fill(R"({"id":{"S":"a"})"), ItemFormatError);
  EXPECT_THROW(Fill(R"({"id":{"S":"a"}} x)"), ItemFormatError);
  EXPECT_THROW(Fill(R"({"id":{"S":"a})"), ItemFormatError);
  EXPECT_THROW(Fill(R"({"id" {"S":"a"}})"), ItemFormatError);
  EXPECT_THROW(Fill(""), ItemFormatError);
}

TEST(ApplyFills, RejectsABadValueOfTheFilledAttribute) {
  try {
    Fill(R"({"user_id":"public"})");
    FAIL() << "no error";
  } catch (const ItemFormatError& error) {
    EXPECT_THAT(error.what(), HasSubstr("item attribute user_id:"));
  }
  EXPECT_THROW(Fill(R"({"user_id":{"S":"","N":"1"}})"), ItemFormatError);
  EXPECT_THROW(Fill(R"({"user_id":{}})"), ItemFormatError);
}

TEST(ApplyFills, RejectsTheFilledAttributeTwice) {
  EXPECT_THROW(Fill(R"({"user_id":{"S":"a"},"user_id":{"NULL":true}})"), ItemFormatError);
}

// Every prefix and every one-byte change of an item: an edit either throws ItemFormatError or
// returns text, never reads out of bounds; and what it returns for a valid item is valid.
TEST(ApplyFills, SurvivesDamagedText) {
  const std::string item = R"( {"id":{"S":"a\"}{[,"}, "user_id" : {"NULL":true},)"
                           R"("l":{"L":[{"M":{"x":{"B":"AQID"}}},{"N":"-1.5e3"}]},"e":{"S":""}} )";
  std::vector<std::string> variants;
  for (std::size_t size = 0; size <= item.size(); ++size) {
    variants.push_back(item.substr(0, size));
  }
  for (std::size_t at = 0; at < item.size(); ++at) {
    for (char c : {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'x'}) {
      std::string changed = item;
      changed[at] = c;
      variants.push_back(changed);
    }
  }

  ItemInspector inspector;
  for (const std::string& text : variants) {
    bool valid = true;
    try {
      inspector.Load(text);
    } catch (const ItemFormatError&) {
      valid = false;
    }
    try {
      std::string filled = Fill(text);
      std::string removed = RemoveAttribute(text, "id");
      if (valid) {
        inspector.Load(filled);
        EXPECT_FALSE(NeedsFill(inspector.Attribute("user_id"))) << text;
        inspector.Load(removed);
        EXPECT_FALSE(inspector.Attribute("id").present) << text;
      }
    } catch (const ItemFormatError& error) {
      EXPECT_FALSE(valid) << text << ": " << error.what();
    }
  }
}

TEST(ApplyFills, IsUndoneByRemovingTheInsertedAttribute) {
  for (const char* raw : {R"({"id":{"S":"a"}})", R"({ "id" : {"S":"a"} , "n":{"N":"1"} })",
                          "{\n\t\"x\":{\"L\":[]}\n}"}) {
    EXPECT_EQ(RemoveAttribute(Fill(raw), "user_id"), raw);
  }
}

TEST(RemoveAttribute, RemovesTheFirstMiddleOrLastMember) {
  std::string raw = R"({"a":{"S":"1"},"b":{"N":"2"},"c":{"L":[]}})";
  EXPECT_EQ(RemoveAttribute(raw, "a"), R"({"b":{"N":"2"},"c":{"L":[]}})");
  EXPECT_EQ(RemoveAttribute(raw, "b"), R"({"a":{"S":"1"},"c":{"L":[]}})");
  EXPECT_EQ(RemoveAttribute(raw, "c"), R"({"a":{"S":"1"},"b":{"N":"2"}})");
}

TEST(RemoveAttribute, RemovesTheOnlyMember) {
  EXPECT_EQ(RemoveAttribute(R"({"a":{"S":"1"}})", "a"), "{}");
  EXPECT_EQ(RemoveAttribute(R"( { "a" : {"S":"1"} } )", "a"), " {  } ");
}

TEST(RemoveAttribute, KeepsTheRestOfTheTextAsItWas) {
  std::string raw =
      "{ \"a\" : {\"N\":\"1.50\"} ,\n  \"b\":{\"S\":\"\\u00e9\"},\n  "
      "\"c\":{\"B\":\"AA==\"}\n}";
  EXPECT_EQ(RemoveAttribute(raw, "b"), "{ \"a\" : {\"N\":\"1.50\"} ,\n  \"c\":{\"B\":\"AA==\"}\n}");
  EXPECT_EQ(RemoveAttribute(raw, "c"),
            "{ \"a\" : {\"N\":\"1.50\"} ,\n  \"b\":{\"S\":\"\\u00e9\"}\n}");
  EXPECT_EQ(RemoveAttribute(raw, "a"), "{ \"b\":{\"S\":\"\\u00e9\"},\n  \"c\":{\"B\":\"AA==\"}\n}");
}

TEST(RemoveAttribute, LeavesAnItemWithoutTheAttributeUnchanged) {
  std::string raw = R"({"m":{"M":{"x":{"S":"1"}}},"y":{"S":"x"}})";
  EXPECT_EQ(RemoveAttribute(raw, "x"), raw);
}

TEST(RemoveAttribute, RemovesOnlyTheTopLevelMember) {
  EXPECT_EQ(RemoveAttribute(R"({"m":{"M":{"x":{"S":"1"}}},"x":{"S":"2"}})", "x"),
            R"({"m":{"M":{"x":{"S":"1"}}}})");
}

TEST(RemoveAttribute, MatchesAnEscapedName) {
  EXPECT_EQ(RemoveAttribute(R"({"a":{"S":"1"},"\u0062":{"S":"2"}})", "b"), R"({"a":{"S":"1"}})");
}

}  // namespace
}  // namespace ddbm::item
