#include "engine/change_check.h"

#include <fmt/format.h>

#include "common/failure.h"
#include "engine/verification.h"

namespace ddbm::engine {

void RequireUnchangedSinceBackup(const RunContext& context, const std::string& directory,
                                 const backup::Manifest& manifest,
                                 const std::vector<RebuildTarget>& targets) {
  // The tables still have their old keys: compare them with the backup as it is, untransformed.
  RunContext as_backed_up = context;
  as_backed_up.plan.tables.clear();
  for (const RebuildTarget& target : targets) {
    if (target.action != RebuildAction::kDeleteAndCreate) {
      continue;
    }
    plan::TablePlan unchanged = *target.table;
    unchanged.new_key.reset();
    unchanged.fills.clear();
    as_backed_up.plan.tables.push_back(std::move(unchanged));
  }
  if (as_backed_up.plan.tables.empty()) {
    return;
  }

  context.reporter->Info("checking that the tables have not changed since the backup");
  std::vector<TableVerification> results = VerifyTables(as_backed_up, directory, manifest);
  for (const TableVerification& table : results) {
    if (table.Matches()) {
      continue;
    }
    for (const std::string& example : table.examples) {
      context.reporter->Info("  " + example);
    }
    throw Failure(
        ExitCode::kFailedNothingChanged,
        fmt::format("table {} changed after the backup was taken ({} items added, {} changed, {} "
                    "removed); nothing was deleted",
                    table.table, WithThousands(table.extra), WithThousands(table.differing),
                    WithThousands(table.missing)),
        "stop the application's writes to it, then run again with a new backup "
        "(ddbmigrate migrate takes one itself; before rebuild, run ddbmigrate export)");
  }
}

}  // namespace ddbm::engine
