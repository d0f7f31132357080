// JSON string literals as RFC 8259 section 7 requires: quotation mark, reverse solidus and the
// control characters U+0000..U+001F escaped, everything else (non-ASCII UTF-8 included) kept
// as it is.
#include <string>
#include <string_view>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

bool NeedsEscape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

void AppendEscaped(unsigned char c, std::string& out) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0x0f]);
}

}  // namespace

std::string JsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');

  // Copy runs of characters that need no escape in one piece.
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!NeedsEscape(c)) {
      continue;
    }
    out.append(text, run_start, i - run_start);
    AppendEscaped(c, out);
    run_start = i + 1;
  }
  out.append(text, run_start, std::string_view::npos);

  out.push_back('"');
  return out;
}

}  // namespace ddbm::item
