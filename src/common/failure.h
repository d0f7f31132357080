// The one exception type: a failure that ends the run. Expected, recoverable conditions
// (throttling, unprocessed items, an item that does not fit) are values, not exceptions.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "common/exit_code.h"

namespace ddbm {

class Failure : public std::runtime_error {
 public:
  /// `fact` is a lower-case sentence naming what went wrong; `hint` is optional advice,
  /// typically the command to run next.
  Failure(ExitCode code, const std::string& fact, std::string hint = {})
      : std::runtime_error(fact), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

}  // namespace ddbm
