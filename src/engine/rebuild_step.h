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
  unsigned long long backup_items = 0;
};

/// Decides what to do with each re-keyed table and builds its CreateTable request. Throws
/// ddbm::Failure before anything is changed when the backup does not cover a table, the live
/// table is not the one the backup was taken from, or it is protected against deletion.
std::vector<RebuildTarget> PlanRebuild(const RunContext& context,
                                       const backup::Manifest& manifest);

/// Whether any target deletes a table (and so needs the operator's YES).
bool DeletesAnything(const std::vector<RebuildTarget>& targets);

/// Carries the plan out: delete, wait until gone, create, wait until ACTIVE. A failure after
/// the first delete is a Failure with ExitCode::kFailedTablesChanged.
void RunRebuild(const RunContext& context, const std::vector<RebuildTarget>& targets,
                const std::string& backup_directory);

}  // namespace ddbm::engine
