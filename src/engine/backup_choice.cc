#include "engine/backup_choice.h"

#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "backup/backup_location.h"
#include "common/failure.h"
#include "engine/journal.h"

namespace ddbm::engine {

namespace {

void RequireBackupRoot(const std::string& root) {
  std::error_code error;
  if (!std::filesystem::exists(root, error)) {
    throw Failure(ExitCode::kFailedNothingChanged, "backup directory " + root + " does not exist",
                  "point --backup-dir at the directory that holds the backups");
  }
  if (!std::filesystem::is_directory(root, error)) {
    throw Failure(ExitCode::kFailedNothingChanged, "--backup-dir " + root + " is not a directory");
  }
}

// A backup is only meaningful under the plan it was taken with: its table names and key
// transformation come from there.
void RequireSamePlan(const RunContext& context, const std::string& directory,
                     const backup::Manifest& manifest) {
  if (manifest.plan_name != context.plan.name) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "backup " + directory + " was taken with plan " + manifest.plan_name +
                      ", not with plan " + context.plan.name + " (" + context.plan.source + ")",
                  "give the plan it was taken with: --plan FILE");
  }
  if (!manifest.endpoint.empty() && manifest.endpoint != context.connection.endpoint) {
    context.reporter->Warn("backup " + directory + " was taken from " + manifest.endpoint +
                           ", and this run acts on " + context.connection.endpoint);
  }
}

}  // namespace

std::string ChooseBackup(const RunContext& context, const std::string& named,
                         backup::Manifest& manifest) {
  std::string directory = named;
  if (directory.empty()) {
    RequireBackupRoot(context.options.backup_root);
    backup::BackupSearch search =
        backup::FindNewestBackup(context.options.backup_root, context.plan.name);
    for (const std::string& skipped : search.skipped_incomplete) {
      context.reporter->Warn("skipping incomplete backup " + skipped + " (no manifest.json)");
    }
    if (!search.newest_complete) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "no complete backup of plan " + context.plan.name + " under " +
                        context.options.backup_root,
                    "run ddbmigrate export first, or point --backup-dir at the backups");
    }
    directory = *search.newest_complete;
  }

  try {
    manifest = backup::ReadManifest(directory);
  } catch (const backup::DataFileError& error) {
    throw Failure(ExitCode::kFailedNothingChanged, error.what());
  }
  RequireSamePlan(context, directory, manifest);

  std::vector<std::string> problems = backup::CheckDataFiles(directory, manifest);
  if (!problems.empty()) {
    std::string fact = "backup " + directory + " is damaged: " + problems.front();
    if (problems.size() > 1) {
      fact += fmt::format(" (and {} more problems)", problems.size() - 1);
    }
    throw Failure(ExitCode::kFailedNothingChanged, fact,
                  "use another backup, or take a new one with ddbmigrate export");
  }
  return directory;
}

std::optional<std::string> FindMigrationBackup(const RunContext& context) {
  std::error_code error;
  if (!std::filesystem::is_directory(context.options.backup_root, error)) {
    return std::nullopt;
  }
  backup::BackupSearch search =
      backup::FindNewestBackup(context.options.backup_root, context.plan.name);
  for (const std::string& directory : search.complete) {
    if (ReadJournal(directory) != MigrationStep::kNone) {
      return directory;
    }
  }
  return std::nullopt;
}

}  // namespace ddbm::engine
