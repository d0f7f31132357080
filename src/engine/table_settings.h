// The settings of a table that CreateTable cannot carry, brought back once the new table is
// ACTIVE: time to live and point-in-time recovery, and the tags again for endpoints that
// ignore CreateTable's Tags (dynalite).
//
// Restoring is idempotent: each setting is read first and changed only where it differs, so a
// rebuild run again after a crash between CreateTable and these calls finishes the job.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "backup/manifest.h"
#include "dynamodb/client.h"
#include "engine/run_context.h"

namespace ddbm::engine {

struct LaterSettings {
  /// The TTL attribute when TTL was enabled on the backed-up table.
  std::optional<std::string> ttl_attribute;
  /// Whether point-in-time recovery was enabled, and its recovery period when one was recorded.
  bool point_in_time_recovery = false;
  std::optional<int> recovery_period_days;
  /// The tags CreateTable was given ([{"Key":..,"Value":..}]), checked on the new table.
  nlohmann::json tags = nlohmann::json::array();

  bool Empty() const { return !ttl_attribute && !point_in_time_recovery && tags.empty(); }
};

/// What of `backed_up` to restore after CreateTable sends `create_request`.
LaterSettings SettingsToRestore(const backup::TableBackup& backed_up,
                                const nlohmann::json& create_request);

/// Brings the settings back on the ACTIVE `table`. Where the endpoint lacks an operation
/// (UnknownOperation from a local server), warns through the reporter and goes on. Any other
/// error is a ddbm::Failure with ExitCode::kFailedTablesChanged: the table exists without the
/// setting, and running the same command again finishes it.
void RestoreSettings(dynamodb::Client& client, const RunContext& context, const std::string& table,
                     const LaterSettings& settings, const std::string& backup_directory);

}  // namespace ddbm::engine
