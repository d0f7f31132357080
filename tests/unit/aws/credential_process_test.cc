#include "aws/credential_process.h"

#include <gtest/gtest.h>

#include "common/failure.h"

namespace ddbm::aws {
namespace {

const ProcessOrigin kOrigin{"dev", "/home/op/.aws/config"};

std::chrono::system_clock::time_point At(std::time_t seconds) {
  return std::chrono::system_clock::from_time_t(seconds);
}

std::string FailureText(std::string_view output, std::time_t now = 0) {
  try {
    ParseCredentialProcessOutput(output, kOrigin, At(now));
  } catch (const Failure& failure) {
    return failure.what();
  }
  return "(no failure)";
}

TEST(CredentialProcessTest, ParsesAllFields) {
  Credentials credentials = ParseCredentialProcessOutput(
      R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S","SessionToken":"T",)"
      R"("Expiration":"2030-01-01T00:00:00.123Z"})",
      kOrigin, At(0));
  EXPECT_EQ(credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials.secret_access_key, "S");
  EXPECT_EQ(credentials.session_token, "T");
  EXPECT_EQ(credentials.expiration, "2030-01-01T00:00:00.123Z");
  EXPECT_EQ(credentials.source, "credential_process (profile dev)");
}

TEST(CredentialProcessTest, ExpirationMayCarryAnOffset) {
  // 2001-09-09T01:46:40Z is 1,000,000,000 seconds after the epoch.
  std::string output = R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S",)"
                       R"("Expiration":"2001-09-09T03:46:40+02:00"})";
  EXPECT_NO_THROW(ParseCredentialProcessOutput(output, kOrigin, At(999'999'999)));
  EXPECT_NE(FailureText(output, 1'000'000'000).find("expired at"), std::string::npos);
}

TEST(CredentialProcessTest, FarFutureExpirationIsNotExpired) {
  // Past 2262 a nanosecond clock overflows; the check must not.
  EXPECT_NO_THROW(
      ParseCredentialProcessOutput(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S",)"
                                   R"("Expiration":"9999-12-31T23:59:59Z"})",
                                   kOrigin, std::chrono::system_clock::now()));
}

TEST(CredentialProcessTest, NullExpirationMeansNone) {
  Credentials credentials = ParseCredentialProcessOutput(
      R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":null})", kOrigin, At(0));
  EXPECT_TRUE(credentials.expiration.empty());
}

TEST(CredentialProcessTest, RejectsWrongVersion) {
  EXPECT_EQ(FailureText(R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"})"),
            "the credential_process of profile dev in /home/op/.aws/config printed JSON "
            "without \"Version\": 1");
}

TEST(CredentialProcessTest, RejectsUnreadableExpiration) {
  EXPECT_EQ(FailureText(
                R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"tomorrow"})"),
            "the credential_process of profile dev in /home/op/.aws/config printed an "
            "Expiration that is not an RFC 3339 time: tomorrow");
}

TEST(CredentialProcessTest, RejectsEmptyAndNonObjectOutput) {
  EXPECT_NE(FailureText("").find("not a JSON object"), std::string::npos);
  EXPECT_NE(FailureText("[1,2]").find("not a JSON object"), std::string::npos);
}

TEST(CredentialProcessTest, NoMessageContainsTheSecret) {
  std::string text = FailureText(R"({"Version":1,"SecretAccessKey":"hunter2-secret"})");
  EXPECT_NE(text.find("AccessKeyId"), std::string::npos);
  EXPECT_EQ(text.find("hunter2-secret"), std::string::npos);
}

}  // namespace
}  // namespace ddbm::aws
