#include "item/decimal.h"

#include <string>

#include <gtest/gtest.h>

namespace ddbm::item {
namespace {

std::string Canonical(const std::string& text) {
  Decimal number;
  if (!ParseDecimal(text, number)) {
    return "(not a number)";
  }
  std::string out;
  AppendCanonical(number, out);
  return out;
}

std::uint64_t Size(const std::string& text) {
  Decimal number;
  EXPECT_TRUE(ParseDecimal(text, number)) << text;
  return NumberSizeBytes(number);
}

TEST(Decimal, EqualValuesHaveOneCanonicalForm) {
  EXPECT_EQ(Canonical("1.50"), "15e1");
  EXPECT_EQ(Canonical("1.5"), "15e1");
  EXPECT_EQ(Canonical("15E-1"), "15e1");
  EXPECT_EQ(Canonical("0.15e1"), "15e1");
  EXPECT_EQ(Canonical("0015.0e-1"), "15e1");
  EXPECT_EQ(Canonical("+1.5"), "15e1");
  EXPECT_EQ(Canonical("150"), "15e3");
  EXPECT_EQ(Canonical("1.5e2"), "15e3");
  EXPECT_EQ(Canonical("-1.50"), "-15e1");
}

TEST(Decimal, ZeroHasNoSign) {
  EXPECT_EQ(Canonical("0"), "0");
  EXPECT_EQ(Canonical("-0"), "0");
  EXPECT_EQ(Canonical("0.000"), "0");
  EXPECT_EQ(Canonical("-0.0e5"), "0");
  EXPECT_EQ(Canonical("000"), "0");
}

TEST(Decimal, ExponentsAreFoldedExactly) {
  EXPECT_EQ(Canonical("1E+100"), Canonical("1" + std::string(100, '0')));
  EXPECT_EQ(Canonical("1E+100"), "1e101");
  EXPECT_EQ(Canonical("1e-130"), "1e-129");
  EXPECT_EQ(Canonical("0." + std::string(129, '0') + "1"), "1e-129");
  EXPECT_EQ(Canonical("12345678901234567890123456789012345678"),
            "12345678901234567890123456789012345678e38");
  EXPECT_EQ(Canonical("9.9999999999999999999999999999999999999E+125"),
            "99999999999999999999999999999999999999e126");
}

TEST(Decimal, DigitsBeyondDoublePrecisionStayDistinct) {
  EXPECT_NE(Canonical("12345678901234567890123456789012345678"),
            Canonical("12345678901234567890123456789012345679"));
  EXPECT_NE(Canonical("0.1000000000000000000000000000000000001"), Canonical("0.1"));
}

TEST(Decimal, RejectsWhatIsNotANumber) {
  for (const char* text : {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1x", " 1", "1 ", "0x10",
                           "NaN", "Infinity", "--1", "1e5.5", "1e1234567890"}) {
    EXPECT_EQ(Canonical(text), "(not a number)") << text;
  }
}

TEST(Decimal, AcceptsPointsAtEitherEnd) {
  EXPECT_EQ(Canonical(".5"), "5e0");
  EXPECT_EQ(Canonical("5."), "5e1");
}

TEST(Decimal, SizeIsAbout1BytePerTwoSignificantDigitsPlus1) {
  EXPECT_EQ(Size("0"), 1u);
  EXPECT_EQ(Size("-0.000"), 1u);
  EXPECT_EQ(Size("1"), 2u);
  EXPECT_EQ(Size("10"), 2u);
  EXPECT_EQ(Size("100"), 2u);
  EXPECT_EQ(Size("1000000"), 2u);
  EXPECT_EQ(Size("12"), 2u);
  EXPECT_EQ(Size("123"), 3u);
  EXPECT_EQ(Size("1234"), 3u);
  EXPECT_EQ(Size("12345678901234567890123456789012345678"), 20u);
}

TEST(Decimal, SizeCountsDigitPairsAlignedOnTheDecimalPoint) {
  // 1.5 spans two base-100 digits (01.50), 15 only one.
  EXPECT_EQ(Size("15"), 2u);
  EXPECT_EQ(Size("1.5"), 3u);
  EXPECT_EQ(Size("0.15"), 2u);
  EXPECT_EQ(Size("0.015"), 3u);
  EXPECT_EQ(Size("1.50"), Size("1.5"));
}

TEST(Decimal, NegativeNumbersTakeOneMoreByte) {
  EXPECT_EQ(Size("-1"), 3u);
  EXPECT_EQ(Size("-12345678901234567890123456789012345678"), 21u);
}

}  // namespace
}  // namespace ddbm::item
