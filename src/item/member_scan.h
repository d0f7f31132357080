// Where the top-level members of an item's text begin and end, so an edit can replace or
// remove one member and copy every other byte as it was. Private to the item module.
//
// A direct scan rather than simdjson's on-demand API: an edit needs exact byte offsets of
// values and the end of the object, which simdjson 3.0's on-demand values do not expose, and
// its on-demand kernel is the portable fallback in a build without -march flags. Full
// validation stays with ItemInspector::Load (simdjson DOM, with runtime CPU dispatch).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace ddbm::item {

/// What a watched member's attribute value is, as far as fill rules care.
enum class FillState : unsigned char { kUsable, kNull, kEmptyString };

struct MemberSpan {
  std::size_t key_begin = 0;    // offset of the name's opening quote
  std::size_t value_begin = 0;  // offset of the value's first byte
  std::size_t value_end = 0;    // offset one past the value's last byte
  int watched = -1;             // index in `watch` when the member's name is one of them
  FillState fill_state = FillState::kUsable;  // classified for watched members only
};

struct ItemLayout {
  std::size_t open = 0;   // offset of the item's "{"
  std::size_t close = 0;  // offset of the item's "}"
  std::vector<MemberSpan> members;
};

/// Scans the top level of the item text `raw`, classifying the values of members named in
/// `watch` (at most 64 names). Throws ItemFormatError when `raw` is not a JSON object, when a
/// watched member's value is not an attribute value, or when a watched name appears twice.
/// Values of other members are skipped, not validated. The result is reused by the next scan
/// on the same thread.
const ItemLayout& ScanTopLevel(std::string_view raw, std::span<const std::string_view> watch);

}  // namespace ddbm::item
