// Reading process environment variables through an injectable lookup, so credential and
// endpoint resolution can be tested without touching the real environment.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ddbm {

/// Returns the variable's value, or nullopt when it is unset. An empty value counts as unset,
/// as the AWS command line treats it.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// Looks variables up in the real process environment.
EnvLookup ProcessEnvironment();

/// Looks variables up in a fixed map (for tests).
EnvLookup FixedEnvironment(std::map<std::string, std::string> values);

}  // namespace ddbm
