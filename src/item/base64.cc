#include "item/base64.h"

#include <array>
#include <cstdint>

namespace ddbm::item {
namespace {

constexpr std::uint8_t kInvalid = 0xff;

constexpr std::array<std::uint8_t, 256> MakeDecodeTable() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) {
    entry = kInvalid;
  }
  constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::uint8_t i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = i;
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kDecode = MakeDecodeTable();

std::uint8_t Sextet(char c) {
  return kDecode[static_cast<unsigned char>(c)];
}

/// Drops the "=" padding from `text`; false when the padding is malformed.
bool StripPadding(std::string_view& text) {
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  if (padding > 2 || (padding > 0 && text.size() % 4 != 0)) {
    return false;
  }
  text.remove_suffix(padding);
  return true;
}

}  // namespace

std::ptrdiff_t Base64DecodedSize(std::string_view text) {
  if (!StripPadding(text)) {
    return -1;
  }

  // A lone character in the last group carries only six bits: no byte can end there.
  if (text.size() % 4 == 1) {
    return -1;
  }
  for (char c : text) {
    if (Sextet(c) == kInvalid) {
      return -1;
    }
  }
  const std::size_t tail = text.size() % 4;
  return static_cast<std::ptrdiff_t>(text.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1));
}

void AppendBase64Decoded(std::string_view text, std::string& out) {
  StripPadding(text);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    bits = (bits << 6) | Sextet(c);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xff));
    }
  }
}

}  // namespace ddbm::item
