#include "item/decimal.h"

#include <cstddef>

namespace ddbm::item {
namespace {

// DynamoDB numbers lie between 1E-130 and 1E+126; an exponent of more than nine digits cannot
// describe one, and refusing it keeps the arithmetic below far from overflow.
constexpr int kMaxExponentDigits = 9;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool ParseDecimal(std::string_view text, Decimal& out) {
  out.negative = false;
  out.digits.clear();
  out.point = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();

  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }

  // Integer and fraction digits, leading zeros dropped as they come. `point` counts the
  // integer digits kept; each leading zero after the decimal point moves it one place left.
  std::size_t mantissa_digits = 0;
  std::int64_t point = 0;
  for (; i < n && IsDigit(text[i]); ++i) {
    ++mantissa_digits;
    if (out.digits.empty() && text[i] == '0') {
      continue;
    }
    out.digits.push_back(text[i]);
    ++point;
  }
  if (i < n && text[i] == '.') {
    for (++i; i < n && IsDigit(text[i]); ++i) {
      ++mantissa_digits;
      if (out.digits.empty() && text[i] == '0') {
        --point;
        continue;
      }
      out.digits.push_back(text[i]);
    }
  }
  if (mantissa_digits == 0) {
    return false;
  }

  std::int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '-' || text[i] == '+')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    std::size_t exponent_digits = 0;
    int significant = 0;
    for (; i < n && IsDigit(text[i]); ++i) {
      ++exponent_digits;
      if (exponent == 0 && text[i] == '0') {
        continue;
      }
      if (++significant > kMaxExponentDigits) {
        return false;
      }
      exponent = exponent * 10 + (text[i] - '0');
    }
    if (exponent_digits == 0) {
      return false;
    }
    if (exponent_negative) {
      exponent = -exponent;
    }
  }
  if (i != n) {
    return false;
  }

  while (!out.digits.empty() && out.digits.back() == '0') {
    out.digits.pop_back();
  }
  if (out.digits.empty()) {
    return true;  // zero, whatever its sign or exponent
  }
  out.negative = negative;
  out.point = point + exponent;
  return true;
}

void AppendCanonical(const Decimal& number, std::string& out) {
  if (number.IsZero()) {
    out.push_back('0');
    return;
  }
  if (number.negative) {
    out.push_back('-');
  }
  out.append(number.digits);
  out.push_back('e');
  out.append(std::to_string(number.point));
}

// DynamoDB stores a number as an exponent byte and its significant digits in base 100, the
// pairs aligned on the decimal point. "DynamoDB item sizes and formats"
// (docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html)
// gives this only approximately, "1 byte per two significant digits + 1 byte", leading and
// trailing zeros trimmed. The exact count used here (a digit alone in its pair costs a whole
// byte, a negative number one byte more, zero one byte) is the one dynalite, an emulator
// checked against the service's size errors, applies; it is never below the documented
// approximation, so a size check errs on the side of refusing.
std::uint64_t NumberSizeBytes(const Decimal& number) {
  if (number.IsZero()) {
    return 1;
  }

  // The first digit stands for 10^(point - 1). When that power is even the digit sits in the
  // low half of its base-100 pair and takes a byte of its own.
  const std::int64_t first_power = number.point - 1;
  const bool first_alone = first_power % 2 == 0;
  const std::uint64_t pairs = (number.digits.size() + (first_alone ? 1 : 0) + 1) / 2;
  return 1 + pairs + (number.negative ? 1 : 0);
}

}  // namespace ddbm::item

namespace ddbm::item {

std::string CanonicalNumber(std::string_view number) {
  Decimal parsed;
  if (!ParseDecimal(number, parsed)) {
    return std::string(number);
  }
  std::string canonical;
  AppendCanonical(parsed, canonical);
  return canonical;
}

}  // namespace ddbm::item
