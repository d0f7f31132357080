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

RebuildTarget PlanTable(const RunContext& context, dynamodb::Client& client,
                        const backup::Manifest& manifest, const plan::TablePlan& table) {
  const backup::TableBackup& backed_up = BackupOf(manifest, table);
  RebuildTarget target = PrepareTarget(context, backed_up, table);

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
  CheckDeletionProtection(context, *live, target);
  target.action = RebuildAction::kDeleteAndCreate;
  return target;
}

// DeleteTable fails on a protected table; UpdateTable turns the protection off, and the table
// is UPDATING until that is done.
void DisableDeletionProtection(dynamodb::Client& client, const RunContext& context,
                               const std::string& table) {
  context.reporter->Info("{}: turning deletion protection off before the delete", table);
  client.UpdateTable({{"TableName", table}, {"DeletionProtectionEnabled", false}});
  WaitUntilActive(client, context, table);
}

}  // namespace

RebuildTarget PrepareTarget(const RunContext& context, const backup::TableBackup& backed_up,
                            const plan::TablePlan& table) {
  RebuildTarget target;
  target.table = &table;
  target.backup_items = backed_up.item_count;
  target.create_request = BuildCreateTableRequest(backed_up, table);
  ValidateCreateTableRequest(target.create_request);
  target.later = SettingsToRestore(backed_up, target.create_request);

  if (backed_up.tags.is_array()) {
    for (const nlohmann::json& tag : backed_up.tags) {
      std::string key = tag.value("Key", "");
      if (IsReservedTagKey(key)) {
        context.reporter->Warn("table " + table.name + ": tag " + key +
                               " is managed by AWS; the new table cannot have it");
      }
    }
  }
  return target;
}

void CheckDeletionProtection(const RunContext& context, const nlohmann::json& live,
                             RebuildTarget& target) {
  if (!live.value("DeletionProtectionEnabled", false)) {
    return;
  }

  std::string name = live.value("TableName", std::string("?"));
  if (!context.options.allow_disable_deletion_protection) {
    throw Failure(ExitCode::kChecksFailed, "table " + name + " has deletion protection enabled",
                  "add --allow-disable-deletion-protection to have ddbmigrate turn it off right "
                  "before the delete (the new table gets it back), or turn it off yourself");
  }
  target.disable_deletion_protection = true;
}

std::vector<RebuildTarget> PlanRebuild(const RunContext& context,
                                       const backup::Manifest& manifest) {
  dynamodb::Client client(context.connection);
  std::vector<RebuildTarget> targets;
  for (const plan::TablePlan& table : context.plan.tables) {
    if (!table.new_key) {
      continue;
    }
    targets.push_back(PlanTable(context, client, manifest, table));
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

namespace {

// A retried DeleteTable whose first attempt got through (its answer lost) meets
// ResourceNotFound, or ResourceInUse while the table is DELETING: both mean the delete is
// under way, which is all this step asked for.
void DeleteTable(dynamodb::Client& client, const std::string& name) {
  try {
    client.DeleteTable(name);
  } catch (const dynamodb::ApiFailure& failure) {
    dynamodb::ErrorKind kind = failure.error().kind;
    std::optional<nlohmann::json> live = client.DescribeTable(name);
    bool deleting = !live || live->value("TableStatus", "") == "DELETING";
    if ((kind != dynamodb::ErrorKind::kResourceNotFound &&
         kind != dynamodb::ErrorKind::kResourceInUse) ||
        !deleting) {
      throw;
    }
  }
}

// ResourceInUse from CreateTable means a table of that name exists: the old one still being
// deleted (DynamoDB refuses the create until it is gone), or the new one, created by an attempt
// whose answer was lost. Wait for the first; accept the second.
void CreateTable(dynamodb::Client& client, const RunContext& context, const RebuildTarget& target) {
  const std::string& name = target.table->name;
  constexpr int kMaxAttempts = 30;
  for (int attempt = 1;; ++attempt) {
    try {
      client.CreateTable(target.create_request);
      return;
    } catch (const dynamodb::ApiFailure& failure) {
      if (failure.error().kind != dynamodb::ErrorKind::kResourceInUse || attempt == kMaxAttempts) {
        throw;
      }
    }

    std::optional<nlohmann::json> live = client.DescribeTable(name);
    if (live && live->value("TableStatus", "") != "DELETING" &&
        KeySchemaOf(*live) == *target.table->new_key) {
      return;
    }
    WaitUntilGone(client, context, name);
  }
}

}  // namespace

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
        // A run stopped between CreateTable and the settings after it left the table with
        // its new keys; its settings are restored here (only those still missing).
        case RebuildAction::kNothing:
          reporter.Info("{}: already has key schema {}; left alone", name, keys);
          RestoreSettings(client, context, name, target.later, backup_directory);
          continue;
        case RebuildAction::kWaitUntilActive:
          reporter.Info("{}: waiting for the table being created to become ACTIVE", name);
          WaitUntilActive(client, context, name);
          RestoreSettings(client, context, name, target.later, backup_directory);
          continue;
        case RebuildAction::kDeleteAndCreate:
          changed = true;
          if (target.disable_deletion_protection) {
            DisableDeletionProtection(client, context, name);
          }
          reporter.Info("{}: deleting", name);
          DeleteTable(client, name);
          WaitUntilGone(client, context, name);
          break;
        case RebuildAction::kCreate:
          changed = true;
          break;
      }

      reporter.Info("{}: creating with key schema {}", name, keys);
      CreateTable(client, context, target);
      WaitUntilActive(client, context, name);
      reporter.Info("{}: ACTIVE", name);
      RestoreSettings(client, context, name, target.later, backup_directory);
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
