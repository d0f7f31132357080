#include "engine/table_settings.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "common/failure.h"
#include "common/interrupt.h"

namespace ddbm::engine {

namespace {

using nlohmann::json;

// Right after CreateTable, DynamoDB turns continuous backups on by itself and answers
// UpdateContinuousBackups with ContinuousBackupsUnavailableException until it is done, which
// takes seconds to minutes. Past this, something else is wrong.
constexpr std::chrono::minutes kMaxBackupsWait{15};
constexpr long kMinBackupsPollMs = 1000;

bool Enabled(const std::string& status) {
  return status == "ENABLED" || status == "ENABLING";
}

// Where the tables stand when restoring a setting fails: created, not yet complete.
[[noreturn]] void FailSetting(const std::string& table, const std::string& setting,
                              const dynamodb::ApiFailure& error,
                              const std::string& backup_directory) {
  throw Failure(ExitCode::kFailedTablesChanged,
                "table " + table + ": " + setting + " could not be restored: " + error.what(),
                "every item is in " + backup_directory +
                    "; run the same command again to finish the rebuild");
}

void Unsupported(const RunContext& context, const std::string& table, const std::string& setting,
                 const char* operation) {
  const std::string fact = " could not be restored: the endpoint does not support ";
  context.reporter->Warn("table " + table + ": " + setting + fact + operation);
}

bool HasTag(const json& tags, const json& wanted) {
  for (const json& tag : tags) {
    if (tag.value("Key", "") == wanted.value("Key", "") &&
        tag.value("Value", "") == wanted.value("Value", "")) {
      return true;
    }
  }
  return false;
}

void RestoreTags(dynamodb::Client& client, const RunContext& context, const std::string& table,
                 const json& tags) {
  if (tags.empty()) {
    return;
  }

  std::optional<json> description = client.DescribeTable(table);
  std::string arn = description ? description->value("TableArn", "") : "";
  std::optional<json> current = client.ListTagsOfResource(arn);
  if (!current) {
    Unsupported(context, table, "its tags", "ListTagsOfResource");
    return;
  }

  json missing = json::array();
  for (const json& tag : tags) {
    if (!HasTag(*current, tag)) {
      missing.push_back(tag);
    }
  }
  if (missing.empty()) {
    return;
  }
  if (!client.TagResource(arn, missing)) {
    Unsupported(context, table, "its tags", "TagResource");
    return;
  }
  // Only where the endpoint ignored CreateTable's Tags (dynalite) is anything missing here.
  context.reporter->Info("{}: {} tags restored with TagResource", table, missing.size());
}

void RestoreTimeToLive(dynamodb::Client& client, const RunContext& context,
                       const std::string& table, const std::string& attribute) {
  std::optional<json> now = client.DescribeTimeToLive(table);
  if (now && Enabled(now->value("TimeToLiveStatus", "")) &&
      now->value("AttributeName", "") == attribute) {
    return;
  }

  json specification = {{"Enabled", true}, {"AttributeName", attribute}};
  if (!client.UpdateTimeToLive(table, specification)) {
    Unsupported(context, table, "TTL on attribute " + attribute, "UpdateTimeToLive");
    return;
  }
  context.reporter->Info("{}: TTL enabled on attribute {}", table, attribute);
}

void RestorePointInTimeRecovery(dynamodb::Client& client, const RunContext& context,
                                const std::string& table, const LaterSettings& settings) {
  std::optional<json> now = client.DescribeContinuousBackups(table);
  if (now) {
    const json& recovery = now->value("PointInTimeRecoveryDescription", json::object());
    bool same_period = !settings.recovery_period_days ||
                       recovery.value("RecoveryPeriodInDays", 0) == *settings.recovery_period_days;
    if (Enabled(recovery.value("PointInTimeRecoveryStatus", "")) && same_period) {
      return;
    }
  }

  json specification = {{"PointInTimeRecoveryEnabled", true}};
  if (settings.recovery_period_days) {
    specification["RecoveryPeriodInDays"] = *settings.recovery_period_days;
  }

  auto started = std::chrono::steady_clock::now();
  for (;;) {
    try {
      if (!client.UpdateContinuousBackups(table, specification)) {
        Unsupported(context, table, "point-in-time recovery", "UpdateContinuousBackups");
        return;
      }
      context.reporter->Info("{}: point-in-time recovery enabled", table);
      return;
    } catch (const dynamodb::ApiFailure& failure) {
      bool settling = failure.error().type == "ContinuousBackupsUnavailableException" ||
                      failure.error().type == "ContinuousBackupsUnavailable";
      if (!settling || std::chrono::steady_clock::now() - started > kMaxBackupsWait) {
        throw;
      }
    }
    InterruptibleSleep(std::max<long>(context.options.poll_interval_ms, kMinBackupsPollMs));
  }
}

}  // namespace

LaterSettings SettingsToRestore(const backup::TableBackup& backed_up,
                                const nlohmann::json& create_request) {
  LaterSettings settings;
  const json& ttl = backed_up.time_to_live;
  if (ttl.is_object() && Enabled(ttl.value("TimeToLiveStatus", "")) &&
      !ttl.value("AttributeName", "").empty()) {
    settings.ttl_attribute = ttl.value("AttributeName", "");
  }

  const json& backups = backed_up.continuous_backups;
  if (backups.is_object()) {
    const json& recovery = backups.value("PointInTimeRecoveryDescription", json::object());
    settings.point_in_time_recovery = Enabled(recovery.value("PointInTimeRecoveryStatus", ""));
    if (recovery.contains("RecoveryPeriodInDays") &&
        recovery["RecoveryPeriodInDays"].is_number_integer()) {
      settings.recovery_period_days = recovery["RecoveryPeriodInDays"].get<int>();
    }
  }

  settings.tags = create_request.value("Tags", json::array());
  return settings;
}

void RestoreSettings(dynamodb::Client& client, const RunContext& context, const std::string& table,
                     const LaterSettings& settings, const std::string& backup_directory) {
  try {
    RestoreTags(client, context, table, settings.tags);
  } catch (const dynamodb::ApiFailure& error) {
    FailSetting(table, "its tags", error, backup_directory);
  }

  if (settings.ttl_attribute) {
    try {
      RestoreTimeToLive(client, context, table, *settings.ttl_attribute);
    } catch (const dynamodb::ApiFailure& error) {
      FailSetting(table, "TTL on attribute " + *settings.ttl_attribute, error, backup_directory);
    }
  }

  if (settings.point_in_time_recovery) {
    try {
      RestorePointInTimeRecovery(client, context, table, settings);
    } catch (const dynamodb::ApiFailure& error) {
      FailSetting(table, "point-in-time recovery", error, backup_directory);
    }
  }
}

}  // namespace ddbm::engine
