// Item size as DynamoDB counts it against its 400 KB item limit, following "DynamoDB item
// sizes and formats" (docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// CapacityUnitCalculations.html):
//   - every attribute: UTF-8 bytes of its name + the size of its value;
//   - S: UTF-8 bytes; B: raw (decoded) bytes; N: see NumberSizeBytes in decimal.cc;
//   - BOOL and NULL: 1 byte;
//   - sets: the sum of their elements' sizes;
//   - L and M: 3 bytes, plus 1 byte per element and the element's size (for M the element is
//     a name and a value, counted as for a top-level attribute).
#include <cstdint>
#include <stdexcept>

#include "item/attribute_type.h"
#include "item/base64.h"
#include "item/decimal.h"
#include "item/inspector_state.h"

namespace ddbm::item {
namespace {

namespace dom = simdjson::dom;

// A list or map costs 3 bytes whatever it holds, and each element 1 byte more.
constexpr std::uint64_t kContainerOverhead = 3;
constexpr std::uint64_t kElementOverhead = 1;

class SizeCounter {
 public:
  explicit SizeCounter(Decimal& number) : number_(number) {}

  std::uint64_t Attributes(dom::object object) {
    std::uint64_t size = 0;
    for (dom::key_value_pair member : object) {
      size += member.key.size() + Value(member.value);
    }
    return size;
  }

 private:
  std::uint64_t Value(dom::element attribute_value) {
    TypedValue typed = Typed(attribute_value);
    switch (typed.type) {
      case AttributeType::kS:
      case AttributeType::kN:
      case AttributeType::kB:
        return Scalar(typed.type, typed.value.get_string().value_unsafe());
      case AttributeType::kSS:
      case AttributeType::kNS:
      case AttributeType::kBS:
        return Set(typed.type, typed.value.get_array().value_unsafe());
      case AttributeType::kNull:
      case AttributeType::kBool:
        return 1;
      case AttributeType::kM: {
        dom::object members = typed.value.get_object().value_unsafe();
        return kContainerOverhead + kElementOverhead * members.size() + Attributes(members);
      }
      case AttributeType::kL: {
        std::uint64_t size = kContainerOverhead;
        dom::array elements = typed.value.get_array().value_unsafe();
        for (dom::element element : elements) {
          size += kElementOverhead + Value(element);
        }
        return size;
      }
    }
    return 0;
  }

  std::uint64_t Set(AttributeType type, dom::array elements) {
    AttributeType element_type = type == AttributeType::kSS   ? AttributeType::kS
                                 : type == AttributeType::kNS ? AttributeType::kN
                                                              : AttributeType::kB;
    std::uint64_t size = 0;
    for (dom::element element : elements) {
      size += Scalar(element_type, element.get_string().value_unsafe());
    }
    return size;
  }

  std::uint64_t Scalar(AttributeType type, std::string_view text) {
    if (type == AttributeType::kB) {
      return static_cast<std::uint64_t>(Base64DecodedSize(text));
    }
    if (type == AttributeType::kN) {
      ParseDecimal(text, number_);
      return NumberSizeBytes(number_);
    }
    return text.size();
  }

  Decimal& number_;
};

}  // namespace

std::uint64_t ItemInspector::SizeBytes() const {
  if (!state_->loaded) {
    throw std::logic_error("ItemInspector::SizeBytes called before a successful Load");
  }
  return SizeCounter(state_->number).Attributes(state_->root);
}

}  // namespace ddbm::item
