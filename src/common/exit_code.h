// The process exit codes: few, named, and the same in --help, the README and the code.
#pragma once

namespace ddbm {

enum class ExitCode : int {
  kSuccess = 0,
  // The run failed before any table was touched: nothing was changed.
  kFailedNothingChanged = 1,
  kUsage = 2,
  // The pre-flight checks found items or settings the new tables cannot hold.
  kChecksFailed = 3,
  // The operator did not type YES.
  kAborted = 4,
  // Tables were changed and the run did not finish; every item is safe in the backup.
  kFailedTablesChanged = 5,
  // The run finished but the live tables do not match the backup.
  kVerifyMismatch = 6,
  kInterrupted = 130,
};

}  // namespace ddbm
