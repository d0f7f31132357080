#include "dynamo_json_compare.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ddbm::testing {
namespace {

using nlohmann::json;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Exponents beyond this cannot come from any DynamoDB number (its range is 1E-130 to 1E+126);
// refusing them keeps the arithmetic below in range.
constexpr long long kMaxExponentDigits = 6;

std::string Describe(const json& value) {
  std::string text = value.dump();
  return text.size() > 120 ? text.substr(0, 117) + "..." : text;
}

std::string MemberPath(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + ".M[" + json(name).dump() + "]";
}

std::string ItemDifferenceAt(const json& expected, const json& actual, const std::string& path);

// A set's members reduced to one comparable text each, sorted; nullopt when a member is not of
// the set's type.
std::optional<std::vector<std::string>> SetMembers(const std::string& type, const json& members) {
  if (!members.is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> texts;
  for (const json& member : members) {
    if (!member.is_string()) {
      return std::nullopt;
    }
    std::optional<std::string> text = member.get<std::string>();
    if (type == "NS") {
      text = CanonicalDecimal(*text);
    } else if (type == "BS") {
      text = DecodeBase64(*text);
    }
    if (!text) {
      return std::nullopt;
    }
    texts.push_back(*text);
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

std::string ValueDifference(const json& expected, const json& actual, const std::string& path) {
  if (!expected.is_object() || expected.size() != 1 || !actual.is_object() || actual.size() != 1) {
    return path + ": not a single-typed attribute value: " + Describe(expected) + " vs " +
           Describe(actual);
  }
  const std::string type = expected.begin().key();
  if (actual.begin().key() != type) {
    return path + ": type " + type + " vs " + actual.begin().key();
  }
  const json& want = expected.begin().value();
  const json& got = actual.begin().value();
  std::string mismatch = path + ": " + type + " " + Describe(want) + " vs " + Describe(got);

  if (type == "S" || type == "BOOL" || type == "NULL") {
    return want == got ? "" : mismatch;
  }
  if (type == "N") {
    bool same = want.is_string() && got.is_string() &&
                SameNumber(want.get<std::string>(), got.get<std::string>());
    return same ? "" : mismatch;
  }
  if (type == "B") {
    if (!want.is_string() || !got.is_string()) {
      return mismatch;
    }
    std::optional<std::string> want_bytes = DecodeBase64(want.get<std::string>());
    std::optional<std::string> got_bytes = DecodeBase64(got.get<std::string>());
    return want_bytes && got_bytes && *want_bytes == *got_bytes ? "" : mismatch;
  }
  if (type == "SS" || type == "NS" || type == "BS") {
    auto want_members = SetMembers(type, want);
    auto got_members = SetMembers(type, got);
    return want_members && got_members && *want_members == *got_members ? "" : mismatch;
  }
  if (type == "L") {
    if (!want.is_array() || !got.is_array() || want.size() != got.size()) {
      return mismatch;
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
      std::string difference =
          ValueDifference(want[i], got[i], path + ".L[" + std::to_string(i) + "]");
      if (!difference.empty()) {
        return difference;
      }
    }
    return "";
  }
  if (type == "M") {
    if (!want.is_object() || !got.is_object()) {
      return mismatch;
    }
    return ItemDifferenceAt(want, got, path);
  }
  return path + ": unknown type " + type;
}

std::string ItemDifferenceAt(const json& expected, const json& actual, const std::string& path) {
  if (!expected.is_object() || !actual.is_object()) {
    return (path.empty() ? "item" : path) + ": not an object";
  }
  for (const auto& [name, value] : expected.items()) {
    if (!actual.contains(name)) {
      return MemberPath(path, name) + ": missing";
    }
    std::string difference = ValueDifference(value, actual[name], MemberPath(path, name));
    if (!difference.empty()) {
      return difference;
    }
  }
  for (const auto& [name, value] : actual.items()) {
    if (!expected.contains(name)) {
      return MemberPath(path, name) + ": not expected, holds " + Describe(value);
    }
  }
  return "";
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (IsDigit(c)) {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

}  // namespace

std::optional<std::string> CanonicalDecimal(std::string_view text) {
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) {
    negative = text[at] == '-';
    ++at;
  }

  // All digits of the mantissa, and how many of them stand before the decimal point.
  std::string digits;
  long long integer_digits = 0;
  bool seen_point = false;
  for (; at < text.size() && (IsDigit(text[at]) || text[at] == '.'); ++at) {
    if (text[at] == '.') {
      if (seen_point) {
        return std::nullopt;
      }
      seen_point = true;
      continue;
    }
    digits += text[at];
    integer_digits += seen_point ? 0 : 1;
  }
  if (digits.empty()) {
    return std::nullopt;
  }

  long long exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    bool exponent_negative = false;
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) {
      exponent_negative = text[at] == '-';
      ++at;
    }
    std::size_t start = at;
    for (; at < text.size() && IsDigit(text[at]); ++at) {
      exponent = exponent * 10 + (text[at] - '0');
    }
    if (at == start || static_cast<long long>(at - start) > kMaxExponentDigits) {
      return std::nullopt;
    }
    exponent = exponent_negative ? -exponent : exponent;
  }
  if (at != text.size()) {
    return std::nullopt;
  }

  // value = 0.<digits> * 10^(integer_digits + exponent); drop the zeros that do not count.
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return "0";
  }
  long long point = integer_digits + exponent - static_cast<long long>(first);
  digits = digits.substr(first);
  digits.erase(digits.find_last_not_of('0') + 1);
  return std::string(negative ? "-" : "") + "0." + digits + "E" + std::to_string(point);
}

bool SameNumber(std::string_view a, std::string_view b) {
  std::optional<std::string> left = CanonicalDecimal(a);
  std::optional<std::string> right = CanonicalDecimal(b);
  return left && right && *left == *right;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string bytes;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int values[4];
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      bool last_group = i + 4 == text.size();
      if (c == '=' && last_group && j >= 2) {
        values[j] = 0;
        ++padding;
        continue;
      }
      values[j] = padding > 0 ? -1 : Base64Value(c);
      if (values[j] < 0) {
        return std::nullopt;
      }
    }
    unsigned group = (static_cast<unsigned>(values[0]) << 18) |
                     (static_cast<unsigned>(values[1]) << 12) |
                     (static_cast<unsigned>(values[2]) << 6) | static_cast<unsigned>(values[3]);
    bytes += static_cast<char>((group >> 16) & 0xff);
    if (padding < 2) {
      bytes += static_cast<char>((group >> 8) & 0xff);
    }
    if (padding < 1) {
      bytes += static_cast<char>(group & 0xff);
    }
  }
  return bytes;
}

std::string ItemDifference(const nlohmann::json& expected, const nlohmann::json& actual) {
  return ItemDifferenceAt(expected, actual, "");
}

nlohmann::json SortedSets(nlohmann::json item) {
  if (item.is_object()) {
    for (auto& [key, member] : item.items()) {
      if ((key == "SS" || key == "NS" || key == "BS") && member.is_array()) {
        std::sort(member.begin(), member.end());
      } else {
        member = SortedSets(member);
      }
    }
  } else if (item.is_array()) {
    for (auto& element : item) {
      element = SortedSets(element);
    }
  }
  return item;
}

}  // namespace ddbm::testing
