#include <stdexcept>
#include <string>

#include "item/attribute_type.h"
#include "item/base64.h"
#include "item/inspector_state.h"

namespace ddbm::item {

ItemInspector::ItemInspector() : state_(new State) {}

ItemInspector::~ItemInspector() {
  delete state_;
}

void ItemInspector::Load(std::string_view raw) {
  state_->loaded = false;

  // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input; copying into a
  // buffer kept between items gives it that room without an allocation per item.
  std::string& buffer = state_->buffer;
  buffer.assign(raw);
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');

  simdjson::dom::element root;
  simdjson::error_code error = state_->parser.parse(buffer.data(), raw.size(), false).get(root);
  if (error != simdjson::SUCCESS) {
    throw ItemFormatError(std::string("item is not valid JSON: ") + simdjson::error_message(error));
  }

  ValidateItem(root, *state_);
  state_->root = root.get_object().value_unsafe();
  state_->loaded = true;
}

AttributeInfo ItemInspector::Attribute(std::string_view name) const {
  if (!state_->loaded) {
    throw std::logic_error("ItemInspector::Attribute called before a successful Load");
  }

  AttributeInfo info;
  for (simdjson::dom::key_value_pair member : state_->root) {
    if (member.key != name) {
      continue;
    }

    TypedValue typed = Typed(member.value);
    info.present = true;
    info.type = typed.descriptor;
    switch (typed.type) {
      case AttributeType::kS:
      case AttributeType::kN:
        info.value = typed.value.get_string().value_unsafe();
        info.value_bytes = info.value.size();
        break;
      case AttributeType::kB:
        info.value = typed.value.get_string().value_unsafe();
        info.value_bytes = static_cast<std::size_t>(Base64DecodedSize(info.value));
        break;
      default:
        break;
    }
    return info;
  }
  return info;
}

}  // namespace ddbm::item
