#include "dynamodb/client.h"

#include "common/interrupt.h"

#include <simdjson.h>

#include <cctype>
#include <chrono>
#include <random>
#include <thread>
#include <utility>

namespace ddbm::dynamodb {
namespace {

using Clock = std::chrono::steady_clock;

// DynamoDB takes at most 25 requests in one BatchWriteItem.
constexpr size_t kMaxBatchItems = 25;

// Full jitter needs a uniform draw per retry. Each thread has its own engine, so workers never
// share or lock one, and seeds differ so that threads throttled together spread out.
double RandomFraction() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// One parser per thread, reused across pages: it keeps its buffers sized for a 1 MB page. A
// Client is used by one thread, so this is that Client's parser.
simdjson::ondemand::parser& ThreadParser() {
  thread_local simdjson::ondemand::parser parser;
  return parser;
}

std::string JsonString(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string TableOnly(const std::string& table) {
  return "{\"TableName\":" + JsonString(table) + "}";
}

// The text of an object value exactly as it stands in the document, without whatever
// whitespace the server put between it and the next token.
std::string_view RawObject(simdjson::ondemand::value value) {
  simdjson::ondemand::object object = value.get_object();
  std::string_view raw = object.raw_json();
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back())) != 0) {
    raw.remove_suffix(1);
  }
  return raw;
}

[[noreturn]] void FailMalformed(std::string_view operation, std::string_view what) {
  ApiError error;
  error.kind = ErrorKind::kServerError;
  error.message = "the response is not the JSON expected: " + std::string(what);
  error.http_status = 200;
  throw ApiFailure(std::string(operation), std::move(error));
}

// How a server that implements only part of the API (dynalite, say) refuses an operation it
// does not have: UnknownOperationException with HTTP 400, or a bare 404 or 501.
bool IsUnsupportedOperation(const ApiError& error) {
  return error.type == "UnknownOperationException" || error.type == "UnknownOperation" ||
         error.http_status == 404 || error.http_status == 501;
}

void EnsurePadding(std::string& body) {
  if (body.capacity() - body.size() < simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
}

// ConsumedCapacity is one object for Scan and an array of them for BatchWriteItem.
double CapacityUnits(simdjson::ondemand::value value) {
  double total = 0;
  if (value.type() == simdjson::ondemand::json_type::array) {
    for (simdjson::ondemand::value entry : value.get_array()) {
      total += CapacityUnits(entry);
    }
    return total;
  }
  for (simdjson::ondemand::field field : value.get_object()) {
    if (field.unescaped_key() == std::string_view("CapacityUnits")) {
      total += field.value().get_double();
    }
  }
  return total;
}

struct Outcome {
  std::string body;
  std::optional<ApiError> error;
};

// The one retry loop every operation goes through.
Outcome SendWithRetries(aws::HttpClient& http, const RetryPolicy& policy, CallStats& stats,
                        std::string_view operation, std::string_view body) {
  Clock::time_point start = Clock::now();
  for (int attempt = 1;; ++attempt) {
    ThrowIfInterrupted();
    ++stats.requests;
    aws::HttpResult result = http.PostJson(operation, body);
    if (result.transport_ok && result.status >= 200 && result.status < 300) {
      return {std::move(result.body), std::nullopt};
    }

    ApiError error = result.transport_ok ? ParseHttpError(result.status, result.body)
                                         : TransportError(result.transport_error);
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    if (!policy.ShouldRetry(error.kind, attempt, elapsed)) {
      return {std::string(), std::move(error)};
    }

    // Never sleep past the total budget: the next attempt is the last one it allows.
    std::chrono::milliseconds delay = policy.Delay(attempt, RandomFraction());
    delay = std::min(delay, policy.limits().max_total - elapsed);
    ++stats.retries;
    InterruptibleSleep(delay.count());
  }
}

void Rebase(std::vector<std::string_view>& items, const char* old_base, const char* new_base) {
  if (old_base == new_base) {
    return;
  }
  for (std::string_view& item : items) {
    item = std::string_view(new_base + (item.data() - old_base), item.size());
  }
}

}  // namespace

ScanPage::ScanPage(const ScanPage& other) {
  *this = other;
}

ScanPage::ScanPage(ScanPage&& other) noexcept {
  *this = std::move(other);
}

ScanPage& ScanPage::operator=(const ScanPage& other) {
  if (this == &other) {
    return *this;
  }
  body = other.body;
  items = other.items;
  Rebase(items, other.body.data(), body.data());
  last_evaluated_key = other.last_evaluated_key;
  consumed_capacity = other.consumed_capacity;
  count = other.count;
  return *this;
}

ScanPage& ScanPage::operator=(ScanPage&& other) noexcept {
  if (this == &other) {
    return *this;
  }

  // A moved string normally keeps its buffer; a short one held inline does not.
  const char* old_base = other.body.data();
  body = std::move(other.body);
  items = std::move(other.items);
  Rebase(items, old_base, body.data());
  last_evaluated_key = std::move(other.last_evaluated_key);
  consumed_capacity = other.consumed_capacity;
  count = other.count;
  other.items.clear();
  return *this;
}

ApiFailure::ApiFailure(std::string operation, ApiError error)
    : std::runtime_error(operation + ": " + Describe(error)),
      operation_(std::move(operation)),
      error_(std::move(error)) {}

Client::Client(aws::ConnectionSettings settings, RetryPolicy policy)
    : http_(std::move(settings)), policy_(policy) {}

std::string Client::Call(std::string_view operation, std::string_view body) {
  Outcome outcome = SendWithRetries(http_, policy_, stats_, operation, body);
  if (outcome.error) {
    throw ApiFailure(std::string(operation), std::move(*outcome.error));
  }
  return std::move(outcome.body);
}

std::optional<nlohmann::json> Client::DescribeTable(const std::string& table) {
  Outcome outcome = SendWithRetries(http_, policy_, stats_, "DescribeTable", TableOnly(table));
  if (outcome.error) {
    if (outcome.error->kind == ErrorKind::kResourceNotFound) {
      return std::nullopt;
    }
    throw ApiFailure("DescribeTable", std::move(*outcome.error));
  }

  nlohmann::json parsed = nlohmann::json::parse(outcome.body, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("Table") || !parsed["Table"].is_object()) {
    FailMalformed("DescribeTable", "no Table object");
  }
  return std::move(parsed["Table"]);
}

std::optional<nlohmann::json> Client::CallIfSupported(std::string_view operation,
                                                      std::string_view body, const char* field) {
  Outcome outcome = SendWithRetries(http_, policy_, stats_, operation, body);
  if (outcome.error) {
    if (IsUnsupportedOperation(*outcome.error)) {
      return std::nullopt;
    }
    throw ApiFailure(std::string(operation), std::move(*outcome.error));
  }

  nlohmann::json parsed = nlohmann::json::parse(outcome.body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    FailMalformed(operation, "not a JSON object");
  }
  if (field == nullptr) {
    return parsed;
  }
  if (!parsed.contains(field)) {
    FailMalformed(operation, std::string("no ") + field);
  }
  return std::move(parsed[field]);
}

std::optional<nlohmann::json> Client::DescribeTimeToLive(const std::string& table) {
  return CallIfSupported("DescribeTimeToLive", TableOnly(table), "TimeToLiveDescription");
}

std::optional<nlohmann::json> Client::DescribeContinuousBackups(const std::string& table) {
  return CallIfSupported("DescribeContinuousBackups", TableOnly(table),
                         "ContinuousBackupsDescription");
}

std::optional<nlohmann::json> Client::ListTagsOfResource(const std::string& resource_arn) {
  nlohmann::json tags = nlohmann::json::array();
  nlohmann::json request = {{"ResourceArn", resource_arn}};
  for (;;) {
    std::optional<nlohmann::json> page =
        CallIfSupported("ListTagsOfResource", request.dump(), nullptr);
    if (!page) {
      return std::nullopt;
    }
    for (const nlohmann::json& tag : page->value("Tags", nlohmann::json::array())) {
      tags.push_back(tag);
    }

    auto next = page->find("NextToken");
    if (next == page->end() || !next->is_string() || next->get<std::string>().empty()) {
      return tags;
    }
    request["NextToken"] = *next;
  }
}

bool Client::TagResource(const std::string& resource_arn, const nlohmann::json& tags) {
  nlohmann::json request = {{"ResourceArn", resource_arn}, {"Tags", tags}};
  Outcome outcome = SendWithRetries(http_, policy_, stats_, "TagResource", request.dump());
  if (!outcome.error) {
    // TagResource has no output: DynamoDB answers {}, dynalite "", and neither matters.
    return true;
  }
  if (IsUnsupportedOperation(*outcome.error)) {
    return false;
  }
  throw ApiFailure("TagResource", std::move(*outcome.error));
}

std::optional<nlohmann::json> Client::UpdateTimeToLive(const std::string& table,
                                                       const nlohmann::json& specification) {
  nlohmann::json request = {{"TableName", table}, {"TimeToLiveSpecification", specification}};
  return CallIfSupported("UpdateTimeToLive", request.dump(), "TimeToLiveSpecification");
}

std::optional<nlohmann::json> Client::UpdateContinuousBackups(const std::string& table,
                                                              const nlohmann::json& specification) {
  nlohmann::json request = {{"TableName", table},
                            {"PointInTimeRecoverySpecification", specification}};
  return CallIfSupported("UpdateContinuousBackups", request.dump(), "ContinuousBackupsDescription");
}

nlohmann::json Client::UpdateTable(const nlohmann::json& request) {
  nlohmann::json parsed =
      nlohmann::json::parse(Call("UpdateTable", request.dump()), nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("TableDescription")) {
    FailMalformed("UpdateTable", "no TableDescription");
  }
  return std::move(parsed["TableDescription"]);
}

std::vector<std::string> Client::ListTables() {
  std::vector<std::string> names;
  std::optional<std::string> start;
  do {
    nlohmann::json request = nlohmann::json::object();
    if (start) {
      request["ExclusiveStartTableName"] = *start;
    }
    nlohmann::json parsed =
        nlohmann::json::parse(Call("ListTables", request.dump()), nullptr, false);
    if (parsed.is_discarded() || !parsed.contains("TableNames") ||
        !parsed["TableNames"].is_array()) {
      FailMalformed("ListTables", "no TableNames array");
    }
    for (const nlohmann::json& name : parsed["TableNames"]) {
      names.push_back(name.get<std::string>());
    }

    start.reset();
    auto last = parsed.find("LastEvaluatedTableName");
    if (last != parsed.end() && last->is_string()) {
      start = last->get<std::string>();
    }
  } while (start);
  return names;
}

ScanPage Client::Scan(const ScanRequest& request) {
  // Built as text so that ExclusiveStartKey goes back byte for byte as the server sent it.
  std::string body = "{\"TableName\":" + JsonString(request.table);
  if (request.total_segments > 1) {
    body += ",\"Segment\":" + std::to_string(request.segment) +
            ",\"TotalSegments\":" + std::to_string(request.total_segments);
  }
  if (request.exclusive_start_key) {
    body += ",\"ExclusiveStartKey\":" + *request.exclusive_start_key;
  }
  if (request.limit > 0) {
    body += ",\"Limit\":" + std::to_string(request.limit);
  }
  if (request.consistent_read) {
    body += ",\"ConsistentRead\":true";
  }
  if (request.count_only) {
    body += ",\"Select\":\"COUNT\"";
  }
  body += ",\"ReturnConsumedCapacity\":\"TOTAL\"}";

  ScanPage page;
  page.body = Call("Scan", body);
  EnsurePadding(page.body);

  // Items are taken as views of their own text in the body: nothing is decoded or re-encoded,
  // so numbers keep every digit and binary stays the base64 the server sent.
  try {
    simdjson::ondemand::document document = ThreadParser().iterate(page.body);
    for (simdjson::ondemand::field field : document.get_object()) {
      std::string_view key = field.unescaped_key();
      if (key == "Items") {
        // moto returns items even for Select=COUNT; a count-only page has none.
        if (request.count_only) {
          continue;
        }
        for (simdjson::ondemand::value item : field.value().get_array()) {
          page.items.push_back(RawObject(item));
        }
      } else if (key == "LastEvaluatedKey") {
        page.last_evaluated_key = std::string(RawObject(field.value()));
      } else if (key == "Count") {
        page.count = static_cast<long>(field.value().get_int64());
      } else if (key == "ConsumedCapacity") {
        page.consumed_capacity = CapacityUnits(field.value());
      }
    }
  } catch (const simdjson::simdjson_error& error) {
    FailMalformed("Scan", error.what());
  }
  return page;
}

BatchWriteResult Client::BatchWritePut(const std::string& table,
                                       const std::vector<std::string_view>& items) {
  if (items.empty() || items.size() > kMaxBatchItems) {
    throw std::invalid_argument("BatchWritePut takes 1 to 25 items, not " +
                                std::to_string(items.size()));
  }

  // Items go in verbatim, as read from the backup: no parse, no re-encoding.
  constexpr std::string_view kOpen = "{\"PutRequest\":{\"Item\":";
  constexpr std::string_view kClose = "}}";
  std::string table_json = JsonString(table);
  size_t size = 64 + table_json.size();
  for (std::string_view item : items) {
    size += kOpen.size() + item.size() + kClose.size() + 1;
  }
  std::string body;
  body.reserve(size);
  body += "{\"RequestItems\":{";
  body += table_json;
  body += ":[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      body += ',';
    }
    body += kOpen;
    body += items[i];
    body += kClose;
  }
  body += "]},\"ReturnConsumedCapacity\":\"TOTAL\"}";

  std::string response = Call("BatchWriteItem", body);
  EnsurePadding(response);

  BatchWriteResult result;
  try {
    simdjson::ondemand::document document = ThreadParser().iterate(response);
    for (simdjson::ondemand::field field : document.get_object()) {
      std::string_view key = field.unescaped_key();
      if (key == "ConsumedCapacity") {
        result.consumed_capacity = CapacityUnits(field.value());
        continue;
      }
      if (key != "UnprocessedItems") {
        continue;
      }
      for (simdjson::ondemand::field per_table : field.value().get_object()) {
        for (simdjson::ondemand::value write : per_table.value().get_array()) {
          for (simdjson::ondemand::field request : write.get_object()) {
            if (request.unescaped_key() != std::string_view("PutRequest")) {
              continue;
            }
            for (simdjson::ondemand::field put : request.value().get_object()) {
              if (put.unescaped_key() == std::string_view("Item")) {
                result.unprocessed.emplace_back(RawObject(put.value()));
              }
            }
          }
        }
      }
    }
  } catch (const simdjson::simdjson_error& error) {
    FailMalformed("BatchWriteItem", error.what());
  }
  return result;
}

nlohmann::json Client::CreateTable(const nlohmann::json& request) {
  nlohmann::json parsed =
      nlohmann::json::parse(Call("CreateTable", request.dump()), nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("TableDescription")) {
    FailMalformed("CreateTable", "no TableDescription");
  }
  return std::move(parsed["TableDescription"]);
}

void Client::DeleteTable(const std::string& table) {
  Call("DeleteTable", TableOnly(table));
}

std::string Client::Query(const nlohmann::json& request) {
  return Call("Query", request.dump());
}

std::optional<std::string> Client::GetItem(const std::string& table, const std::string& key_json,
                                           bool consistent_read) {
  std::string body = "{\"TableName\":" + JsonString(table) + ",\"Key\":" + key_json +
                     ",\"ConsistentRead\":" + (consistent_read ? "true" : "false") + "}";
  std::string response = Call("GetItem", body);
  EnsurePadding(response);

  try {
    simdjson::ondemand::document document = ThreadParser().iterate(response);
    for (simdjson::ondemand::field field : document.get_object()) {
      if (field.unescaped_key() == std::string_view("Item")) {
        return std::string(RawObject(field.value()));
      }
    }
  } catch (const simdjson::simdjson_error& error) {
    FailMalformed("GetItem", error.what());
  }
  return std::nullopt;
}

}  // namespace ddbm::dynamodb
