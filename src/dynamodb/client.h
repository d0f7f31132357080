// DynamoDB operations the migration needs, over one HttpClient. Each call retries retryable
// errors under the RetryPolicy and throws ApiFailure when it gives up or meets an error that
// no retry can fix.
//
// Not thread-safe: each worker thread owns its own Client (and with it one connection).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/http_client.h"
#include "dynamodb/api_error.h"
#include "dynamodb/retry_policy.h"

namespace ddbm::dynamodb {

class ApiFailure : public std::runtime_error {
 public:
  ApiFailure(std::string operation, ApiError error);
  const ApiError& error() const { return error_; }
  const std::string& operation() const { return operation_; }

 private:
  std::string operation_;
  ApiError error_;
};

/// One page of a Scan. `items` point into `body`, which the page owns; each is the raw JSON
/// text of one item object exactly as the server sent it. A page may be empty and still have
/// a LastEvaluatedKey: keep scanning until last_evaluated_key is absent.
struct ScanPage {
  std::string body;
  std::vector<std::string_view> items;
  /// Raw JSON text of LastEvaluatedKey, absent on the last page.
  std::optional<std::string> last_evaluated_key;
  double consumed_capacity = 0;
  /// The response's Count: the items on this page, or with count_only the items counted.
  long count = 0;

  ScanPage() = default;
  /// Copies and moves point `items` into the destination's own `body`.
  ScanPage(const ScanPage& other);
  ScanPage(ScanPage&& other) noexcept;
  ScanPage& operator=(const ScanPage& other);
  ScanPage& operator=(ScanPage&& other) noexcept;
  ~ScanPage() = default;
};

struct ScanRequest {
  std::string table;
  int segment = 0;
  int total_segments = 1;  // 1 means no Segment/TotalSegments parameters are sent
  std::optional<std::string> exclusive_start_key;  // raw JSON
  int limit = 0;                                   // 0: server's default page size
  bool consistent_read = false;
  bool count_only = false;  // Select=COUNT; items is then empty
};

struct BatchWriteResult {
  /// Raw JSON of the items (PutRequest.Item) the server did not process and that must be sent
  /// again.
  std::vector<std::string> unprocessed;
  double consumed_capacity = 0;
};

struct CallStats {
  long requests = 0;
  long retries = 0;
};

class Client {
 public:
  explicit Client(aws::ConnectionSettings settings, RetryPolicy policy = RetryPolicy());

  /// The "Table" object of DescribeTable; nullopt when the table does not exist.
  std::optional<nlohmann::json> DescribeTable(const std::string& table);

  /// The TimeToLiveDescription object of DescribeTimeToLive, or nullopt where the server does
  /// not support the operation.
  std::optional<nlohmann::json> DescribeTimeToLive(const std::string& table);

  /// The ContinuousBackupsDescription of DescribeContinuousBackups (point-in-time recovery), or
  /// nullopt where the server does not support the operation.
  std::optional<nlohmann::json> DescribeContinuousBackups(const std::string& table);

  /// Every tag of the resource (a table's TableArn) as DynamoDB's [{"Key":..,"Value":..}],
  /// following NextToken; nullopt where the server does not support the operation.
  std::optional<nlohmann::json> ListTagsOfResource(const std::string& resource_arn);

  /// Adds or replaces `tags` ([{"Key":..,"Value":..}]) on the resource. False where the server
  /// does not support the operation.
  bool TagResource(const std::string& resource_arn, const nlohmann::json& tags);

  /// UpdateTimeToLive with a TimeToLiveSpecification ({"Enabled":..,"AttributeName":..});
  /// returns the specification the server answers, or nullopt where it does not support the
  /// operation.
  std::optional<nlohmann::json> UpdateTimeToLive(const std::string& table,
                                                 const nlohmann::json& specification);

  /// UpdateContinuousBackups with a PointInTimeRecoverySpecification; returns the
  /// ContinuousBackupsDescription, or nullopt where the server does not support the operation.
  std::optional<nlohmann::json> UpdateContinuousBackups(const std::string& table,
                                                        const nlohmann::json& specification);

  /// Sends UpdateTable with the given request body; returns the TableDescription.
  nlohmann::json UpdateTable(const nlohmann::json& request);

  /// All table names, following LastEvaluatedTableName.
  std::vector<std::string> ListTables();

  ScanPage Scan(const ScanRequest& request);

  /// Sends one BatchWriteItem of PutRequests for `table`. `items` are raw item JSON objects;
  /// 1 to 25 of them. Unprocessed items are returned, not retried here.
  BatchWriteResult BatchWritePut(const std::string& table,
                                 const std::vector<std::string_view>& items);

  /// Sends CreateTable with the given request body; returns the TableDescription. When a lost
  /// response made it retry, the retry can fail with ResourceInUse for the table it created.
  nlohmann::json CreateTable(const nlohmann::json& request);

  /// Throws ApiFailure with kResourceNotFound when the table is not there, which is also what
  /// a retry meets after a first attempt whose response was lost.
  void DeleteTable(const std::string& table);

  /// Raw response body of a Query (for checks and tests).
  std::string Query(const nlohmann::json& request);

  /// Raw JSON of the item, or nullopt when there is none.
  std::optional<std::string> GetItem(const std::string& table, const std::string& key_json,
                                     bool consistent_read = true);

  /// Sends any JSON-protocol operation with retries; returns the response body.
  std::string Call(std::string_view operation, std::string_view body);

  const CallStats& stats() const { return stats_; }
  const aws::ConnectionSettings& settings() const { return http_.settings(); }

 private:
  // Calls an operation a local server may lack; nullopt when it says it does not have it,
  // else the response's `field` (required), or the whole response when `field` is null.
  std::optional<nlohmann::json> CallIfSupported(std::string_view operation, std::string_view body,
                                                const char* field);

  aws::HttpClient http_;
  RetryPolicy policy_;
  CallStats stats_;
};

}  // namespace ddbm::dynamodb
