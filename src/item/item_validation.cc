// Checks that parsed JSON is a DynamoDB item: an object of attribute values, each an object
// with exactly one type descriptor whose value has the shape that descriptor requires,
// recursively through maps and lists.
#include <algorithm>
#include <cstddef>
#include <optional>
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

// A value's place in the item, kept on the stack and rendered only for an error message:
// "payload.items[3].body".
struct PathNode {
  const PathNode* parent = nullptr;
  std::string_view name;
  std::size_t index = 0;
  bool is_index = false;
};

std::string Render(const PathNode* node) {
  std::vector<const PathNode*> chain;
  for (; node != nullptr; node = node->parent) {
    chain.push_back(node);
  }

  std::string text;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->is_index) {
      text += "[" + std::to_string((*it)->index) + "]";
      continue;
    }
    if (!text.empty()) {
      text += '.';
    }
    text += (*it)->name;
  }
  return text;
}

// Offending values appear in messages quoted and cut short: a bad number may be long.
std::string Shown(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) {
    return JsonQuote(text);
  }
  return JsonQuote(text.substr(0, kMaxShown)) + "...";
}

[[noreturn]] void Fail(const PathNode& path, const std::string& problem) {
  throw ItemFormatError("item attribute " + Render(&path) + ": " + problem);
}

class Validator {
 public:
  explicit Validator(InspectorState& state) : state_(state) {}

  void Attributes(dom::object object, const PathNode* parent, std::size_t depth) {
    CheckUniqueNames(object, parent, depth);
    for (dom::key_value_pair member : object) {
      PathNode path{parent, member.key};
      Value(member.value, path, depth);
    }
  }

 private:
  void CheckUniqueNames(dom::object object, const PathNode* parent, std::size_t depth) {
    if (object.size() < 2) {
      return;
    }

    std::vector<std::string_view>& names = InspectorState::AtDepth(state_.names_by_depth, depth);
    for (dom::key_value_pair member : object) {
      names.push_back(member.key);
    }
    std::sort(names.begin(), names.end());
    auto duplicate = std::adjacent_find(names.begin(), names.end());
    if (duplicate != names.end()) {
      PathNode path{parent, *duplicate};
      Fail(path, "the name appears more than once");
    }
  }

  void Value(dom::element element, const PathNode& path, std::size_t depth) {
    dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      Fail(path, "value is not an object holding one type descriptor");
    }
    if (object.size() != 1) {
      Fail(path, "value has " + std::to_string(object.size()) +
                     " members; a DynamoDB attribute value has exactly one type descriptor");
    }

    dom::key_value_pair member = *object.begin();
    std::optional<AttributeType> type = AttributeTypeFromDescriptor(member.key);
    if (!type) {
      Fail(path, "unknown type descriptor " + Shown(member.key) +
                     " (expected S, N, B, SS, NS, BS, M, L, NULL or BOOL)");
    }
    CheckTyped(*type, member.key, member.value, path, depth);
  }

  void CheckTyped(AttributeType type, std::string_view descriptor, dom::element value,
                  const PathNode& path, std::size_t depth) {
    switch (type) {
      case AttributeType::kS:
      case AttributeType::kN:
      case AttributeType::kB:
        Scalar(type, descriptor, value, path);
        return;
      case AttributeType::kSS:
      case AttributeType::kNS:
      case AttributeType::kBS:
        Set(type, descriptor, value, path);
        return;
      case AttributeType::kNull:
        // DynamoDB accepts only true here ("Null attribute value types must have the value
        // of true").
        if (!value.is_bool() || !value.get_bool().value_unsafe()) {
          Fail(path, "NULL value is not true");
        }
        return;
      case AttributeType::kBool:
        if (!value.is_bool()) {
          Fail(path, "BOOL value is not true or false");
        }
        return;
      case AttributeType::kM:
        Map(value, path, depth);
        return;
      case AttributeType::kL:
        List(value, path, depth);
        return;
    }
  }

  void Scalar(AttributeType type, std::string_view descriptor, dom::element value,
              const PathNode& path) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      Fail(path, std::string(descriptor) + " value is not a string");
    }
    CheckScalarText(type, descriptor, text, path);
  }

  void CheckScalarText(AttributeType type, std::string_view descriptor, std::string_view text,
                       const PathNode& path) {
    if ((type == AttributeType::kN || type == AttributeType::kNS) &&
        !ParseDecimal(text, state_.number)) {
      Fail(path, std::string(descriptor) + " value " + Shown(text) + " is not a number");
    }
    if ((type == AttributeType::kB || type == AttributeType::kBS) && Base64DecodedSize(text) < 0) {
      Fail(path, std::string(descriptor) + " value " + Shown(text) + " is not base64");
    }
  }

  void Set(AttributeType type, std::string_view descriptor, dom::element value,
           const PathNode& path) {
    dom::array elements;
    if (value.get_array().get(elements) != simdjson::SUCCESS) {
      Fail(path, std::string(descriptor) + " value is not an array of strings");
    }

    std::size_t index = 0;
    for (dom::element element : elements) {
      PathNode element_path{&path, {}, index++, true};
      std::string_view text;
      if (element.get_string().get(text) != simdjson::SUCCESS) {
        Fail(element_path, std::string(descriptor) + " element is not a string");
      }
      CheckScalarText(type, descriptor, text, element_path);
    }
  }

  void Map(dom::element value, const PathNode& path, std::size_t depth) {
    dom::object members;
    if (value.get_object().get(members) != simdjson::SUCCESS) {
      Fail(path, "M value is not an object");
    }
    Attributes(members, &path, depth + 1);
  }

  void List(dom::element value, const PathNode& path, std::size_t depth) {
    dom::array elements;
    if (value.get_array().get(elements) != simdjson::SUCCESS) {
      Fail(path, "L value is not an array");
    }

    std::size_t index = 0;
    for (dom::element element : elements) {
      PathNode element_path{&path, {}, index++, true};
      Value(element, element_path, depth + 1);
    }
  }

  InspectorState& state_;
};

}  // namespace

void ValidateItem(dom::element root, InspectorState& state) {
  dom::object attributes;
  if (root.get_object().get(attributes) != simdjson::SUCCESS) {
    throw ItemFormatError("item is not a JSON object");
  }
  Validator(state).Attributes(attributes, nullptr, 0);
}

}  // namespace ddbm::item
