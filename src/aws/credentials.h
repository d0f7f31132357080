// AWS credentials and where they came from.
#pragma once

#include <string>

namespace ddbm::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  /// Where they were found, for the operator: "environment", "shared credentials file
  /// (profile default)", "credential_process (profile dev)". Never holds a secret.
  std::string source;
  /// When temporary keys stop working, as credential_process printed it (RFC 3339); empty
  /// when they do not expire or the source does not say. Last, so that positional
  /// initialisation of the fields above keeps its meaning.
  std::string expiration;
};

}  // namespace ddbm::aws
