// Edits of item text that change one attribute and copy every other byte as it was: fill
// rules for missing key attributes, and removal of an attribute.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "item/item_text.h"
#include "item/member_scan.h"

namespace ddbm::item {
namespace {

constexpr std::size_t kMaxFills = 8;

// Fill rules name key attributes, so a table has at most two; a fixed array of their names
// keeps ApplyFills free of allocations beyond its result.
struct WatchList {
  std::string_view names[kMaxFills];
  std::size_t rule[kMaxFills];
  std::size_t size = 0;
};

WatchList Watch(const std::vector<FillRule>& fills) {
  WatchList watch;
  for (std::size_t i = 0; i < fills.size(); ++i) {
    std::string_view name = fills[i].attribute;
    bool repeated = false;
    for (std::size_t j = 0; j < watch.size; ++j) {
      repeated = repeated || watch.names[j] == name;
    }
    if (repeated) {
      continue;  // a second rule for the same attribute could never apply
    }
    if (watch.size == kMaxFills) {
      throw std::invalid_argument("ApplyFills takes at most 8 fill rules");
    }
    watch.names[watch.size] = name;
    watch.rule[watch.size] = i;
    ++watch.size;
  }
  return watch;
}

void AppendFilledValue(const FillRule& rule, std::string& out) {
  out += "{\"S\":";
  out += JsonQuote(rule.value);
  out += '}';
}

}  // namespace

bool NeedsFill(const AttributeInfo& attribute) {
  if (!attribute.present || attribute.type == "NULL") {
    return true;
  }
  return attribute.type == "S" && attribute.value.empty();
}

std::string ApplyFills(std::string_view raw, const std::vector<FillRule>& fills, int* filled) {
  if (filled != nullptr) {
    *filled = 0;
  }
  if (fills.empty()) {
    return std::string(raw);
  }
  WatchList watch = Watch(fills);
  const ItemLayout& layout = ScanTopLevel(raw, {watch.names, watch.size});

  bool present[kMaxFills] = {};
  for (const MemberSpan& member : layout.members) {
    if (member.watched >= 0) {
      present[member.watched] = true;
    }
  }

  // Missing attributes go first, just before the first member (after any whitespace, so
  // removing them again restores the text), each followed by a comma unless nothing follows.
  std::size_t insert_at = layout.members.empty() ? layout.open + 1 : layout.members[0].key_begin;
  std::string out;
  out.reserve(raw.size() + 64);
  out.append(raw.substr(0, insert_at));
  int count = 0;

  std::size_t missing = 0;
  for (std::size_t i = 0; i < watch.size; ++i) {
    missing += present[i] ? 0 : 1;
  }
  for (std::size_t i = 0; i < watch.size; ++i) {
    if (present[i]) {
      continue;
    }
    const FillRule& rule = fills[watch.rule[i]];
    out += JsonQuote(rule.attribute);
    out += ':';
    AppendFilledValue(rule, out);
    ++count;
    if (count < static_cast<int>(missing) || !layout.members.empty()) {
      out += ',';
    }
  }

  // Present attributes that are NULL or the empty string get their value replaced in place.
  std::size_t copied = insert_at;
  for (const MemberSpan& member : layout.members) {
    if (member.watched < 0 || member.fill_state == FillState::kUsable) {
      continue;
    }
    out.append(raw.substr(copied, member.value_begin - copied));
    AppendFilledValue(fills[watch.rule[member.watched]], out);
    copied = member.value_end;
    ++count;
  }
  out.append(raw.substr(copied));

  if (filled != nullptr) {
    *filled = count;
  }
  return out;
}

std::string RemoveAttribute(std::string_view raw, std::string_view name) {
  const ItemLayout& layout = ScanTopLevel(raw, {&name, 1});

  std::size_t index = 0;
  while (index < layout.members.size() && layout.members[index].watched < 0) {
    ++index;
  }
  if (index == layout.members.size()) {
    return std::string(raw);
  }

  // Remove the member with the separator on one side of it: the comma after it, or for the
  // last of several members the comma before it.
  const std::vector<MemberSpan>& members = layout.members;
  std::size_t begin = members[index].key_begin;
  std::size_t end = members[index].value_end;
  if (index + 1 < members.size()) {
    end = members[index + 1].key_begin;
  } else if (index > 0) {
    begin = members[index - 1].value_end;
  }

  std::string out;
  out.reserve(raw.size() - (end - begin));
  out.append(raw.substr(0, begin));
  out.append(raw.substr(end));
  return out;
}

}  // namespace ddbm::item
