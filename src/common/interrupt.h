// Ctrl-C and SIGTERM: the first one asks the run to stop cleanly at the next safe point (before
// the next request, between batches); a second one ends the process at once.
//
// The flag is process-wide state by nature: a signal handler can only reach a global. Nothing
// else in the tool is global.
#pragma once

namespace ddbm {

/// Installs the handlers for SIGINT and SIGTERM. Call once from main().
void InstallInterruptHandlers();

/// Whether a stop was asked for.
bool Interrupted();

/// Throws ddbm::Failure with ExitCode::kInterrupted when a stop was asked for.
void ThrowIfInterrupted();

/// Sleeps up to `milliseconds`, waking early (and throwing) when a stop is asked for.
void InterruptibleSleep(long milliseconds);

}  // namespace ddbm
