// The command line, declared in one place: options, commands and their help.
#pragma once

#include <string>
#include <vector>

#include "aws/connection_settings.h"
#include "engine/run_context.h"

namespace ddbm::cli {

struct Options {
  std::string command;  // "export", "rebuild", "import", "verify", "migrate"
  std::string backup;   // positional BACKUP of rebuild, import and verify
  aws::ConnectionOptions connection;
  std::string plan_file;
  std::string table_prefix;
  std::vector<std::string> table_overrides;
  engine::EngineOptions engine;
  bool quiet = false;
};

/// Parses argv. Returns the exit code to end with when parsing ends the run (help, version,
/// usage error: all printed already), or -1 to go on.
int ParseCommandLine(int argc, char** argv, Options& options);

}  // namespace ddbm::cli
