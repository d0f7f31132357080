#include "item/attribute_type.h"

#include <array>
#include <utility>

namespace ddbm::item {
namespace {

constexpr std::array<std::pair<std::string_view, AttributeType>, 10> kDescriptors = {{
    {"S", AttributeType::kS},
    {"N", AttributeType::kN},
    {"B", AttributeType::kB},
    {"M", AttributeType::kM},
    {"L", AttributeType::kL},
    {"SS", AttributeType::kSS},
    {"NS", AttributeType::kNS},
    {"BS", AttributeType::kBS},
    {"NULL", AttributeType::kNull},
    {"BOOL", AttributeType::kBool},
}};

}  // namespace

std::optional<AttributeType> AttributeTypeFromDescriptor(std::string_view descriptor) {
  for (const auto& [name, type] : kDescriptors) {
    if (name == descriptor) {
      return type;
    }
  }
  return std::nullopt;
}

TypedValue Typed(simdjson::dom::element attribute_value) {
  // Load checked that every attribute value is an object with exactly one known descriptor.
  simdjson::dom::object object = attribute_value.get_object().value_unsafe();
  simdjson::dom::key_value_pair member = *object.begin();
  return TypedValue{*AttributeTypeFromDescriptor(member.key), member.key, member.value};
}

}  // namespace ddbm::item
