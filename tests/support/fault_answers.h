// How the fault proxy shapes what it sends: DynamoDB's own error answers, made-up answers with
// the headers the client checks, a BatchWriteItem cut in two, an empty Scan page. Requests
// and answers are edited as raw text, so what the proxy does not mean to change reaches the
// other side byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fault_proxy.h"
#include "http_wire.h"

namespace ddbm::testing {

/// The answer DynamoDB gives for the fault (status, __type, message), or nullopt for a fault
/// that is not an error answer.
std::optional<HttpMessage> ErrorAnswer(Fault fault);

/// A response with the headers DynamoDB sends, x-amz-crc32 included: the client checks it.
HttpMessage MakeResponse(int status, const char* reason, std::string body);

/// Replaces the body and its x-amz-crc32, which would otherwise mark it as damaged.
void ReplaceBody(HttpMessage& response, std::string body);

/// A Scan page with no items whose LastEvaluatedKey is the request's ExclusiveStartKey.
HttpMessage EmptyScanPage(std::string_view request_body);

/// The write requests of a BatchWriteItem body, by table, each as the client's raw text.
using RawBatch = std::vector<std::pair<std::string, std::vector<std::string_view>>>;

/// Splits a BatchWriteItem body; nullopt when it has no RequestItems of arrays.
std::optional<RawBatch> SplitBatch(std::string_view body);

size_t CountWrites(const RawBatch& batch);

/// The write requests from `first` (in request order) up to `last`, as a RequestItems object.
std::string BatchSlice(const RawBatch& batch, size_t first, size_t last);

/// `object` with member `name` set to `value` (both raw JSON), every other member verbatim.
std::string WithMember(std::string_view object, const std::string& name, const std::string& value);

}  // namespace ddbm::testing
