// DynamoDB errors as a typed set, parsed from the `__type` field (the part after '#'), so the
// code branches on kinds rather than on strings.
#pragma once

#include <string>
#include <string_view>

namespace ddbm::dynamodb {

enum class ErrorKind {
  kThrottled,           // ProvisionedThroughputExceeded, Throttling, RequestLimitExceeded
  kServerError,         // InternalServerError, ServiceUnavailable, any 5xx
  kNetwork,             // no HTTP response: refused, reset, timeout
  kClockSkew,           // InvalidSignatureException about time, RequestTimeTooSkewed
  kExpiredCredentials,  // ExpiredToken(Exception)
  kBadCredentials,      // UnrecognizedClient, InvalidSignature, MissingAuthenticationToken
  kAccessDenied,        // AccessDeniedException
  kResourceNotFound,    // ResourceNotFoundException
  kResourceInUse,       // ResourceInUseException
  kLimitExceeded,       // LimitExceededException (too many table operations at once)
  kValidation,          // ValidationException, SerializationException
  kOther,
};

struct ApiError {
  ErrorKind kind = ErrorKind::kOther;
  std::string type;      // short type name, e.g. "ResourceNotFoundException"; empty if none
  std::string message;   // server's message, or the transport error
  long http_status = 0;  // 0 when no response arrived
};

/// Builds an ApiError from a non-2xx response (status and body) or a transport failure.
ApiError ParseHttpError(long http_status, std::string_view body);
ApiError TransportError(std::string_view description);

/// True for kinds worth retrying: throttling, 5xx, network, clock skew.
bool IsRetryable(ErrorKind kind);

/// "ResourceNotFoundException: Requested resource not found (HTTP 400)".
std::string Describe(const ApiError& error);

}  // namespace ddbm::dynamodb
