// The one retry policy for every request: a pure function of the error kind and the attempt
// number. Exponential backoff with full jitter (delay drawn uniformly from [0, min(cap,
// base * 2^attempt)]), bounded both in attempts and in total time.
#pragma once

#include <chrono>
#include <cstdint>

#include "dynamodb/api_error.h"

namespace ddbm::dynamodb {

struct RetryLimits {
  int max_attempts = 12;
  std::chrono::milliseconds base_delay{50};
  std::chrono::milliseconds max_delay{20'000};
  std::chrono::milliseconds max_total{5 * 60 * 1000};
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryLimits limits = {}) : limits_(limits) {}

  /// Whether attempt number `attempt` (1-based, the one that just failed with `kind`) may be
  /// followed by another, given the time already spent on this request.
  bool ShouldRetry(ErrorKind kind, int attempt, std::chrono::milliseconds elapsed) const;

  /// The longest delay after failed attempt `attempt` (1-based), before jitter.
  std::chrono::milliseconds Ceiling(int attempt) const;

  /// A full-jitter delay after failed attempt `attempt`: uniform in [0, Ceiling(attempt)],
  /// drawn from `random_fraction` in [0, 1).
  std::chrono::milliseconds Delay(int attempt, double random_fraction) const;

  const RetryLimits& limits() const { return limits_; }

 private:
  RetryLimits limits_;
};

}  // namespace ddbm::dynamodb
