#include "dynamodb/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace ddbm::dynamodb {
namespace {

// 2^40 times any sensible base delay is far past any cap; stopping the doubling there keeps
// the arithmetic from overflowing for absurd attempt numbers.
constexpr int kMaxDoublings = 40;

}  // namespace

bool RetryPolicy::ShouldRetry(ErrorKind kind, int attempt,
                              std::chrono::milliseconds elapsed) const {
  return IsRetryable(kind) && attempt < limits_.max_attempts && elapsed < limits_.max_total;
}

std::chrono::milliseconds RetryPolicy::Ceiling(int attempt) const {
  int doublings = std::clamp(attempt, 0, kMaxDoublings);
  long long base = std::max<long long>(limits_.base_delay.count(), 0);
  long long cap = std::max<long long>(limits_.max_delay.count(), 0);
  if (base == 0) {
    return std::chrono::milliseconds(0);
  }

  // Compare before shifting: base << doublings must not pass the cap, let alone overflow.
  if (doublings >= 62 || base > (cap >> doublings)) {
    return std::chrono::milliseconds(cap);
  }
  return std::chrono::milliseconds(std::min(cap, base << doublings));
}

std::chrono::milliseconds RetryPolicy::Delay(int attempt, double random_fraction) const {
  long long ceiling = Ceiling(attempt).count();
  double fraction = std::clamp(random_fraction, 0.0, 1.0);

  // Uniform over the whole milliseconds 0..ceiling, both ends included.
  auto delay = static_cast<long long>(std::floor(fraction * static_cast<double>(ceiling + 1)));
  return std::chrono::milliseconds(std::min(delay, ceiling));
}

}  // namespace ddbm::dynamodb
