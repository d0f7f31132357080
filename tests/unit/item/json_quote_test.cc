#include <string>

#include <gtest/gtest.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

TEST(JsonQuote, QuotesPlainText) {
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("public"), "\"public\"");
}

TEST(JsonQuote, EscapesQuoteAndBackslash) {
  EXPECT_EQ(JsonQuote("a\"b\\c"), R"("a\"b\\c")");
}

TEST(JsonQuote, EscapesControlCharacters) {
  EXPECT_EQ(JsonQuote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(JsonQuote(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(JsonQuote("\x01\x1f"), R"("\u0001\u001f")");
}

TEST(JsonQuote, LeavesEverythingElseAsItIs) {
  EXPECT_EQ(JsonQuote("/ \x7f"), "\"/ \x7f\"");
  EXPECT_EQ(JsonQuote("caf\xc3\xa9 \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
}

TEST(JsonQuote, RoundTripsThroughAParser) {
  std::string all;
  for (int c = 1; c < 128; ++c) {
    all.push_back(static_cast<char>(c));
  }
  all += std::string("\0", 1) + "e\xcc\x81 \xf0\x9f\x98\x80";
  ItemInspector inspector;
  inspector.Load("{\"s\":{\"S\":" + JsonQuote(all) + "}}");
  EXPECT_EQ(inspector.Attribute("s").value, all);
}

}  // namespace
}  // namespace ddbm::item
