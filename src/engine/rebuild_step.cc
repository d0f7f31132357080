#include "engine/rebuild_step.h"

#include "common/failure.h"
#include "dynamodb/client.h"
#include "engine/create_table_request.h"
#include "engine/live_tables.h"
#include "engine/table_schema.h"

namespace ddbm::engine {

namespace {

const backup::TableBackup& BackupOf(const backup::Manifest& manifest,
                                    const plan::TablePlan& table) {
  const backup::TableBackup* found = manifest.FindTable(table.plan_name);
  if (found == nullptr) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "the backup does not hold table " + table.plan_name,
                  "run ddbmigrate export first, or name a backup that holds it");
  }
  return *found;
}

// The backup must have been taken from the table about to be deleted: had the table been
// created anew since, the backup would miss everything written to the new one.
void RequireSameTable(const nlohmann::json& live, const nlohmann::json& backed_up) {
  if (!live.contains("CreationDateTime") || !backed_up.contains("CreationDateTime")) {
    return;
  }
  if (live["CreationDateTime"] != backed_up["CreationDateTime"]) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "table " + live.value("TableName", std::string("?")) +
                      " was created after this backup was taken; the backup does not hold its "
                      "current data",
                  "run ddbmigrate export to take a new backup first");
  }
}

void RequireDeletable(const nlohmann::json& live) {
  if (live.value("DeletionProtectionEnabled", false)) {
    throw Failure(ExitCode::kChecksFailed,
                  "table " + live.value("TableName", std::string("?")) +
                      " has deletion protection enabled",
                  "turn deletion protection off for the migration, then run again");
  }
}

RebuildTarget PlanTable(dynamodb::Client& client, const backup::Manifest& manifest,
                        const plan::TablePlan& table) {
  const backup::TableBackup& backed_up = BackupOf(manifest, table);
  RebuildTarget target;
  target.table = &table;
  target.backup_items = backed_up.item_count;
  target.create_request = BuildCreateTableRequest(backed_up.description, *table.new_key);

  std::optional<nlohmann::json> live = client.DescribeTable(table.name);
  if (!live) {
    target.action = RebuildAction::kCreate;
    return target;
  }

  if (KeySchemaOf(*live) == *table.new_key) {
    bool active = live->value("TableStatus", "") == "ACTIVE";
    target.action = active ? RebuildAction::kNothing : RebuildAction::kWaitUntilActive;
    return target;
  }

  RequireActive(*live);
  RequireSameTable(*live, backed_up.description);
  RequireDeletable(*live);
  target.action = RebuildAction::kDeleteAndCreate;
  return target;
}

}  // namespace

std::vector<RebuildTarget> PlanRebuild(const RunContext& context,
                                       const backup::Manifest& manifest) {
  dynamodb::Client client(context.connection);
  std::vector<RebuildTarget> targets;
  for (const plan::TablePlan& table : context.plan.tables) {
    if (!table.new_key) {
      continue;
    }
    targets.push_back(PlanTable(client, manifest, table));
  }
  return targets;
}

bool DeletesAnything(const std::vector<RebuildTarget>& targets) {
  for (const RebuildTarget& target : targets) {
    if (target.action == RebuildAction::kDeleteAndCreate) {
      return true;
    }
  }
  return false;
}

void RunRebuild(const RunContext& context, const std::vector<RebuildTarget>& targets,
                const std::string& backup_directory) {
  dynamodb::Client client(context.connection);
  Reporter& reporter = *context.reporter;
  bool changed = false;
  try {
    for (const RebuildTarget& target : targets) {
      const std::string& name = target.table->name;
      std::string keys = FormatKeySchema(*target.table->new_key);
      switch (target.action) {
        case RebuildAction::kNothing:
          reporter.Info("{}: already has key schema {}; left alone", name, keys);
          continue;
        case RebuildAction::kWaitUntilActive:
          reporter.Info("{}: waiting for the table being created to become ACTIVE", name);
          WaitUntilActive(client, context, name);
          continue;
        case RebuildAction::kDeleteAndCreate:
          reporter.Info("{}: deleting", name);
          changed = true;
          client.DeleteTable(name);
          WaitUntilGone(client, context, name);
          break;
        case RebuildAction::kCreate:
          changed = true;
          break;
      }

      reporter.Info("{}: creating with key schema {}", name, keys);
      client.CreateTable(target.create_request);
      WaitUntilActive(client, context, name);
      reporter.Info("{}: ACTIVE", name);
    }
  } catch (const Failure&) {
    throw;
  } catch (const std::exception& error) {
    if (!changed) {
      throw Failure(ExitCode::kFailedNothingChanged, error.what());
    }
    throw Failure(ExitCode::kFailedTablesChanged,
                  std::string("rebuild stopped after changing tables: ") + error.what(),
                  "every item is in " + backup_directory +
                      "; run the same command again to finish the rebuild");
  }
}

}  // namespace ddbm::engine
