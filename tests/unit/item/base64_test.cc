#include "item/base64.h"

#include <string>

#include <gtest/gtest.h>

namespace ddbm::item {
namespace {

std::string Decoded(std::string_view text) {
  std::string out;
  AppendBase64Decoded(text, out);
  return out;
}

TEST(Base64, MeasuresAndDecodesPaddedText) {
  EXPECT_EQ(Base64DecodedSize(""), 0);
  EXPECT_EQ(Base64DecodedSize("QQ=="), 1);
  EXPECT_EQ(Base64DecodedSize("QUI="), 2);
  EXPECT_EQ(Base64DecodedSize("QUJD"), 3);
  EXPECT_EQ(Decoded("QUJD"), "ABC");
  EXPECT_EQ(Decoded("AP8A/w=="), std::string("\x00\xff\x00\xff", 4));
}

TEST(Base64, AcceptsMissingPadding) {
  EXPECT_EQ(Base64DecodedSize("QQ"), 1);
  EXPECT_EQ(Base64DecodedSize("QUI"), 2);
  EXPECT_EQ(Decoded("QUI"), "AB");
}

TEST(Base64, RejectsWhatIsNotBase64) {
  for (const char* text : {"Q", "QUJDR", "Q===", "=QQQ", "QQ=Q", "QU I", "QUJ-", "QUJ_", "QQ="}) {
    EXPECT_EQ(Base64DecodedSize(text), -1) << text;
  }
}

}  // namespace
}  // namespace ddbm::item
