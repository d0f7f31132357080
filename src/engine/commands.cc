#include "engine/commands.h"

#include <chrono>

#include <fmt/format.h>

#include "backup/backup_location.h"
#include "common/failure.h"
#include "dynamodb/client.h"
#include "engine/backup_choice.h"
#include "engine/change_check.h"
#include "engine/confirmation.h"
#include "engine/export_step.h"
#include "engine/import_step.h"
#include "engine/journal.h"
#include "engine/live_tables.h"
#include "engine/preflight.h"
#include "engine/rebuild_step.h"
#include "engine/segment_scan.h"
#include "engine/table_schema.h"
#include "engine/verification.h"

namespace ddbm::engine {

namespace {

// The checks that must pass before anything is deleted: every item fits its new table.
void CheckItemsFit(const RunContext& context, const std::string& directory,
                   const backup::Manifest& manifest, const std::vector<RebuildTarget>& targets) {
  std::vector<std::pair<std::string, nlohmann::json>> requests;
  for (const RebuildTarget& target : targets) {
    requests.emplace_back(target.table->plan_name, target.create_request);
  }
  PreflightReport report = RunPreflight(context, directory, manifest, requests);
  RequirePreflightPassed(context, directory, report);
}

// The rebuild with every check before it: items fit, the operator's YES, and the tables
// unchanged since the backup, in that order, so nothing is deleted that the backup lacks.
void RebuildChecked(const RunContext& context, const std::string& directory,
                    const backup::Manifest& manifest) {
  std::vector<RebuildTarget> targets = PlanRebuild(context, manifest);
  CheckItemsFit(context, directory, manifest, targets);
  if (DeletesAnything(targets)) {
    ConfirmDeletion(context, targets, directory);
    RequireUnchangedSinceBackup(context, directory, manifest, targets);
  }
  RunRebuild(context, targets, directory);
}

double SecondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// Rebuild and import from a chosen backup, then verify; the part of migrate that a resumed
// run repeats. Steps already recorded in the journal are not repeated.
ExitCode FinishSteps(const RunContext& context, const std::string& directory,
                     const backup::Manifest& manifest, MigrationStep done) {
  if (done < MigrationStep::kRebuilt) {
    RebuildChecked(context, directory, manifest);
    WriteJournal(directory, MigrationStep::kRebuilt);
  }

  if (done < MigrationStep::kImported) {
    std::vector<TableImportStats> stats =
        RunImport(context, directory, manifest, ImportScope::kRekeyedTables);
    ReportImport(context, stats);
    WriteJournal(directory, MigrationStep::kImported);
  }

  std::vector<TableVerification> results = VerifyTables(context, directory, manifest);
  if (!ReportVerification(context, directory, results)) {
    throw Failure(ExitCode::kVerifyMismatch,
                  "the tables do not hold exactly what the backup holds (see the report above)",
                  "every item is in " + directory + "; run ddbmigrate import " + directory +
                      " --force to load it again");
  }
  WriteJournal(directory, MigrationStep::kVerified);
  return ExitCode::kSuccess;
}

ExitCode FinishMigration(const RunContext& context, const std::string& directory,
                         const backup::Manifest& manifest, MigrationStep done) {
  try {
    return FinishSteps(context, directory, manifest, done);
  } catch (const Failure&) {
    throw;
  } catch (const std::exception& error) {
    // The rebuild turns its own failures into Failures that say whether tables changed; what
    // reaches here came before it (nothing changed) or after it (a failed request while
    // importing or verifying), which the journal tells apart.
    if (ReadJournal(directory) < MigrationStep::kRebuilt) {
      throw Failure(ExitCode::kFailedNothingChanged, error.what());
    }
    throw Failure(ExitCode::kFailedTablesChanged, error.what(),
                  "every item is in " + directory + "; run ddbmigrate migrate again to finish");
  }
}

// A migrate run that finds a re-keyed table missing or already with its new keys is the
// continuation of an interrupted one: its data is in the newest backup that has not been
// verified yet, and a fresh export now would back up a half-imported table instead.
bool NeedsResume(const RunContext& context) {
  dynamodb::Client client(context.connection);
  for (const plan::TablePlan& table : context.plan.tables) {
    if (!table.new_key) {
      continue;
    }
    std::optional<nlohmann::json> live = client.DescribeTable(table.name);
    if (!live || KeySchemaOf(*live) == *table.new_key) {
      return true;
    }
  }
  return false;
}

bool HoldsItems(dynamodb::Client& client, const std::string& table) {
  dynamodb::ScanRequest request;
  request.table = table;
  request.limit = 1;
  do {
    dynamodb::ScanPage page = client.Scan(request);
    if (!page.items.empty()) {
      return true;
    }
    request.exclusive_start_key = page.last_evaluated_key;
  } while (request.exclusive_start_key);
  return false;
}

// A plain import puts the backup's items over whatever the tables hold: items with the same
// key are replaced. A table the plan only backs up and that still holds data is left alone (it
// was never emptied); a re-keyed table that holds data is written into only when the operator
// says so. Returns the plan's tables to import.
std::vector<plan::TablePlan> TablesToImport(const RunContext& context,
                                            const backup::Manifest& manifest) {
  dynamodb::Client client(context.connection);
  std::vector<plan::TablePlan> chosen;
  for (const plan::TablePlan& table : context.plan.tables) {
    if (!client.DescribeTable(table.name) || !HoldsItems(client, table.name)) {
      chosen.push_back(table);
      continue;
    }

    const backup::TableBackup* backed_up = manifest.FindTable(table.plan_name);
    bool rekeyed = backed_up != nullptr && KeySchemaChanges(table, backed_up->description);
    if (!rekeyed && !context.options.force) {
      context.reporter->Info(
          "{}: the plan only backs it up and it still holds items; left as "
          "it is (--force loads the backup over it)",
          table.name);
      continue;
    }
    if (!context.options.force) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "table " + table.name +
                        " is not empty; importing would replace its items "
                        "that have the same keys as backed-up ones",
                    "add --force to import anyway (an interrupted import then resumes where it "
                    "stopped)");
    }
    unsigned long long held = CountItems(context, table.name, 4);
    context.reporter->Warn(
        fmt::format("--force: {} already holds {} items; those with the same "
                    "key as a backed-up item will be replaced",
                    table.name, WithThousands(held)));
    chosen.push_back(table);
  }
  return chosen;
}

bool AllRekeyed(const RunContext& context) {
  dynamodb::Client client(context.connection);
  for (const plan::TablePlan& table : context.plan.tables) {
    std::optional<nlohmann::json> live = client.DescribeTable(table.name);
    if (!live || (table.new_key && !(KeySchemaOf(*live) == *table.new_key))) {
      return false;
    }
  }
  return true;
}

ExitCode ResumeMigration(const RunContext& context) {
  std::optional<std::string> found = FindMigrationBackup(context);
  if (!found) {
    dynamodb::Client client(context.connection);
    for (const plan::TablePlan& table : context.plan.tables) {
      DescribeExisting(client, context, table.name);
    }
    // Tables with the new keys and no record of the migration that made them: it may have been
    // interrupted while loading them, and only its backup can tell.
    throw Failure(ExitCode::kFailedNothingChanged,
                  "the tables already have their new key schema, but no backup taken by migrate "
                  "was found under " +
                      context.options.backup_root,
                  "if a migration was interrupted, run it again with --backup-dir set to where it "
                  "kept its backup (by default the directory it ran in)");
  }

  backup::Manifest manifest;
  std::string directory = ChooseBackup(context, *found, manifest);
  MigrationStep done = ReadJournal(directory);
  if (done == MigrationStep::kVerified) {
    if (!AllRekeyed(context)) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "the migration recorded in " + directory +
                        " was completed, but a table is now missing or has other keys",
                    "restore it from that backup: ddbmigrate rebuild " + directory +
                        ", then ddbmigrate import " + directory);
    }
    context.reporter->Info(
        "the migration recorded in {} is already complete and verified; "
        "nothing to do",
        directory);
    return ExitCode::kSuccess;
  }

  context.reporter->Info("found an unfinished migration in {} (last step done: {}); continuing",
                         directory, StepName(done));
  ExitCode code = FinishMigration(context, directory, manifest, done);
  context.reporter->Result("migration complete; backup kept in " + directory);
  return code;
}

}  // namespace

ExitCode ExportCommand(const RunContext& context) {
  AnnounceTarget(context, "export");
  ExportResult result = RunExport(context);
  ReportExport(context, result);
  return ExitCode::kSuccess;
}

ExitCode RebuildCommand(const RunContext& context, const std::string& backup) {
  AnnounceTarget(context, "rebuild");
  backup::Manifest manifest;
  std::string directory = ChooseBackup(context, backup, manifest);
  context.reporter->Info("using backup {}", directory);
  RebuildChecked(context, directory, manifest);
  context.reporter->Result("rebuild complete; next: ddbmigrate import " + directory);
  return ExitCode::kSuccess;
}

ExitCode ImportCommand(const RunContext& context, const std::string& backup) {
  AnnounceTarget(context, "import");
  backup::Manifest manifest;
  std::string directory = ChooseBackup(context, backup, manifest);
  RunContext chosen = context;
  chosen.plan.tables = TablesToImport(context, manifest);
  context.reporter->Info("importing from {}", directory);
  std::vector<TableImportStats> stats;
  try {
    stats = RunImport(chosen, directory, manifest, ImportScope::kAllTables);
  } catch (const Failure& failure) {
    // The tables now hold part of the backup, so the re-run must be told to write into them.
    if (failure.code() != ExitCode::kInterrupted &&
        failure.code() != ExitCode::kFailedTablesChanged) {
      throw;
    }
    throw Failure(failure.code(), failure.what(),
                  "to finish, run: ddbmigrate import " + directory +
                      " --force (items already written are simply written again)");
  }
  ReportImport(context, stats);
  return ExitCode::kSuccess;
}

ExitCode VerifyCommand(const RunContext& context, const std::string& backup) {
  AnnounceTarget(context, "verify");
  backup::Manifest manifest;
  std::string directory = ChooseBackup(context, backup, manifest);
  context.reporter->Info("backup {}: manifest and data file checksums ok", directory);
  std::vector<TableVerification> results = VerifyTables(context, directory, manifest);
  if (!ReportVerification(context, directory, results)) {
    return ExitCode::kVerifyMismatch;
  }
  return ExitCode::kSuccess;
}

ExitCode MigrateCommand(const RunContext& context) {
  auto started = std::chrono::steady_clock::now();
  AnnounceTarget(context, "migrate");
  RequireWayToConfirm(context);
  if (NeedsResume(context)) {
    return ResumeMigration(context);
  }

  ExportResult exported = RunExport(context);
  ReportExport(context, exported);
  WriteJournal(exported.directory, MigrationStep::kExported);

  ExitCode code =
      FinishMigration(context, exported.directory, exported.manifest, MigrationStep::kExported);
  context.reporter->Result(fmt::format("migration complete in {:.1f} s; backup kept in {}",
                                       SecondsSince(started), exported.directory));
  return code;
}

}  // namespace ddbm::engine
