// rebuild: deletes the tables whose key schema changes and creates them with the new keys.
//
// Everything that can be checked is checked before the first DeleteTable: the backup holds
// the table, the live table is the one the backup was taken from, and the CreateTable request
// is built. A table that already has the new key schema is left alone, and a table that is
// missing (a run killed between delete and create) is simply created, so running rebuild again
// after an interruption finishes the job.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup/manifest.h"
#include "engine/run_context.h"
#include "engine/table_settings.h"

namespace ddbm::engine {

enum class RebuildAction {
  kDeleteAndCreate,  // live table has the old keys
  kCreate,           // live table is missing: a previous run deleted it
  kWaitUntilActive,  // live table already has the new keys but is still being created
  kNothing,          // live table already has the new keys and is ACTIVE
};

struct RebuildTarget {
  const plan::TablePlan* table = nullptr;
  RebuildAction action = RebuildAction::kNothing;
  nlohmann::json create_request;
  /// What CreateTable cannot set, restored once the table is ACTIVE.
  LaterSettings later;
  /// The live table is protected against deletion and the operator allowed turning that off
  /// right before DeleteTable (the new table is created with it on again).
  bool disable_deletion_protection = false;
  unsigned long long backup_items = 0;
};

/// A target for `table` from its backup, its action still to be decided: the CreateTable
/// request with the plan's index changes applied and checked by ValidateCreateTableRequest, and
/// the settings to restore after it. Warns about tags AWS reserves, which cannot be restored.
/// Throws ddbm::Failure (ExitCode::kChecksFailed) when the request cannot be built or would be
/// refused.
RebuildTarget PrepareTarget(const RunContext& context, const backup::TableBackup& backed_up,
                            const plan::TablePlan& table);

/// For a live table about to be deleted: refuses one with deletion protection (ddbm::Failure,
/// ExitCode::kChecksFailed) unless the operator allowed turning it off, in which case the
/// target is marked so that RunRebuild does so right before DeleteTable.
void CheckDeletionProtection(const RunContext& context, const nlohmann::json& live,
                             RebuildTarget& target);

/// Decides what to do with each re-keyed table and builds its CreateTable request. Throws
/// ddbm::Failure before anything is changed when the backup does not cover a table, the live
/// table is not the one the backup was taken from, or it is protected against deletion.
std::vector<RebuildTarget> PlanRebuild(const RunContext& context, const backup::Manifest& manifest);

/// Whether any target deletes a table (and so needs the operator's YES).
bool DeletesAnything(const std::vector<RebuildTarget>& targets);

/// Carries the plan out: turn deletion protection off where allowed, delete, wait until gone,
/// create, wait until ACTIVE, restore the settings CreateTable cannot carry. A failure after
/// the first change is a Failure with ExitCode::kFailedTablesChanged.
void RunRebuild(const RunContext& context, const std::vector<RebuildTarget>& targets,
                const std::string& backup_directory);

}  // namespace ddbm::engine
