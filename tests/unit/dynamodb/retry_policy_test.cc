#include "dynamodb/retry_policy.h"

#include <gtest/gtest.h>

#include <random>

namespace ddbm::dynamodb {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, CeilingDoublesFromTheBaseUpToTheCap) {
  RetryLimits limits;
  limits.base_delay = milliseconds(50);
  limits.max_delay = milliseconds(1000);
  RetryPolicy policy(limits);

  EXPECT_EQ(policy.Ceiling(1), milliseconds(100));
  EXPECT_EQ(policy.Ceiling(2), milliseconds(200));
  EXPECT_EQ(policy.Ceiling(4), milliseconds(800));
  EXPECT_EQ(policy.Ceiling(5), milliseconds(1000));
  EXPECT_EQ(policy.Ceiling(1000), milliseconds(1000));
  EXPECT_EQ(policy.Ceiling(std::numeric_limits<int>::max()), milliseconds(1000));
}

TEST(RetryPolicyTest, DelayIsFullJitterWithinZeroAndTheCeiling) {
  RetryPolicy policy;
  EXPECT_EQ(policy.Delay(3, 0.0), milliseconds(0));
  EXPECT_EQ(policy.Delay(3, 0.999999999), policy.Ceiling(3));
  EXPECT_EQ(policy.Delay(3, 1.0), policy.Ceiling(3));  // out of range is clamped
  EXPECT_EQ(policy.Delay(3, -5.0), milliseconds(0));

  std::mt19937_64 engine(42);
  std::uniform_real_distribution<double> fraction(0.0, 1.0);
  for (int attempt = 1; attempt <= 20; ++attempt) {
    milliseconds smallest = milliseconds::max();
    milliseconds largest = milliseconds::min();
    for (int draw = 0; draw < 2000; ++draw) {
      milliseconds delay = policy.Delay(attempt, fraction(engine));
      ASSERT_GE(delay, milliseconds(0));
      ASSERT_LE(delay, policy.Ceiling(attempt));
      smallest = std::min(smallest, delay);
      largest = std::max(largest, delay);
    }
    // Spread over the whole range, not bunched at one end.
    EXPECT_LT(smallest, policy.Ceiling(attempt) / 10) << "attempt " << attempt;
    EXPECT_GT(largest, policy.Ceiling(attempt) * 9 / 10) << "attempt " << attempt;
  }
}

TEST(RetryPolicyTest, RetriesOnlyTransientErrors) {
  RetryPolicy policy;
  EXPECT_TRUE(policy.ShouldRetry(ErrorKind::kThrottled, 1, milliseconds(0)));
  EXPECT_TRUE(policy.ShouldRetry(ErrorKind::kNetwork, 1, milliseconds(0)));
  EXPECT_FALSE(policy.ShouldRetry(ErrorKind::kValidation, 1, milliseconds(0)));
  EXPECT_FALSE(policy.ShouldRetry(ErrorKind::kBadCredentials, 1, milliseconds(0)));
}

TEST(RetryPolicyTest, AttemptsAreBounded) {
  RetryLimits limits;
  limits.max_attempts = 4;
  RetryPolicy policy(limits);
  EXPECT_TRUE(policy.ShouldRetry(ErrorKind::kServerError, 3, milliseconds(0)));
  EXPECT_FALSE(policy.ShouldRetry(ErrorKind::kServerError, 4, milliseconds(0)));
  EXPECT_FALSE(policy.ShouldRetry(ErrorKind::kServerError, 5, milliseconds(0)));
}

TEST(RetryPolicyTest, TotalTimeIsBounded) {
  RetryLimits limits;
  limits.max_total = milliseconds(10'000);
  RetryPolicy policy(limits);
  EXPECT_TRUE(policy.ShouldRetry(ErrorKind::kThrottled, 2, milliseconds(9'999)));
  EXPECT_FALSE(policy.ShouldRetry(ErrorKind::kThrottled, 2, milliseconds(10'000)));
}

TEST(RetryPolicyTest, DefaultWorstCaseStaysWithinTheTotalBudget) {
  // Even when every delay is the longest allowed, giving up happens by attempt or by time.
  RetryPolicy policy;
  milliseconds slept(0);
  int attempt = 1;
  while (policy.ShouldRetry(ErrorKind::kThrottled, attempt, slept)) {
    slept += policy.Delay(attempt, 0.9999999);
    ++attempt;
  }
  EXPECT_LE(attempt, policy.limits().max_attempts);
  EXPECT_LE(slept, policy.limits().max_total + policy.limits().max_delay);
}

TEST(RetryPolicyTest, ZeroBaseMeansNoWait) {
  RetryLimits limits;
  limits.base_delay = milliseconds(0);
  RetryPolicy policy(limits);
  EXPECT_EQ(policy.Ceiling(5), milliseconds(0));
  EXPECT_EQ(policy.Delay(5, 0.7), milliseconds(0));
}

}  // namespace
}  // namespace ddbm::dynamodb
