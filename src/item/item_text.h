// Items travel through the tool as the raw DynamoDB JSON text the server sent, e.g.
// {"id":{"S":"a1"},"n":{"N":"1.50"}}, and are never re-encoded where they need not be:
// numbers stay digit strings, binary stays the base64 text it came as, string escapes stay as
// they were. These functions read or edit that text without touching the rest of it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ddbm::item {

/// A key attribute's value: type letter ('S', 'N' or 'B') and the value as DynamoDB holds it
/// (the unescaped UTF-8 string for S, the digit string for N, the base64 text for B).
struct KeyValue {
  char type = 0;
  std::string value;
  friend bool operator==(const KeyValue&, const KeyValue&) = default;
};

/// What one top-level attribute of an item looks like, enough to decide whether it can serve
/// as a key attribute.
struct AttributeInfo {
  bool present = false;
  std::string type;             // DynamoDB type descriptor: "S", "N", "B", "SS", "M", "NULL", ...
  std::string value;            // for S/N/B: as in KeyValue; empty otherwise
  std::size_t value_bytes = 0;  // for S: UTF-8 bytes; for B: decoded bytes; N: digits
};

struct FillRule {
  std::string attribute;  // e.g. "user_id"
  std::string value;      // string value to put there, e.g. "public"
};

/// Thrown when text is not a DynamoDB JSON item: not a JSON object, an attribute value that is
/// not an object with exactly one known type descriptor, and so on.
class ItemFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses DynamoDB JSON item text and answers questions about it. Reuses its buffers between
/// calls, so one instance per thread is cheap; not thread-safe.
class ItemInspector {
 public:
  ItemInspector();
  ~ItemInspector();
  ItemInspector(const ItemInspector&) = delete;
  ItemInspector& operator=(const ItemInspector&) = delete;

  /// Parses `raw` (an item object). Throws ItemFormatError when it is not a valid item.
  void Load(std::string_view raw);

  AttributeInfo Attribute(std::string_view name) const;

  /// Item size as DynamoDB counts it against the 400 KB limit: UTF-8 bytes of each attribute
  /// name plus the size of its value (strings in UTF-8 bytes, binary decoded, numbers by
  /// significant digits, container overheads included).
  std::uint64_t SizeBytes() const;

  /// An order-independent digest of the loaded item's content: maps compared by key, sets as
  /// sets, numbers by value (1.50 == 1.5), strings and binary byte for byte. Two items with
  /// equal digests hold the same data as DynamoDB compares it.
  std::string CanonicalDigest() const;

 private:
  struct State;
  State* state_;
};

/// A fill rule applies when the attribute is missing, NULL, or the empty string.
bool NeedsFill(const AttributeInfo& attribute);

/// Returns `raw` with each applicable fill rule applied: the attribute is added as
/// {"S":"<value>"} (replacing a NULL or empty-string value). Other attributes keep their exact
/// text. `filled` (optional) receives how many rules applied.
std::string ApplyFills(std::string_view raw, const std::vector<FillRule>& fills,
                       int* filled = nullptr);

/// Returns `raw` with the named attribute removed (its other attributes untouched).
std::string RemoveAttribute(std::string_view raw, std::string_view name);

/// A DynamoDB number in one canonical text, so numbers equal in value compare equal as text
/// ("1.50", "15E-1" and "1.5" give the same). Text that is not a number is returned as is.
std::string CanonicalNumber(std::string_view number);

/// Escapes `text` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view text);

}  // namespace ddbm::item
