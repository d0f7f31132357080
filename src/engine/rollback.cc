#include "engine/rollback.h"

#include <fmt/format.h>

#include "common/failure.h"
#include "dynamodb/client.h"
#include "engine/backup_choice.h"
#include "engine/confirmation.h"
#include "engine/import_step.h"
#include "engine/live_tables.h"
#include "engine/rebuild_step.h"
#include "engine/table_schema.h"
#include "engine/verification.h"

namespace ddbm::engine {

namespace {

// The plan that undoes `forward` for the tables it re-keyed: each gets its backed-up key schema
// as its "new" key and no fills. Tables the migration only backed up are left out: they were
// never changed, and loading their old items would undo writes made since.
plan::Plan ReversePlan(const plan::Plan& forward, const backup::Manifest& manifest) {
  plan::Plan reverse = forward;
  reverse.tables.clear();
  for (const plan::TablePlan& table : forward.tables) {
    const backup::TableBackup* backed_up = manifest.FindTable(table.plan_name);
    if (!table.new_key || backed_up == nullptr) {
      continue;
    }
    plan::KeySchema original = KeySchemaOf(backed_up->description);
    if (original == *table.new_key) {
      continue;
    }
    plan::TablePlan undo = table;
    undo.new_key = original;
    undo.fills.clear();
    // The original indexes come back from the backup's description as they were.
    undo.drop_indexes.clear();
    undo.add_indexes.clear();
    reverse.tables.push_back(std::move(undo));
  }
  return reverse;
}

// Items of the live table that the backup does not account for. The live table is compared
// under the forward plan while it still has the migrated keys, under the reverse plan once a
// previous rollback has already restored the original keys.
unsigned long long UnexplainedItems(const RunContext& context, const std::string& directory,
                                    const backup::Manifest& manifest,
                                    const plan::TablePlan& forward,
                                    const plan::TablePlan& reverse) {
  dynamodb::Client client(context.connection);
  std::optional<nlohmann::json> live = client.DescribeTable(forward.name);
  if (!live) {
    return 0;
  }

  RunContext check = context;
  bool migrated = KeySchemaOf(*live) == *forward.new_key;
  check.plan.tables = {migrated ? forward : reverse};
  std::vector<TableVerification> results = VerifyTables(check, directory, manifest);
  const TableVerification& result = results.front();
  for (const std::string& example : result.examples) {
    if (example.find(": missing ") == std::string::npos) {
      context.reporter->Info("  " + example);
    }
  }
  return result.extra + result.differing;
}

std::vector<RebuildTarget> ReverseTargets(const RunContext& context,
                                          const backup::Manifest& manifest) {
  dynamodb::Client client(context.connection);
  std::vector<RebuildTarget> targets;
  for (const plan::TablePlan& table : context.plan.tables) {
    const backup::TableBackup& backed_up = *manifest.FindTable(table.plan_name);
    RebuildTarget target = PrepareTarget(context, backed_up, table);
    std::optional<nlohmann::json> live = client.DescribeTable(table.name);
    if (!live) {
      target.action = RebuildAction::kCreate;
    } else if (KeySchemaOf(*live) == *table.new_key) {
      bool active = live->value("TableStatus", "") == "ACTIVE";
      target.action = active ? RebuildAction::kNothing : RebuildAction::kWaitUntilActive;
    } else {
      RequireActive(*live);
      CheckDeletionProtection(context, *live, target);
      target.action = RebuildAction::kDeleteAndCreate;
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace

ExitCode RollbackCommand(const RunContext& context, const std::string& backup) {
  AnnounceTarget(context, "rollback");
  // Without a name, the backup of the last migration: a plain export taken since holds the
  // migrated tables, which is not what a rollback goes back to.
  std::string named = backup;
  if (named.empty()) {
    named = FindMigrationBackup(context).value_or("");
  }
  backup::Manifest manifest;
  std::string directory = ChooseBackup(context, named, manifest);
  context.reporter->Info("rolling back to backup {}", directory);

  RunContext reverse = context;
  reverse.plan = ReversePlan(context.plan, manifest);
  if (reverse.plan.tables.empty()) {
    context.reporter->Info("no table of the plan changes keys; nothing to roll back");
    return ExitCode::kSuccess;
  }

  unsigned long long unexplained = 0;
  for (const plan::TablePlan& undo : reverse.plan.tables) {
    unexplained += UnexplainedItems(context, directory, manifest,
                                    *context.plan.FindByPlanName(undo.plan_name), undo);
  }
  if (unexplained > 0 && !context.options.force) {
    throw Failure(ExitCode::kChecksFailed,
                  fmt::format("{} items in the live tables are not in the backup (written or "
                              "changed after it was taken); a rollback would lose them",
                              WithThousands(unexplained)),
                  "export them first (ddbmigrate export), or add --force to lose them");
  }
  if (unexplained > 0) {
    context.reporter->Warn(fmt::format("--force: {} items not in the backup will be lost",
                                       WithThousands(unexplained)));
  }

  std::vector<RebuildTarget> targets = ReverseTargets(reverse, manifest);
  if (DeletesAnything(targets)) {
    ConfirmDeletion(reverse, targets, directory);
  }
  RunRebuild(reverse, targets, directory);

  std::vector<TableImportStats> stats =
      RunImport(reverse, directory, manifest, ImportScope::kAllTables);
  ReportImport(reverse, stats);
  std::vector<TableVerification> results = VerifyTables(reverse, directory, manifest);
  if (!ReportVerification(reverse, directory, results)) {
    throw Failure(ExitCode::kVerifyMismatch,
                  "after the rollback the tables do not hold exactly what the backup holds",
                  "run ddbmigrate rollback " + directory + " again");
  }
  context.reporter->Result("rollback complete: the tables are as in " + directory);
  return ExitCode::kSuccess;
}

}  // namespace ddbm::engine
