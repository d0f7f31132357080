// Starting child processes from a test: by fork and exec, with the child's standard streams
// given as descriptors, and the child killed if the test process dies first (so a crashed test
// leaves no server behind).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ddbm::testing {

struct SpawnSpec {
  /// argv[0] is the program: an absolute path, or a name looked up in PATH.
  std::vector<std::string> argv;
  /// "NAME=value" entries: the child's whole environment.
  std::vector<std::string> env;
  std::string working_directory;  // empty: the parent's
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

/// Starts the child and returns its pid. Throws std::runtime_error when the program is not
/// found or fork fails.
pid_t Spawn(const SpawnSpec& spec);

/// The program's full path, searching PATH for a bare name; empty when not found.
std::string FindProgram(const std::string& name);

/// This process's environment as "NAME=value" entries.
std::vector<std::string> CurrentEnvironment();

/// Waits for the child and returns its exit code, 128 + signal when a signal ended it.
int WaitForExit(pid_t pid);

}  // namespace ddbm::testing
