// Taking JSON text apart without re-encoding it, for the fault proxy: a BatchWriteItem it trims
// must hand back the very bytes the client sent as UnprocessedItems, and a Scan it answers with
// an empty page must echo the ExclusiveStartKey as it came. nlohmann::json would re-serialise
// both, so this splits the text at its top-level structure and keeps every value verbatim.
//
// Lenient by design: the input is assumed to be valid JSON (the proxy parses it with nlohmann
// first); malformed text gives nullopt, never undefined behaviour.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbm::testing {

struct RawMember {
  std::string name;        // decoded member name
  std::string_view value;  // the value's text, exactly as in the input
};

/// The members of a JSON object, in order; nullopt when `text` is not one object.
std::optional<std::vector<RawMember>> RawObjectMembers(std::string_view text);

/// The elements of a JSON array, in order; nullopt when `text` is not one array.
std::optional<std::vector<std::string_view>> RawArrayElements(std::string_view text);

/// The raw value of member `name` of the object `text`; nullopt when absent or not an object.
std::optional<std::string_view> RawMemberValue(std::string_view text, std::string_view name);

/// An object written from members whose values are already JSON text.
std::string WriteRawObject(const std::vector<std::pair<std::string, std::string>>& members);

/// `text` as a JSON string literal, quotes included.
std::string JsonQuoted(std::string_view text);

}  // namespace ddbm::testing
