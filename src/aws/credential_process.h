// Credentials from an external program, the `credential_process` setting of a profile.
//
// The program runs through /bin/sh -c with our stdin and stderr (so it can prompt for an MFA
// code or explain a failure to the operator directly); its stdout must be one JSON object:
// {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.h"

namespace ddbm::aws {

/// Where a credential_process setting came from, for messages: its profile and file.
struct ProcessOrigin {
  std::string profile;
  std::string file;
};

/// Runs `command` and parses what it prints. Throws ddbm::Failure (kFailedNothingChanged) when
/// the program cannot start, exits non-zero, dies by a signal, or prints anything but valid
/// credentials. Messages name the profile and file, never the output (it holds secrets).
Credentials RunCredentialProcess(const std::string& command, const ProcessOrigin& origin);

/// Parses the program's stdout, checking Version, the keys, and that Expiration (if any) is
/// later than `now`. Throws as RunCredentialProcess does.
Credentials ParseCredentialProcessOutput(std::string_view output, const ProcessOrigin& origin,
                                         std::chrono::system_clock::time_point now);

}  // namespace ddbm::aws
