// The typed YES before anything is deleted.
#pragma once

#include <string>
#include <vector>

#include "engine/rebuild_step.h"
#include "engine/run_context.h"

namespace ddbm::engine {

/// Shows what will be deleted and where its data is kept, then asks for YES on the terminal.
/// Returns normally when confirmed (or --yes was given); throws ddbm::Failure with
/// ExitCode::kAborted otherwise, including when standard input is not a terminal.
void ConfirmDeletion(const RunContext& context, const std::vector<RebuildTarget>& targets,
                     const std::string& backup_directory);

/// Fails (ExitCode::kAborted) at once when a confirmation could never be given: no --yes and
/// no terminal. Called before work that would be wasted, such as a full export.
void RequireWayToConfirm(const RunContext& context);

}  // namespace ddbm::engine
