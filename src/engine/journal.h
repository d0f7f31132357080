// The migration's progress, kept in the backup directory as journal.json so that a run that
// was interrupted can be found and finished by running the same command again.
#pragma once

#include <string>

namespace ddbm::engine {

/// The steps of `migrate`, in order. Each is recorded once it has finished.
enum class MigrationStep {
  kNone,      // no journal: a plain export
  kExported,  // backup complete; tables not touched
  kRebuilt,   // re-keyed tables exist with their new keys, possibly empty
  kImported,  // every item written
  kVerified,  // counts checked: the migration is done
};

const char* StepName(MigrationStep step);

/// Reads the journal of a backup directory; kNone when there is none.
MigrationStep ReadJournal(const std::string& backup_directory);

/// Records a finished step (atomically: temporary file, fsync, rename).
void WriteJournal(const std::string& backup_directory, MigrationStep step);

}  // namespace ddbm::engine
