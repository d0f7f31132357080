// Base64 as DynamoDB JSON carries binary values (standard alphabet, "=" padding). Private to
// the item module: the tool keeps binary as the text it came as and decodes only to measure
// or compare it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ddbm::item {

/// Number of bytes `text` decodes to, or -1 when it is not base64. Padding may be omitted.
std::ptrdiff_t Base64DecodedSize(std::string_view text);

/// Appends the bytes `text` decodes to; `text` must have passed Base64DecodedSize.
void AppendBase64Decoded(std::string_view text, std::string& out);

}  // namespace ddbm::item
