#include "dynamodb/api_error.h"

#include <array>
#include <cctype>
#include <utility>

#include <nlohmann/json.hpp>

namespace ddbm::dynamodb {
namespace {

// Longest server text kept when the body is not DynamoDB's JSON (an HTML page, say).
constexpr size_t kMaxSnippet = 200;

struct KindByName {
  std::string_view name;  // without a trailing "Exception"
  ErrorKind kind;
};

// Error names from DynamoDB's and AWS's common error lists. Matched with any "Exception"
// suffix removed, so "ResourceNotFound" (as moto sends it) and "ResourceNotFoundException"
// are one kind.
constexpr std::array<KindByName, 26> kKinds = {{
    {"ProvisionedThroughputExceeded", ErrorKind::kThrottled},
    {"Throttling", ErrorKind::kThrottled},
    {"RequestLimitExceeded", ErrorKind::kThrottled},
    {"TooManyRequests", ErrorKind::kThrottled},
    {"InternalServerError", ErrorKind::kServerError},
    {"InternalFailure", ErrorKind::kServerError},
    {"InternalError", ErrorKind::kServerError},
    {"ServiceUnavailable", ErrorKind::kServerError},
    {"RequestTimeTooSkewed", ErrorKind::kClockSkew},
    {"RequestExpired", ErrorKind::kClockSkew},
    {"ExpiredToken", ErrorKind::kExpiredCredentials},
    {"UnrecognizedClient", ErrorKind::kBadCredentials},
    {"InvalidSignature", ErrorKind::kBadCredentials},
    {"SignatureDoesNotMatch", ErrorKind::kBadCredentials},
    {"MissingAuthenticationToken", ErrorKind::kBadCredentials},
    {"IncompleteSignature", ErrorKind::kBadCredentials},
    {"InvalidClientTokenId", ErrorKind::kBadCredentials},
    {"MissingAuthentication", ErrorKind::kBadCredentials},
    {"AccessDenied", ErrorKind::kAccessDenied},
    {"ResourceNotFound", ErrorKind::kResourceNotFound},
    {"ResourceInUse", ErrorKind::kResourceInUse},
    {"LimitExceeded", ErrorKind::kLimitExceeded},
    {"Validation", ErrorKind::kValidation},
    {"Serialization", ErrorKind::kValidation},
    {"InvalidParameterValue", ErrorKind::kValidation},
    {"MissingParameter", ErrorKind::kValidation},
}};

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

ErrorKind Classify(std::string_view type, std::string_view message, long http_status) {
  std::string_view name = type;
  if (name.ends_with("Exception")) {
    name.remove_suffix(9);
  }

  for (const KindByName& entry : kKinds) {
    if (entry.name != name) {
      continue;
    }

    // DynamoDB reports a request signed too far from its clock as InvalidSignatureException;
    // only the message tells it from a wrong key.
    if (entry.kind == ErrorKind::kBadCredentials &&
        (Contains(message, "Signature expired") || Contains(message, "not yet current"))) {
      return ErrorKind::kClockSkew;
    }
    return entry.kind;
  }

  if (http_status >= 500) {
    return ErrorKind::kServerError;
  }
  if (http_status == 429) {
    return ErrorKind::kThrottled;
  }
  return ErrorKind::kOther;
}

// Text between <tag> and </tag>, as in the XML errors of moto's signature checks.
std::string_view XmlElement(std::string_view body, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t start = body.find(open);
  if (start == std::string_view::npos) {
    return {};
  }
  start += open.size();
  size_t end = body.find(close, start);
  if (end == std::string_view::npos) {
    return {};
  }
  return body.substr(start, end - start);
}

// A short, printable, single-line rendering of a body that is not DynamoDB's JSON.
std::string Snippet(std::string_view body) {
  std::string_view title = XmlElement(body, "title");
  if (!title.empty()) {
    body = title;
  }

  std::string text;
  bool space = false;
  for (char c : body) {
    if (text.size() >= kMaxSnippet) {
      text += "...";
      break;
    }
    auto byte = static_cast<unsigned char>(c);
    if (std::isspace(byte) != 0) {
      space = !text.empty();
      continue;
    }
    if (space) {
      text += ' ';
      space = false;
    }
    text += (byte < 0x20 || byte == 0x7F) ? '?' : c;
  }
  return text;
}

std::string ShortType(std::string_view type) {
  size_t hash = type.rfind('#');
  if (hash != std::string_view::npos) {
    type.remove_prefix(hash + 1);
  }
  return std::string(type);
}

}  // namespace

ApiError ParseHttpError(long http_status, std::string_view body) {
  ApiError error;
  error.http_status = http_status;

  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    auto type = parsed.find("__type");
    if (type != parsed.end() && type->is_string()) {
      error.type = ShortType(type->get<std::string>());
    }

    // DynamoDB spells it "message" for most errors and "Message" for some.
    for (const char* key : {"message", "Message"}) {
      auto message = parsed.find(key);
      if (message != parsed.end() && message->is_string()) {
        error.message = message->get<std::string>();
        break;
      }
    }
    if (error.type.empty() && error.message.empty()) {
      error.message = Snippet(body);
    }
  } else if (std::string_view code = XmlElement(body, "Code"); !code.empty()) {
    error.type = std::string(code);
    error.message = std::string(XmlElement(body, "Message"));
  } else {
    error.message = Snippet(body);
  }

  error.kind = Classify(error.type, error.message, http_status);
  return error;
}

ApiError TransportError(std::string_view description) {
  ApiError error;
  error.kind = ErrorKind::kNetwork;
  error.message = std::string(description);
  return error;
}

bool IsRetryable(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kThrottled:
    case ErrorKind::kServerError:
    case ErrorKind::kNetwork:
    case ErrorKind::kClockSkew:
      return true;
    default:
      return false;
  }
}

std::string Describe(const ApiError& error) {
  if (error.http_status == 0) {
    return "no response: " + (error.message.empty() ? "network error" : error.message);
  }

  std::string text = error.type;
  if (!error.message.empty()) {
    text += text.empty() ? error.message : ": " + error.message;
  }
  if (text.empty()) {
    text = "empty error response";
  }
  return text + " (HTTP " + std::to_string(error.http_status) + ")";
}

}  // namespace ddbm::dynamodb
