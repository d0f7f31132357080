#include "item/member_scan.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include <simdjson.h>

#include "item/item_text.h"

namespace ddbm::item {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Walks JSON text by hand, one token at a time, with every read bounds-checked.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t Position() const { return pos_; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && IsSpace(text_[pos_])) {
      ++pos_;
    }
  }

  void Expect(char c, const char* what) {
    SkipSpace();
    if (Peek() != c) {
      Fail(what);
    }
    ++pos_;
  }

  // At a '"': moves past the string and returns its raw (still escaped) content.
  std::string_view String() {
    std::size_t begin = ++pos_;
    while (true) {
      const void* quote = std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
      if (quote == nullptr) {
        pos_ = text_.size();
        Fail("unterminated string");
      }
      std::size_t at = static_cast<const char*>(quote) - text_.data();

      // The quote ends the string unless an odd number of backslashes escapes it.
      std::size_t backslashes = 0;
      while (at - backslashes > begin && text_[at - backslashes - 1] == '\\') {
        ++backslashes;
      }
      pos_ = at + 1;
      if (backslashes % 2 == 0) {
        return text_.substr(begin, at - begin);
      }
    }
  }

  // Moves past one value of any kind without checking its content.
  void SkipValue() {
    SkipSpace();
    char c = Peek();
    if (c == '"') {
      String();
      return;
    }
    if (c == '{' || c == '[') {
      SkipContainer();
      return;
    }

    // A number or a literal: everything up to the next delimiter.
    std::size_t begin = pos_;
    while (!AtEnd() && !IsSpace(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != '}' &&
           text_[pos_] != ']') {
      ++pos_;
    }
    if (pos_ == begin) {
      Fail("expected a value");
    }
  }

  [[noreturn]] void Fail(const char* what) const {
    throw ItemFormatError("item is not valid JSON: " + std::string(what) + " at byte " +
                          std::to_string(pos_));
  }

 private:
  void SkipContainer() {
    std::size_t depth = 0;
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c == '"') {
        String();
        continue;
      }
      ++pos_;
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return;
        }
      }
    }
    Fail("unterminated object or array");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Attribute names rarely hold escapes; when one does, simdjson decodes it.
std::string_view Unescaped(std::string_view raw_name, std::string& storage) {
  if (raw_name.find('\\') == std::string_view::npos) {
    return raw_name;
  }

  thread_local simdjson::dom::parser parser;
  simdjson::padded_string quoted("\"" + std::string(raw_name) + "\"");
  std::string_view name;
  if (parser.parse(quoted).get_string().get(name) != simdjson::SUCCESS) {
    throw ItemFormatError("item is not valid JSON: bad escape in attribute name " +
                          JsonQuote(raw_name));
  }
  storage.assign(name);
  return storage;
}

// Reads an attribute value such as {"NULL":true} or {"S":""} far enough to tell whether a
// fill rule applies to it.
FillState Classify(Scanner& scanner, std::string_view name) {
  auto fail = [&](const char* problem) {
    throw ItemFormatError("item attribute " + std::string(name) + ": " + problem);
  };

  scanner.SkipSpace();
  if (scanner.Peek() != '{') {
    fail("value is not an object holding one type descriptor");
  }
  scanner.Expect('{', "expected '{'");
  scanner.SkipSpace();
  if (scanner.Peek() != '"') {
    fail("value does not hold exactly one type descriptor");
  }
  std::string storage;
  std::string_view descriptor = Unescaped(scanner.String(), storage);
  scanner.Expect(':', "expected ':'");
  scanner.SkipSpace();

  FillState state = FillState::kUsable;
  std::size_t value_begin = scanner.Position();
  scanner.SkipValue();
  if (descriptor == "NULL") {
    state = FillState::kNull;
  } else if (descriptor == "S" && scanner.Position() - value_begin == 2) {
    state = FillState::kEmptyString;  // the two-byte value "" is the only empty string
  }

  scanner.SkipSpace();
  if (scanner.Peek() != '}') {
    fail("value does not hold exactly one type descriptor");
  }
  scanner.Expect('}', "expected '}'");
  return state;
}

int WatchedIndex(std::string_view name, std::span<const std::string_view> watch) {
  for (std::size_t i = 0; i < watch.size(); ++i) {
    if (watch[i] == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

const ItemLayout& ScanTopLevel(std::string_view raw, std::span<const std::string_view> watch) {
  // Fill rules name key attributes, at most two per table; a bit each is plenty.
  if (watch.size() > 64) {
    throw std::logic_error("ScanTopLevel watches at most 64 names");
  }
  thread_local ItemLayout layout;
  layout.members.clear();
  std::uint64_t seen = 0;
  std::string storage;

  Scanner scanner(raw);
  scanner.SkipSpace();
  if (scanner.Peek() != '{') {
    throw ItemFormatError("item is not a JSON object");
  }
  layout.open = scanner.Position();
  scanner.Expect('{', "expected '{'");
  scanner.SkipSpace();

  while (scanner.Peek() != '}') {
    if (!layout.members.empty()) {
      scanner.Expect(',', "expected ',' or '}'");
      scanner.SkipSpace();
    }
    if (scanner.Peek() != '"') {
      scanner.Fail("expected an attribute name");
    }

    MemberSpan member;
    member.key_begin = scanner.Position();
    std::string_view name = Unescaped(scanner.String(), storage);
    scanner.Expect(':', "expected ':'");
    scanner.SkipSpace();
    member.value_begin = scanner.Position();
    member.watched = WatchedIndex(name, watch);
    if (member.watched >= 0) {
      std::uint64_t bit = std::uint64_t{1} << member.watched;
      if ((seen & bit) != 0) {
        throw ItemFormatError("item has attribute " + std::string(name) + " more than once");
      }
      seen |= bit;
      member.fill_state = Classify(scanner, name);
    } else {
      scanner.SkipValue();
    }
    member.value_end = scanner.Position();
    layout.members.push_back(member);
    scanner.SkipSpace();
  }
  layout.close = scanner.Position();
  scanner.Expect('}', "expected '}'");

  scanner.SkipSpace();
  if (!scanner.AtEnd()) {
    scanner.Fail("text after the item's closing brace");
  }
  return layout;
}

}  // namespace ddbm::item
