#include "common/sha256.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace ddbm {
namespace {

EVP_MD_CTX* Context(void* context) {
  return static_cast<EVP_MD_CTX*>(context);
}

void Check(int ok, const char* what) {
  if (ok != 1) {
    throw std::runtime_error(std::string("sha-256: ") + what + " failed");
  }
}

std::string ToHex(const unsigned char* bytes, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(std::size_t{size} * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) {
    throw std::bad_alloc();
  }
  Reset();
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(Context(context_));
}

void Sha256::Update(const void* data, std::size_t size) {
  if (size == 0) {
    return;
  }
  Check(EVP_DigestUpdate(Context(context_), data, size), "update");
}

std::string Sha256::Hex() const {
  // Finishing consumes a context, so finish a copy and leave this one running.
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  if (copy == nullptr) {
    throw std::bad_alloc();
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  int ok = EVP_MD_CTX_copy_ex(copy, Context(context_));
  if (ok == 1) {
    ok = EVP_DigestFinal_ex(copy, digest, &size);
  }
  EVP_MD_CTX_free(copy);
  Check(ok, "final");
  return ToHex(digest, size);
}

void Sha256::Reset() {
  Check(EVP_DigestInit_ex(Context(context_), EVP_sha256(), nullptr), "init");
}

std::string Sha256::HexOf(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  Check(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr), "digest");
  return ToHex(digest, size);
}

}  // namespace ddbm
