// An independent judge of DynamoDB values for tests, written without the tool's item code: two
// items are equal when they hold the same data as DynamoDB compares it. Numbers compare by
// value, exactly (no floating point: 38 digits must count), sets as sets, maps by key, lists in
// order, binary by its decoded bytes, strings byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ddbm::testing {

/// A DynamoDB number in one text per value, "0" or "[-]0.<digits>E<exponent>" with no leading
/// or trailing zeros in the digits; nullopt when `text` is not a number.
std::optional<std::string> CanonicalDecimal(std::string_view text);

/// Whether two number texts have the same value ("1.50" and "15E-1", "-0" and "0").
bool SameNumber(std::string_view a, std::string_view b);

/// The bytes `text` encodes in standard base64; nullopt when it is not base64.
std::optional<std::string> DecodeBase64(std::string_view text);

/// Empty when the two items (objects of attribute name -> {"<type>": value}) are equal as
/// DynamoDB compares them; otherwise the first difference found, with the path to it, e.g.
/// `deep.M["l1"].L[2]: N 1.5 vs 1.6`.
std::string ItemDifference(const nlohmann::json& expected, const nlohmann::json& actual);

/// The item with every set sorted, so that items compared as JSON differ only when a value's
/// text does (numbers digit for digit, binary as its base64 text).
nlohmann::json SortedSets(nlohmann::json item);

}  // namespace ddbm::testing
