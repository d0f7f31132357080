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
};

}  // namespace ddbm::aws
