#include "pty_session.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace ddbm::testing {

PtySession::PtySession(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv_text = {DDBM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<std::string> env_text = {"PATH=/usr/bin:/bin", "TERM=dumb"};
  for (const auto& [name, value] : env) {
    env_text.push_back(name + "=" + value);
  }

  pid_ = forkpty(&master_, nullptr, nullptr, nullptr);
  if (pid_ < 0) {
    throw std::runtime_error("forkpty failed");
  }
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (std::string& arg : argv_text) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (std::string& entry : env_text) {
      envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
}

PtySession::~PtySession() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (master_ >= 0) {
    close(master_);
  }
}

bool PtySession::ReadSome(int timeout_ms) {
  pollfd ready{master_, POLLIN, 0};
  if (poll(&ready, 1, timeout_ms) <= 0) {
    return false;
  }
  char buffer[4096];
  ssize_t got = read(master_, buffer, sizeof buffer);
  if (got <= 0) {
    return false;
  }
  output_.append(buffer, static_cast<std::size_t>(got));
  return true;
}

bool PtySession::WaitFor(const std::string& text, std::chrono::seconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (output_.find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > until) {
      return false;
    }
    ReadSome(100);
  }
  return true;
}

void PtySession::Type(const std::string& line) {
  std::string text = line + "\r";
  if (write(master_, text.data(), text.size()) < 0) {
    throw std::runtime_error("writing to the terminal failed");
  }
}

void PtySession::Signal(int signal_number) {
  kill(pid_, signal_number);
}

int PtySession::Finish() {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  for (;;) {
    ReadSome(50);
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      break;
    }
    if (std::chrono::steady_clock::now() > until) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
  }
  while (ReadSome(50)) {
  }
  pid_ = -1;
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace ddbm::testing
