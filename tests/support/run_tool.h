// Runs the built ddbmigrate binary as a user would, capturing its output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ddbm::testing {

struct ToolResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

struct ToolRun {
  std::vector<std::string> args;
  /// Variables set for the child on top of a clean environment (PATH and HOME are kept; every
  /// AWS_* variable of the test process is dropped).
  std::map<std::string, std::string> env;
  std::string stdin_text;
  std::string working_directory;  // empty: the test's current directory
};

ToolResult RunTool(const ToolRun& run);

/// The same for any program (a name looked up in PATH, or a path), e.g. a Python helper.
ToolResult RunProgram(const std::string& program, const ToolRun& run);

}  // namespace ddbm::testing
