#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

using ::testing::HasSubstr;

std::string LoadError(const std::string& raw) {
  ItemInspector inspector;
  try {
    inspector.Load(raw);
  } catch (const ItemFormatError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ItemInspectorLoad, AcceptsEveryType) {
  ItemInspector inspector;
  EXPECT_NO_THROW(inspector.Load(R"({
    "s": {"S": "text"}, "n": {"N": "-12.5E3"}, "b": {"B": "AAEC/w=="},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AA==", "AQ=="]},
    "m": {"M": {"x": {"L": [{"B": "AQID"}, {"NULL": true}]}}},
    "l": {"L": [{"BOOL": false}, {"M": {}}, {"L": []}]},
    "z": {"NULL": true}, "t": {"BOOL": true}
  })"));
}

TEST(ItemInspectorLoad, AcceptsTheEmptyItem) {
  ItemInspector inspector;
  EXPECT_NO_THROW(inspector.Load("{}"));
  EXPECT_FALSE(inspector.Attribute("id").present);
}

TEST(ItemInspectorLoad, RejectsTextThatIsNotJson) {
  EXPECT_THAT(LoadError(R"({"id":{"S":"a"})"), HasSubstr("item is not valid JSON"));
  EXPECT_THAT(LoadError(""), HasSubstr("item is not valid JSON"));
}

TEST(ItemInspectorLoad, RejectsJsonThatIsNotAnObject) {
  EXPECT_EQ(LoadError(R"([{"id":{"S":"a"}}])"), "item is not a JSON object");
  EXPECT_EQ(LoadError(R"("id")"), "item is not a JSON object");
}

TEST(ItemInspectorLoad, NamesTheAttributeWhoseValueIsNotAnAttributeValue) {
  EXPECT_THAT(LoadError(R"({"id":"a"})"),
              HasSubstr("item attribute id: value is not an object holding one type descriptor"));
  EXPECT_THAT(LoadError(R"({"id":{}})"), HasSubstr("item attribute id: value has 0 members"));
  EXPECT_THAT(LoadError(R"({"id":{"S":"a","N":"1"}})"),
              HasSubstr("item attribute id: value has 2 members"));
  EXPECT_THAT(LoadError(R"({"id":{"X":"a"}})"),
              HasSubstr("item attribute id: unknown type descriptor \"X\""));
  EXPECT_THAT(LoadError(R"({"id":{"s":"a"}})"), HasSubstr("unknown type descriptor \"s\""));
}

TEST(ItemInspectorLoad, ChecksTheShapeEachDescriptorRequires) {
  EXPECT_THAT(LoadError(R"({"a":{"S":1}})"), HasSubstr("a: S value is not a string"));
  EXPECT_THAT(LoadError(R"({"a":{"N":1}})"), HasSubstr("a: N value is not a string"));
  EXPECT_THAT(LoadError(R"({"a":{"N":"1x"}})"), HasSubstr("a: N value \"1x\" is not a number"));
  EXPECT_THAT(LoadError(R"({"a":{"N":""}})"), HasSubstr("is not a number"));
  EXPECT_THAT(LoadError(R"({"a":{"B":"!!!!"}})"), HasSubstr("a: B value \"!!!!\" is not base64"));
  EXPECT_THAT(LoadError(R"({"a":{"SS":"x"}})"), HasSubstr("a: SS value is not an array"));
  EXPECT_THAT(LoadError(R"({"a":{"SS":["x",1]}})"), HasSubstr("a[1]: SS element is not a string"));
  EXPECT_THAT(LoadError(R"({"a":{"NS":["1","x"]}})"), HasSubstr("a[1]: NS value \"x\""));
  EXPECT_THAT(LoadError(R"({"a":{"BS":["AA==","A"]}})"), HasSubstr("a[1]: BS value \"A\""));
  EXPECT_THAT(LoadError(R"({"a":{"NULL":false}})"), HasSubstr("a: NULL value is not true"));
  EXPECT_THAT(LoadError(R"({"a":{"NULL":"true"}})"), HasSubstr("a: NULL value is not true"));
  EXPECT_THAT(LoadError(R"({"a":{"BOOL":"true"}})"), HasSubstr("a: BOOL value is not true"));
  EXPECT_THAT(LoadError(R"({"a":{"M":[]}})"), HasSubstr("a: M value is not an object"));
  EXPECT_THAT(LoadError(R"({"a":{"L":{}}})"), HasSubstr("a: L value is not an array"));
}

TEST(ItemInspectorLoad, NamesTheFullPathOfANestedProblem) {
  std::string raw = R"({"ok":{"S":"x"},"payload":{"M":{"items":{"L":[
      {"S":"fine"},{"M":{"body":{"N":"one"}}}]}}}})";
  EXPECT_THAT(LoadError(raw),
              HasSubstr("item attribute payload.items[1].body: N value \"one\" is not a number"));
  EXPECT_THAT(LoadError(R"({"l":{"L":[{"S":"a"},"b"]}})"), HasSubstr("item attribute l[1]:"));
}

TEST(ItemInspectorLoad, RejectsANameUsedTwice) {
  EXPECT_THAT(LoadError(R"({"a":{"S":"1"},"b":{"S":"2"},"a":{"S":"3"}})"),
              HasSubstr("item attribute a: the name appears more than once"));
  EXPECT_THAT(LoadError(R"({"m":{"M":{"x":{"S":"1"},"x":{"N":"1"}}}})"),
              HasSubstr("item attribute m.x: the name appears more than once"));
}

TEST(ItemInspectorLoad, CutsALongBadValueShortInTheMessage) {
  std::string message = LoadError(R"({"a":{"N":")" + std::string(500, 'x') + R"("}})");
  EXPECT_THAT(message, HasSubstr("...")) << message;
  EXPECT_LT(message.size(), 150u);
}

TEST(ItemInspectorLoad, CanBeReusedAfterAFailure) {
  ItemInspector inspector;
  inspector.Load(R"({"id":{"S":"first"}})");
  EXPECT_THROW(inspector.Load(R"({"id":"bad"})"), ItemFormatError);
  EXPECT_THROW(inspector.Attribute("id"), std::logic_error);
  inspector.Load(R"({"id":{"S":"second"}})");
  EXPECT_EQ(inspector.Attribute("id").value, "second");
}

TEST(ItemInspectorAttribute, DescribesAString) {
  ItemInspector inspector;
  inspector.Load(R"({"id":{"S":"caf\u00e9 \"q\""}})");
  AttributeInfo info = inspector.Attribute("id");
  EXPECT_TRUE(info.present);
  EXPECT_EQ(info.type, "S");
  EXPECT_EQ(info.value, "caf\xc3\xa9 \"q\"");
  EXPECT_EQ(info.value_bytes, 9u);
}

TEST(ItemInspectorAttribute, KeepsANumberAsItsDigitString) {
  ItemInspector inspector;
  inspector.Load(R"({"n":{"N":"12345678901234567890123456789012345678"}})");
  AttributeInfo info = inspector.Attribute("n");
  EXPECT_EQ(info.type, "N");
  EXPECT_EQ(info.value, "12345678901234567890123456789012345678");
  EXPECT_EQ(info.value_bytes, 38u);
}

TEST(ItemInspectorAttribute, KeepsBinaryAsBase64AndCountsDecodedBytes) {
  ItemInspector inspector;
  inspector.Load(R"({"b":{"B":"AAECAw=="}})");
  AttributeInfo info = inspector.Attribute("b");
  EXPECT_EQ(info.type, "B");
  EXPECT_EQ(info.value, "AAECAw==");
  EXPECT_EQ(info.value_bytes, 4u);
}

TEST(ItemInspectorAttribute, GivesOnlyTheTypeOfOtherKinds) {
  ItemInspector inspector;
  inspector.Load(R"({"m":{"M":{"a":{"S":"x"}}},"z":{"NULL":true},"ss":{"SS":["a"]}})");
  EXPECT_EQ(inspector.Attribute("m").type, "M");
  EXPECT_EQ(inspector.Attribute("m").value, "");
  EXPECT_EQ(inspector.Attribute("z").type, "NULL");
  EXPECT_EQ(inspector.Attribute("ss").type, "SS");
}

TEST(ItemInspectorAttribute, MatchesNamesExactly) {
  ItemInspector inspector;
  inspector.Load(R"({"User_Id":{"S":"upper"},"user_id":{"S":"lower"},"a.b":{"S":"dot"},
                     "x#y":{"S":"hash"},"k:v":{"S":"colon"},"with space":{"S":"space"},
                     "esc\u0061ped":{"S":"escaped"}})");
  EXPECT_EQ(inspector.Attribute("user_id").value, "lower");
  EXPECT_EQ(inspector.Attribute("User_Id").value, "upper");
  EXPECT_FALSE(inspector.Attribute("USER_ID").present);
  EXPECT_EQ(inspector.Attribute("a.b").value, "dot");
  EXPECT_FALSE(inspector.Attribute("a").present);
  EXPECT_EQ(inspector.Attribute("x#y").value, "hash");
  EXPECT_EQ(inspector.Attribute("k:v").value, "colon");
  EXPECT_EQ(inspector.Attribute("with space").value, "space");
  EXPECT_EQ(inspector.Attribute("escaped").value, "escaped");
}

TEST(ItemInspectorAttribute, ReportsAMissingAttribute) {
  ItemInspector inspector;
  inspector.Load(R"({"id":{"S":"a"}})");
  AttributeInfo info = inspector.Attribute("user_id");
  EXPECT_FALSE(info.present);
  EXPECT_EQ(info.type, "");
}

TEST(ItemInspectorAttribute, KeepsANulInsideAString) {
  ItemInspector inspector;
  inspector.Load(R"({"s":{"S":"a\u0000b"}})");
  EXPECT_EQ(inspector.Attribute("s").value, std::string("a\0b", 3));
  EXPECT_EQ(inspector.Attribute("s").value_bytes, 3u);
}

TEST(ItemInspector, RefusesQuestionsBeforeALoad) {
  ItemInspector inspector;
  EXPECT_THROW(inspector.Attribute("id"), std::logic_error);
  EXPECT_THROW(inspector.SizeBytes(), std::logic_error);
  EXPECT_THROW(inspector.CanonicalDigest(), std::logic_error);
}

}  // namespace
}  // namespace ddbm::item
