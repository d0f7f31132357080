#include "fault_answers.h"

#include <zlib.h>

#include <nlohmann/json.hpp>

#include "raw_json.h"

namespace ddbm::testing {
namespace {

// An error as DynamoDB sends it: status, reason phrase, the full __type and a message.
struct CannedError {
  int status;
  const char* reason;
  const char* type;
  const char* message;
};

std::optional<CannedError> CannedErrorFor(Fault fault) {
  switch (fault) {
    case Fault::kProvisionedThroughputExceeded:
      return CannedError{
          400, "Bad Request",
          "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
          "The level of configured provisioned throughput for the table was exceeded. Consider "
          "increasing your provisioning level with the UpdateTable API."};
    case Fault::kThrottling:
      return CannedError{400, "Bad Request", "com.amazon.coral.availability#ThrottlingException",
                         "Rate of requests exceeds the allowed throughput."};
    case Fault::kRequestLimitExceeded:
      return CannedError{400, "Bad Request",
                         "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
                         "Throughput exceeds the current throughput limit for your account. "
                         "Please contact AWS Support at https://aws.amazon.com/support request a "
                         "limit increase"};
    case Fault::kInternalServerError:
      return CannedError{500, "Internal Server Error",
                         "com.amazonaws.dynamodb.v20120810#InternalServerError",
                         "Internal server error"};
    case Fault::kServiceUnavailable:
      return CannedError{503, "Service Unavailable",
                         "com.amazon.coral.availability#ServiceUnavailableException",
                         "Service Unavailable"};
    case Fault::kExpiredToken:
      return CannedError{400, "Bad Request", "com.amazon.coral.service#ExpiredTokenException",
                         "The security token included in the request is expired"};
    case Fault::kRefuseCreateAfterDelete:
      return CannedError{400, "Bad Request",
                         "com.amazonaws.dynamodb.v20120810#ResourceInUseException",
                         "Attempt to change a resource which is still in use: Table is being "
                         "deleted"};
    default:
      return std::nullopt;
  }
}

// The CRC-32 DynamoDB sends in x-amz-crc32, by zlib: not the client's own code it checks.
std::string Crc32Text(const std::string& body) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return std::to_string(crc);
}

}  // namespace

// A response the proxy makes up, with the headers DynamoDB sends: the client checks the
// x-amz-crc32 of every body, made-up ones included.
HttpMessage MakeResponse(int status, const char* reason, std::string body) {
  HttpMessage response;
  response.start_line = "HTTP/1.1 " + std::to_string(status) + " " + reason;
  response.headers = {{"x-amzn-RequestId", "FAULTPROXY0000000000000000000000000000000000000000"},
                      {"Content-Type", "application/x-amz-json-1.0"},
                      {"x-amz-crc32", Crc32Text(body)}};
  response.body = std::move(body);
  return response;
}

// A changed body needs a new checksum, or the client would take it for damage on the wire.
void ReplaceBody(HttpMessage& response, std::string body) {
  response.body = std::move(body);
  response.SetHeader("x-amz-crc32", Crc32Text(response.body));
}

std::optional<HttpMessage> ErrorAnswer(Fault fault) {
  std::optional<CannedError> error = CannedErrorFor(fault);
  if (!error) {
    return std::nullopt;
  }
  nlohmann::json body = {{"__type", error->type}, {"message", error->message}};
  return MakeResponse(error->status, error->reason, body.dump());
}

HttpMessage EmptyScanPage(std::string_view request_body) {
  // Continuing from the very key the client gave is always right: nothing is skipped.
  std::string_view start = RawMemberValue(request_body, "ExclusiveStartKey").value_or("{}");
  std::vector<std::pair<std::string, std::string>> members;
  if (request_body.find("\"Select\":\"COUNT\"") == std::string_view::npos) {
    members.emplace_back("Items", "[]");
  }
  members.emplace_back("Count", "0");
  members.emplace_back("ScannedCount", "0");
  members.emplace_back("LastEvaluatedKey", std::string(start));
  return MakeResponse(200, "OK", WriteRawObject(members));
}

std::optional<RawBatch> SplitBatch(std::string_view body) {
  std::optional<std::string_view> request_items = RawMemberValue(body, "RequestItems");
  if (!request_items) {
    return std::nullopt;
  }
  std::optional<std::vector<RawMember>> tables = RawObjectMembers(*request_items);
  if (!tables) {
    return std::nullopt;
  }
  RawBatch batch;
  for (const RawMember& table : *tables) {
    std::optional<std::vector<std::string_view>> writes = RawArrayElements(table.value);
    if (!writes) {
      return std::nullopt;
    }
    batch.emplace_back(table.name, std::move(*writes));
  }
  return batch;
}

size_t CountWrites(const RawBatch& batch) {
  size_t count = 0;
  for (const auto& [table, writes] : batch) {
    count += writes.size();
  }
  return count;
}

std::string BatchSlice(const RawBatch& batch, size_t first, size_t last) {
  std::vector<std::pair<std::string, std::string>> tables;
  size_t index = 0;
  for (const auto& [table, writes] : batch) {
    std::string array;
    for (std::string_view write : writes) {
      if (index >= first && index < last) {
        array += array.empty() ? "[" : ",";
        array += write;
      }
      ++index;
    }
    if (!array.empty()) {
      tables.emplace_back(table, array + "]");
    }
  }
  return WriteRawObject(tables);
}

std::string WithMember(std::string_view object, const std::string& name, const std::string& value) {
  std::vector<std::pair<std::string, std::string>> members;
  bool replaced = false;
  for (const RawMember& member : RawObjectMembers(object).value_or(std::vector<RawMember>())) {
    if (member.name == name) {
      members.emplace_back(name, value);
      replaced = true;
    } else {
      members.emplace_back(member.name, std::string(member.value));
    }
  }
  if (!replaced) {
    members.emplace_back(name, value);
  }
  return WriteRawObject(members);
}

}  // namespace ddbm::testing
