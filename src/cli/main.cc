// ddbmigrate: changes the key schema of DynamoDB tables without losing data.
#include <iostream>

#include "aws/connection_settings.h"
#include "cli/options.h"
#include "common/environment.h"
#include "common/failure.h"
#include "common/interrupt.h"
#include "dynamodb/client.h"
#include "engine/commands.h"
#include "engine/reporter.h"
#include "engine/rollback.h"
#include "plan/plan.h"

namespace {

ddbm::ExitCode Run(const ddbm::cli::Options& options, ddbm::engine::Reporter& reporter) {
  ddbm::engine::RunContext context;
  context.reporter = &reporter;
  context.options = options.engine;
  context.plan = options.plan_file.empty() ? ddbm::plan::DefaultPlan()
                                           : ddbm::plan::LoadPlanFile(options.plan_file);
  ddbm::plan::ApplyTableNames(context.plan, options.table_prefix, options.table_overrides);
  context.connection = ddbm::aws::ResolveConnection(options.connection, ddbm::ProcessEnvironment());

  const std::string& command = options.command;
  if (command == "export") {
    return ddbm::engine::ExportCommand(context);
  }
  if (command == "rebuild") {
    return ddbm::engine::RebuildCommand(context, options.backup);
  }
  if (command == "import") {
    return ddbm::engine::ImportCommand(context, options.backup);
  }
  if (command == "verify") {
    return ddbm::engine::VerifyCommand(context, options.backup);
  }
  if (command == "rollback") {
    return ddbm::engine::RollbackCommand(context, options.backup);
  }
  return ddbm::engine::MigrateCommand(context);
}

}  // namespace

int main(int argc, char** argv) {
  ddbm::cli::Options options;
  int parsed = ddbm::cli::ParseCommandLine(argc, argv, options);
  if (parsed >= 0) {
    return parsed;
  }

  ddbm::engine::Verbosity verbosity =
      options.quiet ? ddbm::engine::Verbosity::kQuiet : ddbm::engine::Verbosity::kNormal;
  ddbm::engine::Reporter reporter(verbosity);
  ddbm::InstallInterruptHandlers();
  try {
    return static_cast<int>(Run(options, reporter));
  } catch (const ddbm::Failure& failure) {
    reporter.Error(failure.what(), failure.hint());
    return static_cast<int>(failure.code());
  } catch (const ddbm::dynamodb::ApiFailure& failure) {
    // An API failure that no step turned into a Failure happened before any table changed.
    reporter.Error(failure.what());
    return static_cast<int>(ddbm::ExitCode::kFailedNothingChanged);
  } catch (const std::exception& error) {
    reporter.Error(error.what());
    return static_cast<int>(ddbm::ExitCode::kFailedNothingChanged);
  }
}
