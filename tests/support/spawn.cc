#include "spawn.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace ddbm::testing {
namespace {

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (std::string& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return access(name.c_str(), X_OK) == 0 ? name : std::string();
  }
  const char* path = std::getenv("PATH");
  std::string directories = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= directories.size()) {
    size_t end = directories.find(':', start);
    if (end == std::string::npos) {
      end = directories.size();
    }
    std::string directory = directories.substr(start, end - start);
    std::string candidate = (directory.empty() ? "." : directory) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return {};
}

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  return entries;
}

pid_t Spawn(const SpawnSpec& spec) {
  if (spec.argv.empty()) {
    throw std::runtime_error("Spawn: no program given");
  }
  std::string program = FindProgram(spec.argv[0]);
  if (program.empty()) {
    throw std::runtime_error("program not found in PATH: " + spec.argv[0]);
  }

  // Everything the child needs is prepared before fork: after it, only async-signal-safe
  // calls are allowed (this process has threads).
  std::vector<std::string> argv = spec.argv;
  std::vector<std::string> env = spec.env;
  std::vector<char*> argv_pointers = Pointers(argv);
  std::vector<char*> env_pointers = Pointers(env);
  const char* directory = spec.working_directory.empty() ? nullptr : spec.working_directory.c_str();
  int fds[3] = {spec.stdin_fd, spec.stdout_fd, spec.stderr_fd};
  pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid > 0) {
    return pid;
  }

  // The child: die with the test process, whoever kills it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) {
    _exit(127);
  }
  for (int target = 0; target < 3; ++target) {
    if (fds[target] >= 0 && dup2(fds[target], target) < 0) {
      _exit(127);
    }
  }
  if (directory != nullptr && chdir(directory) != 0) {
    _exit(127);
  }

  // A test runner may ignore SIGPIPE or block signals; the child starts as from a shell.
  signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  execve(program.c_str(), argv_pointers.data(), env_pointers.data());
  _exit(127);
}

int WaitForExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

}  // namespace ddbm::testing
