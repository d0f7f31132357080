// Resolves where requests go and how they are signed, the way the AWS command line does:
// command-line flags first, then environment variables, then the shared config and
// credentials files.
#pragma once

#include <optional>
#include <string>

#include "aws/credentials.h"
#include "common/environment.h"

namespace ddbm::aws {

/// What the operator gave on the command line; empty means "not given".
struct ConnectionOptions {
  std::string region;
  std::string profile;
  std::string endpoint_url;
};

struct ConnectionSettings {
  /// Full URL with scheme, e.g. "https://dynamodb.eu-west-1.amazonaws.com" or
  /// "http://127.0.0.1:8000".
  std::string endpoint;
  std::string region;
  Credentials credentials;
  std::string profile;  // the profile in effect, "default" when none was named
};

/// Resolution order:
///  - region: flag, AWS_REGION, AWS_DEFAULT_REGION, `region` of the profile in the config file.
///  - endpoint: flag, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, `endpoint_url` of the
///    profile, else https://dynamodb.<region>.amazonaws.com.
///  - profile: flag, AWS_PROFILE, "default".
///  - credentials: when a profile was named by flag, that profile only; otherwise
///    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then the profile in the
///    credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials), then in the
///    config file (AWS_CONFIG_FILE, default ~/.aws/config, sections "[profile NAME]" and
///    "[default]"), including `credential_process`.
/// Throws ddbm::Failure (kFailedNothingChanged) naming what is missing: no region, no
/// credentials, an unknown profile, a credential_process that failed or printed bad JSON.
ConnectionSettings ResolveConnection(const ConnectionOptions& options, const EnvLookup& env);

}  // namespace ddbm::aws
