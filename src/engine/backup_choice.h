// Choosing the backup a step works from, and checking it before anything relies on it.
#pragma once

#include <optional>
#include <string>

#include "backup/manifest.h"
#include "engine/run_context.h"

namespace ddbm::engine {

/// The backup to load: `named` when given (a directory path), otherwise the newest complete
/// backup of the plan under the backup root, saying so when newer incomplete ones are skipped.
/// Reads its manifest and checks every data file's size and SHA-256. Throws ddbm::Failure
/// (nothing changed) when there is none, the backup root is missing, the backup belongs to
/// another plan, or it is damaged.
std::string ChooseBackup(const RunContext& context, const std::string& named,
                         backup::Manifest& manifest);

/// The newest complete backup that `migrate` took (it has a journal): the record of the last
/// migration, which a plain export taken since does not replace. nullopt when there is none.
std::optional<std::string> FindMigrationBackup(const RunContext& context);

}  // namespace ddbm::engine
