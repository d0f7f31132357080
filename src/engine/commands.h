// The commands a user runs. Each returns the exit code; failures that end the run are thrown
// as ddbm::Failure and turned into a message and exit code by the caller.
#pragma once

#include <string>

#include "common/exit_code.h"
#include "engine/run_context.h"

namespace ddbm::engine {

ExitCode ExportCommand(const RunContext& context);
ExitCode RebuildCommand(const RunContext& context, const std::string& backup);
ExitCode ImportCommand(const RunContext& context, const std::string& backup);
ExitCode VerifyCommand(const RunContext& context, const std::string& backup);
ExitCode MigrateCommand(const RunContext& context);

}  // namespace ddbm::engine
