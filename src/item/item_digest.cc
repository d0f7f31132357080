// The canonical form behind ItemInspector::CanonicalDigest. Every value is written as a type
// tag and its content, lengths and counts as varints before what they measure, so no two
// different items share an encoding:
//   S  's' len bytes          (unescaped UTF-8, byte for byte, no Unicode normalization)
//   N  'n' len canonical      ("0" or "[-]<digits>e<point>", see decimal.h)
//   B  'b' len bytes          (decoded)
//   SS/NS/BS  'S'/'N'/'B' count, then the elements as above without their tag, sorted by
//             their canonical bytes with duplicates dropped (for NS that means by value:
//             1.5 and 1.50 are one element)
//   BOOL 't' or 'f';  NULL '0'
//   L  'L' count values       (order kept)
//   M  'M' count (len name value)...   sorted by the name's unescaped bytes
// The item itself is encoded as an M after a version line, so a later change to this form
// cannot be mistaken for a change in the data.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "item/attribute_type.h"
#include "item/base64.h"
#include "item/decimal.h"
#include "item/inspector_state.h"

namespace ddbm::item {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kFormatLine = "ddbmigrate item digest v1\n";

class CanonicalWriter {
 public:
  explicit CanonicalWriter(InspectorState& state) : state_(state), out_(state.canonical) {}

  void Item(dom::object attributes) {
    out_.clear();
    out_.append(kFormatLine);
    Map(attributes, 0);
  }

 private:
  void Length(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }

  void Bytes(std::string_view bytes) {
    Length(bytes.size());
    out_.append(bytes);
  }

  void Value(dom::element attribute_value, std::size_t depth) {
    TypedValue typed = Typed(attribute_value);
    switch (typed.type) {
      case AttributeType::kS:
        out_.push_back('s');
        Bytes(typed.value.get_string().value_unsafe());
        return;
      case AttributeType::kN:
        out_.push_back('n');
        Number(typed.value.get_string().value_unsafe());
        return;
      case AttributeType::kB:
        out_.push_back('b');
        Binary(typed.value.get_string().value_unsafe());
        return;
      case AttributeType::kSS:
      case AttributeType::kNS:
      case AttributeType::kBS:
        Set(typed.type, typed.value.get_array().value_unsafe());
        return;
      case AttributeType::kBool:
        out_.push_back(typed.value.get_bool().value_unsafe() ? 't' : 'f');
        return;
      case AttributeType::kNull:
        out_.push_back('0');
        return;
      case AttributeType::kM:
        Map(typed.value.get_object().value_unsafe(), depth + 1);
        return;
      case AttributeType::kL:
        List(typed.value.get_array().value_unsafe(), depth + 1);
        return;
    }
  }

  void Number(std::string_view text) {
    ParseDecimal(text, state_.number);
    std::string& canonical = Scratch(0);
    AppendCanonical(state_.number, canonical);
    Bytes(canonical);
  }

  void Binary(std::string_view base64) {
    std::string& decoded = Scratch(0);
    AppendBase64Decoded(base64, decoded);
    Bytes(decoded);
  }

  void Map(dom::object members, std::size_t depth) {
    std::vector<Member>& sorted = InspectorState::AtDepth(state_.members_by_depth, depth);
    for (dom::key_value_pair member : members) {
      sorted.emplace_back(member.key, member.value);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Member& a, const Member& b) { return a.first < b.first; });

    out_.push_back('M');
    Length(sorted.size());
    for (const Member& member : sorted) {
      Bytes(member.first);
      Value(member.second, depth);
    }
  }

  void List(dom::array elements, std::size_t depth) {
    out_.push_back('L');
    Length(elements.size());
    for (dom::element element : elements) {
      Value(element, depth);
    }
  }

  // Sets are unordered and DynamoDB compares their elements by value, so the elements go out
  // in canonical form, sorted, each once.
  void Set(AttributeType type, dom::array elements) {
    std::vector<std::string_view>& views = state_.views;
    views.clear();
    if (type == AttributeType::kSS) {
      for (dom::element element : elements) {
        views.push_back(element.get_string().value_unsafe());
      }
    } else {
      // Size the scratch first: growing it later would move short strings that views
      // already point into.
      Scratch(elements.size());
      std::size_t index = 0;
      for (dom::element element : elements) {
        std::string_view text = element.get_string().value_unsafe();
        std::string& canonical = Scratch(index++);
        if (type == AttributeType::kNS) {
          ParseDecimal(text, state_.number);
          AppendCanonical(state_.number, canonical);
        } else {
          AppendBase64Decoded(text, canonical);
        }
      }
      for (std::size_t i = 0; i < index; ++i) {
        views.push_back(state_.strings[i]);
      }
    }
    std::sort(views.begin(), views.end());
    views.erase(std::unique(views.begin(), views.end()), views.end());

    out_.push_back(type == AttributeType::kSS ? 'S' : type == AttributeType::kNS ? 'N' : 'B');
    Length(views.size());
    for (std::string_view view : views) {
      Bytes(view);
    }
  }

  // The index-th scratch string, cleared; kept between items so its capacity is reused.
  std::string& Scratch(std::size_t index) {
    std::vector<std::string>& strings = state_.strings;
    if (strings.size() <= index) {
      strings.resize(index + 1);
    }
    strings[index].clear();
    return strings[index];
  }

  InspectorState& state_;
  std::string& out_;
};

}  // namespace

std::string ItemInspector::CanonicalDigest() const {
  if (!state_->loaded) {
    throw std::logic_error("ItemInspector::CanonicalDigest called before a successful Load");
  }

  CanonicalWriter(*state_).Item(state_->root);
  state_->sha.Reset();
  state_->sha.Update(state_->canonical);
  return state_->sha.Hex();
}

}  // namespace ddbm::item
