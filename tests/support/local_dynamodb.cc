#include "local_dynamodb.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "dynamodb/client.h"
#include "spawn.h"

namespace ddbm::testing {
namespace {

using Clock = std::chrono::steady_clock;

// moto is ready in about a second on an idle machine; a loaded CI box gets much more.
constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr auto kStopGrace = std::chrono::seconds(5);
// A port found free can be taken before the server binds it; try a few.
constexpr int kStartAttempts = 3;

const char* Name(ServerKind kind) {
  return kind == ServerKind::kDynalite ? "dynalite" : "moto";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Command(ServerKind kind, int port, const ServerOptions& options) {
  if (kind == ServerKind::kDynalite) {
    return {"node",
            std::string(DDBM_SOURCE_DIR) + "/node_modules/dynalite/cli.js",
            "--host",
            "127.0.0.1",
            "--port",
            std::to_string(port),
            "--createTableMs",
            std::to_string(options.create_table_ms),
            "--deleteTableMs",
            std::to_string(options.delete_table_ms)};
  }
  return {"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port)};
}

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

// Stops the server by its exact pid only (other tests' servers run beside this one) and removes
// its log. A pid of -1 means there is no process left to stop.
void Stop(pid_t& pid, std::string& log_path) {
  if (pid > 0) {
    kill(pid, SIGTERM);
    Clock::time_point deadline = Clock::now() + kStopGrace;
    bool gone = false;
    while (!gone && Clock::now() < deadline) {
      gone = Exited(pid);
      if (!gone) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    if (!gone) {
      kill(pid, SIGKILL);
      WaitForExit(pid);
    }
    pid = -1;
  }
  if (!log_path.empty()) {
    unlink(log_path.c_str());
    log_path.clear();
  }
}

}  // namespace

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error(std::string("socket failed: ") + std::strerror(errno));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    int error = errno;
    close(fd);
    throw std::runtime_error(std::string("no free loopback port: ") + std::strerror(error));
  }
  close(fd);
  return ntohs(address.sin_port);
}

LocalDynamoDb::LocalDynamoDb(ServerKind kind, ServerOptions options) : kind_(kind) {
  std::string last_log;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    port_ = FreeLoopbackPort();

    char log_template[] = "/tmp/ddbm-server-XXXXXX";
    int log_fd = mkstemp(log_template);
    if (log_fd < 0) {
      throw std::runtime_error(std::string("cannot create a server log: ") + std::strerror(errno));
    }
    log_path_ = log_template;
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    SpawnSpec spec;
    spec.argv = Command(kind, port_, options);
    spec.env = CurrentEnvironment();
    spec.stdin_fd = null_fd;
    spec.stdout_fd = log_fd;
    spec.stderr_fd = log_fd;
    try {
      pid_ = Spawn(spec);
    } catch (...) {
      close(log_fd);
      close(null_fd);
      throw;
    }
    close(log_fd);
    close(null_fd);

    // Ready means answering a real request, not just accepting connections.
    aws::ConnectionSettings probe_settings = settings();
    dynamodb::RetryLimits once;
    once.max_attempts = 1;
    dynamodb::Client probe(probe_settings, dynamodb::RetryPolicy(once));
    Clock::time_point deadline = Clock::now() + kStartTimeout;
    bool exited = false;
    while (Clock::now() < deadline && !exited) {
      try {
        probe.ListTables();
        if (!Exited(pid_)) {
          return;
        }
        exited = true;
      } catch (const dynamodb::ApiFailure&) {
        exited = Exited(pid_);
        std::this_thread::sleep_for(kPollInterval);
      } catch (...) {
        Stop(pid_, log_path_);
        throw;
      }
    }

    // An exited server was reaped by Exited(); its pid may already belong to someone else.
    last_log = ReadFile(log_path_);
    if (exited) {
      pid_ = -1;
    }
    Stop(pid_, log_path_);
  }

  throw std::runtime_error(std::string(Name(kind)) + " did not answer ListTables on port " +
                           std::to_string(port_) + "; its output:\n" + last_log);
}

LocalDynamoDb::~LocalDynamoDb() {
  Stop(pid_, log_path_);
}

std::string LocalDynamoDb::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

aws::ConnectionSettings LocalDynamoDb::settings() const {
  aws::ConnectionSettings settings;
  settings.endpoint = endpoint();
  settings.region = "us-east-1";
  settings.profile = "default";
  // Neither server checks signatures (moto only when told to), but both want a signed request.
  settings.credentials.access_key_id = "AKIDDDBMLOCALTEST";
  settings.credentials.secret_access_key = "ddbm-local-test-secret";
  settings.credentials.source = "test server";
  return settings;
}

}  // namespace ddbm::testing
