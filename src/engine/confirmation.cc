#include "engine/confirmation.h"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "common/failure.h"
#include "common/interrupt.h"
#include "engine/table_schema.h"

namespace ddbm::engine {

void ConfirmDeletion(const RunContext& context, const std::vector<RebuildTarget>& targets,
                     const std::string& backup_directory) {
  Reporter& reporter = *context.reporter;
  reporter.Info("about to delete and re-create these tables at {} (region {}):",
                context.connection.endpoint, context.connection.region);
  for (const RebuildTarget& target : targets) {
    if (target.action != RebuildAction::kDeleteAndCreate) {
      continue;
    }
    reporter.Info(
        "  {}: {} items, new key schema {}{}", target.table->name,
        WithThousands(target.backup_items), FormatKeySchema(*target.table->new_key),
        target.disable_deletion_protection ? " (deletion protection on: turned off first)" : "");
  }
  reporter.Info("their data is in the backup {}", backup_directory);

  if (context.options.assume_yes) {
    reporter.Info("confirmed by --yes");
    return;
  }
  RequireWayToConfirm(context);

  std::cerr << "Type YES to delete these tables: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  ThrowIfInterrupted();
  if (answer != "YES") {
    throw Failure(ExitCode::kAborted, "aborted: nothing was deleted (the answer was not YES)");
  }
}

void RequireWayToConfirm(const RunContext& context) {
  if (context.options.assume_yes || ::isatty(STDIN_FILENO) != 0) {
    return;
  }
  throw Failure(ExitCode::kAborted,
                "not deleting tables without confirmation: standard input is not a terminal",
                "run it on a terminal to type YES, or add --yes");
}

}  // namespace ddbm::engine
