#include "run_tool.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "spawn.h"

namespace ddbm::testing {
namespace {

// Both ends of a pipe, closed when it goes out of scope.
struct Pipe {
  int read = -1;
  int write = -1;

  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  void CloseRead() {
    if (read >= 0) {
      close(read);
      read = -1;
    }
  }
  void CloseWrite() {
    if (write >= 0) {
      close(write);
      write = -1;
    }
  }
};

std::vector<std::string> CleanEnvironment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> values;
  for (const char* kept : {"PATH", "HOME"}) {
    if (const char* value = std::getenv(kept)) {
      values[kept] = value;
    }
  }
  for (const auto& [name, value] : extra) {
    values[name] = value;
  }

  std::vector<std::string> entries;
  entries.reserve(values.size());
  for (const auto& [name, value] : values) {
    entries.push_back(name);
    entries.back().append("=").append(value);
  }
  return entries;
}

// Reads what is there into `into`; false once the pipe is at its end.
bool Drain(int fd, std::string& into) {
  char buffer[65536];
  ssize_t got = read(fd, buffer, sizeof buffer);
  if (got < 0) {
    return errno == EINTR || errno == EAGAIN;
  }
  into.append(buffer, static_cast<size_t>(got));
  return got > 0;
}

}  // namespace

ToolResult RunProgram(const std::string& program, const ToolRun& run) {
  // A child that exits without reading all its input must give us EPIPE, not kill the test
  // binary. Spawn restores the default in the child.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { signal(SIGPIPE, SIG_IGN); });

  Pipe input;
  Pipe output;
  Pipe errors;

  SpawnSpec spec;
  spec.argv.push_back(program);
  spec.argv.insert(spec.argv.end(), run.args.begin(), run.args.end());
  spec.env = CleanEnvironment(run.env);
  spec.working_directory = run.working_directory;
  spec.stdin_fd = input.read;
  spec.stdout_fd = output.write;
  spec.stderr_fd = errors.write;
  pid_t pid = Spawn(spec);
  input.CloseRead();
  output.CloseWrite();
  errors.CloseWrite();

  // stdin, stdout and stderr are served together: a child that writes a lot before reading
  // its input, or fills stderr while we wait on stdout, must not deadlock with us.
  fcntl(input.write, F_SETFL, O_NONBLOCK);
  size_t written = 0;
  if (run.stdin_text.empty()) {
    input.CloseWrite();
  }

  ToolResult result;
  while (output.read >= 0 || errors.read >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    int out_index = -1;
    int err_index = -1;
    int in_index = -1;
    if (output.read >= 0) {
      out_index = static_cast<int>(count);
      fds[count++] = {output.read, POLLIN, 0};
    }
    if (errors.read >= 0) {
      err_index = static_cast<int>(count);
      fds[count++] = {errors.read, POLLIN, 0};
    }
    if (input.write >= 0) {
      in_index = static_cast<int>(count);
      fds[count++] = {input.write, POLLOUT, 0};
    }
    if (poll(fds, count, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }

    if (out_index >= 0 && fds[out_index].revents != 0 && !Drain(output.read, result.out)) {
      output.CloseRead();
    }
    if (err_index >= 0 && fds[err_index].revents != 0 && !Drain(errors.read, result.err)) {
      errors.CloseRead();
    }
    if (in_index >= 0 && fds[in_index].revents != 0) {
      ssize_t sent =
          write(input.write, run.stdin_text.data() + written, run.stdin_text.size() - written);
      if (sent > 0) {
        written += static_cast<size_t>(sent);
      }
      if ((sent < 0 && errno != EAGAIN && errno != EINTR) || written == run.stdin_text.size()) {
        input.CloseWrite();
      }
    }
  }
  input.CloseWrite();

  result.exit_code = WaitForExit(pid);
  return result;
}

ToolResult RunTool(const ToolRun& run) {
  return RunProgram(DDBM_BINARY, run);
}

}  // namespace ddbm::testing
