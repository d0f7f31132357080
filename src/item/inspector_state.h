// What an ItemInspector keeps between calls: the parsed item and scratch buffers reused for
// every item, so inspecting an item allocates nothing once the buffers have grown. Private to
// the item module.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "common/sha256.h"
#include "item/decimal.h"
#include "item/item_text.h"

namespace ddbm::item {

using Member = std::pair<std::string_view, simdjson::dom::element>;

// Lives outside ItemInspector, whose State is private, so the module's free helpers can take
// it; ItemInspector::State (below) is nothing more.
struct InspectorState {
  simdjson::dom::parser parser;
  std::string buffer;  // the item text followed by the padding simdjson reads past the end
  simdjson::dom::object root;
  bool loaded = false;

  // Scratch, one vector per nesting depth where the walk recurses. A deque, so growing it
  // for a deeper level leaves the vectors of the levels above in place.
  std::deque<std::vector<std::string_view>> names_by_depth;
  std::deque<std::vector<Member>> members_by_depth;

  // Scratch for set elements and numbers (sets hold scalars only, so one of each suffices).
  std::vector<std::string_view> views;
  std::vector<std::string> strings;
  Decimal number;
  std::string canonical;
  Sha256 sha;

  template <typename T>
  static std::vector<T>& AtDepth(std::deque<std::vector<T>>& pool, std::size_t depth) {
    if (pool.size() <= depth) {
      pool.resize(depth + 1);
    }
    pool[depth].clear();
    return pool[depth];
  }
};

struct ItemInspector::State : InspectorState {};

/// Throws ItemFormatError naming the attribute path when `root` is not a DynamoDB item.
void ValidateItem(simdjson::dom::element root, InspectorState& state);

}  // namespace ddbm::item
