#include "engine/key_digest.h"

#include <algorithm>
#include <string>

#include <openssl/evp.h>

namespace ddbm::engine {

Digest128 DigestOf(std::string_view material) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(material.data(), material.size(), digest, &length, EVP_sha256(), nullptr);
  Digest128 result{};
  std::copy_n(digest, result.size(), result.begin());
  return result;
}

Digest128 KeyDigest(const std::vector<item::AttributeInfo>& values) {
  std::string material;
  for (const item::AttributeInfo& value : values) {
    material += value.type;
    material += ':';
    material += value.type == "N" ? item::CanonicalNumber(value.value) : value.value;
    material += '\0';
  }
  return DigestOf(material);
}

}  // namespace ddbm::engine
