// The last check before a delete: the table still holds exactly what the backup holds. An
// item written, changed or removed since the export (the application was not stopped, or the
// operator waited at the YES prompt while it kept writing) would otherwise be lost silently:
// the import restores the backup, and verification compares with the backup.
#pragma once

#include <string>
#include <vector>

#include "backup/manifest.h"
#include "engine/rebuild_step.h"
#include "engine/run_context.h"

namespace ddbm::engine {

/// Scans every table that `targets` will delete and compares it item by item with the backup.
/// Throws ddbm::Failure (ExitCode::kFailedNothingChanged) naming the differences when any.
void RequireUnchangedSinceBackup(const RunContext& context, const std::string& directory,
                                 const backup::Manifest& manifest,
                                 const std::vector<RebuildTarget>& targets);

}  // namespace ddbm::engine
