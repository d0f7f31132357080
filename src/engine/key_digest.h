// 128-bit digests that stand for an item's key or content when whole tables are compared or
// checked for duplicate keys: collisions between distinct values are out of the question at
// any table size, and 16 bytes an item keep those passes' memory small.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "item/item_text.h"

namespace ddbm::engine {

using Digest128 = std::array<unsigned char, 16>;

/// The first 16 bytes of the SHA-256 of `material`.
Digest128 DigestOf(std::string_view material);

/// A key's digest from its attributes' values, in key order. Numbers count by value, so keys
/// equal as DynamoDB compares them get the same digest.
Digest128 KeyDigest(const std::vector<item::AttributeInfo>& values);

}  // namespace ddbm::engine
