#include "engine/live_tables.h"

#include <chrono>
#include <thread>

#include "common/did_you_mean.h"
#include "common/failure.h"
#include "common/interrupt.h"

namespace ddbm::engine {

namespace {

// Table creation and deletion take seconds to minutes on the real service; an hour without a
// state change means something else is wrong and the operator should look.
constexpr std::chrono::minutes kMaxWait{60};

bool AllIndexesActive(const nlohmann::json& description) {
  for (const auto& index : description.value("GlobalSecondaryIndexes", nlohmann::json::array())) {
    if (index.value("IndexStatus", "ACTIVE") != "ACTIVE") {
      return false;
    }
  }
  return true;
}

void Pause(const RunContext& context, std::chrono::steady_clock::time_point started,
           const std::string& table, const char* waiting_for) {
  if (std::chrono::steady_clock::now() - started > kMaxWait) {
    throw Failure(ExitCode::kFailedTablesChanged,
                  "table " + table + " did not become " + waiting_for + " within 60 minutes",
                  "check the table in the AWS console, then run the same command again");
  }
  InterruptibleSleep(context.options.poll_interval_ms);
}

}  // namespace

nlohmann::json DescribeExisting(dynamodb::Client& client, const RunContext& context,
                                const std::string& table) {
  std::optional<nlohmann::json> description = client.DescribeTable(table);
  if (description) {
    return *description;
  }

  std::string fact = "table " + table + " does not exist at " + context.connection.endpoint +
                     " (region " + context.connection.region + ")";
  std::string hint;
  std::vector<std::string> names = client.ListTables();
  std::optional<std::string> suggestion = DidYouMean(table, names);
  if (suggestion) {
    hint = "did you mean " + *suggestion + "? (rename tables with --table NAME=LIVE_NAME)";
  } else {
    hint = "check --region and --endpoint-url, or name the table with --table or --table-prefix";
  }
  throw Failure(ExitCode::kFailedNothingChanged, fact, hint);
}

void RequireActive(const nlohmann::json& description) {
  std::string status = description.value("TableStatus", "");
  if (status == "ACTIVE") {
    return;
  }
  throw Failure(ExitCode::kFailedNothingChanged,
                "table " + description.value("TableName", std::string("?")) + " is " + status +
                    ", not ACTIVE",
                "wait until the table is ACTIVE and run the same command again");
}

void WaitUntilGone(dynamodb::Client& client, const RunContext& context, const std::string& table) {
  auto started = std::chrono::steady_clock::now();
  while (client.DescribeTable(table)) {
    Pause(context, started, table, "deleted");
  }
}

nlohmann::json WaitUntilActive(dynamodb::Client& client, const RunContext& context,
                               const std::string& table) {
  auto started = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<nlohmann::json> description = client.DescribeTable(table);
    if (description && description->value("TableStatus", "") == "ACTIVE" &&
        AllIndexesActive(*description)) {
      return *description;
    }
    Pause(context, started, table, "ACTIVE");
  }
}

namespace {

void ProbeEndpoint(const RunContext& context) {
  dynamodb::RetryLimits quick;
  quick.max_attempts = 3;
  quick.base_delay = std::chrono::milliseconds(100);
  quick.max_total = std::chrono::seconds(10);
  dynamodb::Client client(context.connection, dynamodb::RetryPolicy(quick));
  try {
    client.DescribeTable(context.plan.tables.front().name);
  } catch (const dynamodb::ApiFailure& failure) {
    const dynamodb::ApiError& error = failure.error();
    switch (error.kind) {
      case dynamodb::ErrorKind::kNetwork:
        throw Failure(
            ExitCode::kFailedNothingChanged,
            "cannot reach DynamoDB at " + context.connection.endpoint + ": " + error.message,
            "check --endpoint-url (or AWS_ENDPOINT_URL) and --region");
      case dynamodb::ErrorKind::kBadCredentials:
      case dynamodb::ErrorKind::kExpiredCredentials:
      case dynamodb::ErrorKind::kAccessDenied:
        throw Failure(ExitCode::kFailedNothingChanged,
                      "DynamoDB at " + context.connection.endpoint + " refused the credentials " +
                          "from " + context.connection.credentials.source + ": " +
                          dynamodb::Describe(error),
                      "check the profile, the AWS_* variables and the region");
      default:
        throw;
    }
  }
}

}  // namespace

void AnnounceTarget(const RunContext& context, const std::string& command) {
  Reporter& reporter = *context.reporter;
  reporter.Info("ddbmigrate {}: endpoint {}, region {}, plan {} ({})", command,
                context.connection.endpoint, context.connection.region, context.plan.name,
                context.plan.source);
  for (const plan::TablePlan& table : context.plan.tables) {
    std::string action = table.new_key ? "re-key" : "back up only";
    reporter.Info("  table {} ({})", table.name, action);
  }
  ProbeEndpoint(context);
}

}  // namespace ddbm::engine
