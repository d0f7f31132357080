// Incremental SHA-256 (OpenSSL EVP), as lowercase hex: the checksum of backup data files and
// the content digest of items.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ddbm {

/// One running SHA-256 computation. Reusable through Reset(); not thread-safe.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, std::size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }

  /// Hex digest of everything passed to Update() since construction or the last Reset().
  /// Does not end the computation: more Update() calls may follow.
  std::string Hex() const;

  /// Starts over, as if newly constructed.
  void Reset();

  /// Hex digest of `data` in one call.
  static std::string HexOf(std::string_view data);

 private:
  void* context_;  // EVP_MD_CTX*, kept opaque so callers need no OpenSSL headers
};

}  // namespace ddbm
