// What every step of a run needs: where to send requests, the plan, the operator's options,
// and where to report.
#pragma once

#include <string>

#include "aws/connection_settings.h"
#include "engine/reporter.h"
#include "plan/plan.h"

namespace ddbm::engine {

struct EngineOptions {
  /// Directory under which backups are created and searched.
  std::string backup_root = ".";
  /// Parallel scan segments per table; 0 picks from the table's size.
  int segments = 0;
  /// Concurrent BatchWriteItem requests during import.
  int writers = 8;
  /// Skip the typed YES (the operator said --yes).
  bool assume_yes = false;
  /// Go on where data in the live tables would be overwritten (import into a non-empty table)
  /// or lost (rollback over items written after the backup).
  bool force = false;
  /// Turn off deletion protection of a table about to be deleted and re-created (the new table
  /// gets it back); without it such a table stops the rebuild before anything is deleted.
  bool allow_disable_deletion_protection = false;
  /// How often to poll a table's status while waiting for it, in milliseconds.
  int poll_interval_ms = 500;
};

struct RunContext {
  aws::ConnectionSettings connection;
  plan::Plan plan;
  EngineOptions options;
  Reporter* reporter = nullptr;
};

}  // namespace ddbm::engine
