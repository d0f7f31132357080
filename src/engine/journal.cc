#include "engine/journal.h"

#include <nlohmann/json.hpp>

#include "backup/atomic_file.h"
#include "backup/gzip_lines.h"
#include "common/failure.h"

namespace ddbm::engine {

namespace {

constexpr MigrationStep kSteps[] = {MigrationStep::kNone, MigrationStep::kExported,
                                    MigrationStep::kRebuilt, MigrationStep::kImported,
                                    MigrationStep::kVerified};

std::string JournalPath(const std::string& directory) {
  return directory + "/journal.json";
}

}  // namespace

const char* StepName(MigrationStep step) {
  switch (step) {
    case MigrationStep::kNone:
      return "none";
    case MigrationStep::kExported:
      return "exported";
    case MigrationStep::kRebuilt:
      return "rebuilt";
    case MigrationStep::kImported:
      return "imported";
    case MigrationStep::kVerified:
      return "verified";
  }
  return "none";
}

MigrationStep ReadJournal(const std::string& backup_directory) {
  std::optional<std::string> text = backup::ReadWholeFile(JournalPath(backup_directory));
  if (!text) {
    return MigrationStep::kNone;
  }

  nlohmann::json journal = nlohmann::json::parse(*text, nullptr, false);
  std::string name = journal.is_object() ? journal.value("step", "") : "";
  for (MigrationStep step : kSteps) {
    if (name == StepName(step)) {
      return step;
    }
  }
  throw Failure(ExitCode::kFailedNothingChanged,
                JournalPath(backup_directory) + " is not a journal this version understands");
}

void WriteJournal(const std::string& backup_directory, MigrationStep step) {
  nlohmann::json journal = {{"step", StepName(step)}};
  try {
    backup::ReplaceFileAtomically(JournalPath(backup_directory), journal.dump(2) + "\n");
  } catch (const backup::DataFileError& error) {
    throw Failure(ExitCode::kFailedTablesChanged, error.what());
  }
}

}  // namespace ddbm::engine
