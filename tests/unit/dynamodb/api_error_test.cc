#include "dynamodb/api_error.h"

#include <gtest/gtest.h>

namespace ddbm::dynamodb {
namespace {

ApiError Parse(long status, std::string_view body) {
  return ParseHttpError(status, body);
}

TEST(ApiErrorTest, TypeIsThePartAfterTheHash) {
  ApiError error =
      Parse(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
                 R"("message":"Requested resource not found"})");
  EXPECT_EQ(error.kind, ErrorKind::kResourceNotFound);
  EXPECT_EQ(error.type, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Requested resource not found");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(Describe(error), "ResourceNotFoundException: Requested resource not found (HTTP 400)");
}

TEST(ApiErrorTest, CapitalisedMessageFieldIsRead) {
  ApiError error = Parse(400, R"({"__type":"x#ValidationException","Message":"bad key"})");
  EXPECT_EQ(error.kind, ErrorKind::kValidation);
  EXPECT_EQ(error.message, "bad key");
}

TEST(ApiErrorTest, TypeWithoutNamespaceOrExceptionSuffix) {
  // moto sends {"__type": "ResourceNotFound"} for DescribeTimeToLive on a missing table.
  ApiError error = Parse(400, R"({"__type": "ResourceNotFound", "message": "Table not found"})");
  EXPECT_EQ(error.kind, ErrorKind::kResourceNotFound);
  EXPECT_EQ(error.type, "ResourceNotFound");
}

struct KindCase {
  const char* type;
  long status;
  ErrorKind kind;
};

class ApiErrorKindTest : public ::testing::TestWithParam<KindCase> {};

TEST_P(ApiErrorKindTest, ClassifiesByType) {
  const KindCase& param = GetParam();
  std::string body = std::string(R"({"__type":"com.amazonaws.dynamodb.v20120810#)") + param.type +
                     R"(","message":"m"})";
  EXPECT_EQ(Parse(param.status, body).kind, param.kind) << param.type;
}

INSTANTIATE_TEST_SUITE_P(
    KnownTypes, ApiErrorKindTest,
    ::testing::Values(
        KindCase{"ProvisionedThroughputExceededException", 400, ErrorKind::kThrottled},
        KindCase{"ThrottlingException", 400, ErrorKind::kThrottled},
        KindCase{"RequestLimitExceeded", 400, ErrorKind::kThrottled},
        KindCase{"InternalServerError", 500, ErrorKind::kServerError},
        KindCase{"ServiceUnavailable", 503, ErrorKind::kServerError},
        KindCase{"ExpiredTokenException", 400, ErrorKind::kExpiredCredentials},
        KindCase{"UnrecognizedClientException", 400, ErrorKind::kBadCredentials},
        KindCase{"InvalidSignatureException", 400, ErrorKind::kBadCredentials},
        KindCase{"MissingAuthenticationTokenException", 400, ErrorKind::kBadCredentials},
        KindCase{"IncompleteSignatureException", 400, ErrorKind::kBadCredentials},
        KindCase{"AccessDeniedException", 400, ErrorKind::kAccessDenied},
        KindCase{"ResourceInUseException", 400, ErrorKind::kResourceInUse},
        KindCase{"LimitExceededException", 400, ErrorKind::kLimitExceeded},
        KindCase{"ValidationException", 400, ErrorKind::kValidation},
        KindCase{"SerializationException", 400, ErrorKind::kValidation},
        KindCase{"RequestTimeTooSkewed", 400, ErrorKind::kClockSkew},
        KindCase{"ConditionalCheckFailedException", 400, ErrorKind::kOther},
        KindCase{"ItemCollectionSizeLimitExceededException", 400, ErrorKind::kOther},
        KindCase{"SomethingNewException", 500, ErrorKind::kServerError},
        KindCase{"SomethingNewException", 429, ErrorKind::kThrottled}));

TEST(ApiErrorTest, SignatureExpiredIsClockSkewNotBadCredentials) {
  ApiError error =
      Parse(400, R"({"__type":"com.amazon.coral.service#InvalidSignatureException",)"
                 R"("message":"Signature expired: 20240101T000000Z is now earlier than )"
                 R"json(20240101T000500Z (20240101T001000Z - 5 min.)"})json");
  EXPECT_EQ(error.kind, ErrorKind::kClockSkew);
  EXPECT_TRUE(IsRetryable(error.kind));
}

TEST(ApiErrorTest, MotoHtmlServerErrorIsRetryableServerError) {
  ApiError error =
      Parse(500,
            "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
            "<h1>Internal Server Error</h1>\n<p>The server encountered an internal "
            "error.</p>\n");
  EXPECT_EQ(error.kind, ErrorKind::kServerError);
  EXPECT_TRUE(error.type.empty());
  EXPECT_EQ(error.message, "500 Internal Server Error");
  EXPECT_EQ(Describe(error), "500 Internal Server Error (HTTP 500)");
}

TEST(ApiErrorTest, MotoXmlAuthErrorIsBadCredentials) {
  ApiError error =
      Parse(403,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error>"
            "<Code>InvalidClientTokenId</Code><Message>The security token included "
            "in the request is invalid.</Message><Type>Sender</Type></Error></Errors>"
            "</ErrorResponse>");
  EXPECT_EQ(error.kind, ErrorKind::kBadCredentials);
  EXPECT_EQ(error.type, "InvalidClientTokenId");
  EXPECT_EQ(error.message, "The security token included in the request is invalid.");
  EXPECT_FALSE(IsRetryable(error.kind));
}

TEST(ApiErrorTest, PlainTextBodyIsKeptShortAndOnOneLine) {
  std::string body = "upstream\nconnect error\tor disconnect" + std::string(500, 'x');
  ApiError error = Parse(502, body);
  EXPECT_EQ(error.kind, ErrorKind::kServerError);
  EXPECT_EQ(error.message.find('\n'), std::string::npos);
  EXPECT_EQ(error.message.rfind("upstream connect error or disconnect", 0), 0u);
  EXPECT_LE(error.message.size(), 210u);
}

TEST(ApiErrorTest, EmptyBodyStillDescribesTheStatus) {
  ApiError error = Parse(503, "");
  EXPECT_EQ(error.kind, ErrorKind::kServerError);
  EXPECT_EQ(Describe(error), "empty error response (HTTP 503)");
  EXPECT_EQ(Parse(400, "").kind, ErrorKind::kOther);
}

TEST(ApiErrorTest, JsonWithoutTypeKeepsTheBodyAsMessage) {
  ApiError error = Parse(500, R"({"error":"boom"})");
  EXPECT_EQ(error.kind, ErrorKind::kServerError);
  EXPECT_EQ(error.message, R"({"error":"boom"})");
}

TEST(ApiErrorTest, TransportErrorIsNetworkAndRetryable) {
  ApiError error = TransportError("Failed to connect to 127.0.0.1 port 9: Connection refused");
  EXPECT_EQ(error.kind, ErrorKind::kNetwork);
  EXPECT_EQ(error.http_status, 0);
  EXPECT_TRUE(IsRetryable(error.kind));
  EXPECT_EQ(Describe(error),
            "no response: Failed to connect to 127.0.0.1 port 9: Connection refused");
}

TEST(ApiErrorTest, OnlyTransientKindsAreRetryable) {
  EXPECT_TRUE(IsRetryable(ErrorKind::kThrottled));
  EXPECT_TRUE(IsRetryable(ErrorKind::kServerError));
  EXPECT_TRUE(IsRetryable(ErrorKind::kNetwork));
  EXPECT_TRUE(IsRetryable(ErrorKind::kClockSkew));
  for (ErrorKind kind :
       {ErrorKind::kExpiredCredentials, ErrorKind::kBadCredentials, ErrorKind::kAccessDenied,
        ErrorKind::kResourceNotFound, ErrorKind::kResourceInUse, ErrorKind::kLimitExceeded,
        ErrorKind::kValidation, ErrorKind::kOther}) {
    EXPECT_FALSE(IsRetryable(kind));
  }
}

}  // namespace
}  // namespace ddbm::dynamodb
