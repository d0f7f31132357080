// The DynamoDB attribute value types and the descriptors that name them in DynamoDB JSON
// ({"S":"x"}, {"NS":["1","2"]}, ...). Private to the item module.
#pragma once

#include <optional>
#include <string_view>

#include <simdjson.h>

namespace ddbm::item {

enum class AttributeType : unsigned char { kS, kN, kB, kSS, kNS, kBS, kM, kL, kNull, kBool };

/// The type a descriptor names, or nullopt for anything but the ten DynamoDB descriptors.
std::optional<AttributeType> AttributeTypeFromDescriptor(std::string_view descriptor);

/// An attribute value taken apart: {"<descriptor>": <value>}.
struct TypedValue {
  AttributeType type;
  std::string_view descriptor;
  simdjson::dom::element value;
};

/// Takes apart an attribute value of an item that ItemInspector::Load accepted.
TypedValue Typed(simdjson::dom::element attribute_value);

}  // namespace ddbm::item
