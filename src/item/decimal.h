// DynamoDB numbers as decimal digit strings, read exactly: no floating type holds 38 digits.
// Private to the item module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ddbm::item {

/// A number split into sign, significant digits and the position of the decimal point:
/// value = (negative ? -1 : 1) * 0.<digits> * 10^point. Zero has empty digits and is never
/// negative, so equal values have equal parts ("1.50", "15E-1" and "0.15e1" all give
/// digits "15", point 1).
struct Decimal {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros; empty for zero
  std::int64_t point = 0;

  bool IsZero() const { return digits.empty(); }
};

/// Parses a DynamoDB number string: optional sign, digits with an optional decimal point (at
/// least one digit), optional exponent. Reuses `out`'s buffer. Returns false for anything
/// else, including exponents too large for any DynamoDB number to carry.
bool ParseDecimal(std::string_view text, Decimal& out);

/// Appends the canonical text of `number` to `out`: "0", or "[-]<digits>e<point>".
void AppendCanonical(const Decimal& number, std::string& out);

/// Bytes DynamoDB counts for the number's value (attribute name excluded).
std::uint64_t NumberSizeBytes(const Decimal& number);

}  // namespace ddbm::item
