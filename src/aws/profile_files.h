// The shared `config` and `credentials` files of the AWS command line, parsed into profiles.
//
// Both are INI files. In the config file a profile is "[default]" or "[profile NAME]", and
// "[services NAME]" holds per-service settings; in the credentials file every section is a
// profile named as written. Keys are case-insensitive; an indented line continues the value
// above it, which is how nested settings (`dynamodb =` then `  endpoint_url = ...`) are written.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ddbm::aws {

/// One section's settings: lower-case key to value. A value with nested lines keeps them,
/// separated by '\n'.
using ProfileSettings = std::map<std::string, std::string>;

enum class ProfileFileKind { kConfig, kCredentials };

struct ProfileFile {
  std::string path;
  bool exists = false;
  std::map<std::string, ProfileSettings> profiles;  // by profile name
  std::map<std::string, ProfileSettings> services;  // "[services NAME]", config file only

  /// The profile's settings, or nullptr when the file has no such profile.
  const ProfileSettings* FindProfile(const std::string& name) const;
};

/// Parses the text of a shared file. `path` only names the file in messages. Throws
/// ddbm::Failure (kFailedNothingChanged) naming the file and line when the text is not INI.
ProfileFile ParseProfileFile(std::string_view text, ProfileFileKind kind, std::string path);

/// Reads and parses a shared file. A missing file is not an error: it yields no profiles and
/// `exists` false. An unreadable one throws ddbm::Failure.
ProfileFile LoadProfileFile(const std::string& path, ProfileFileKind kind);

/// A single-line setting, trimmed; nullopt when absent or empty.
std::optional<std::string> Setting(const ProfileSettings* settings, const std::string& key);

/// The "key = value" lines nested under one value, e.g. the `dynamodb` entry of a services
/// section. Keys are lower-cased.
ProfileSettings NestedSettings(std::string_view value);

}  // namespace ddbm::aws
