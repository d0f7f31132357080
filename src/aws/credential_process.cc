#include "aws/credential_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/exit_code.h"
#include "common/failure.h"

namespace ddbm::aws {
namespace {

// A credential helper prints a few hundred bytes; anything past this is not credentials.
constexpr size_t kMaxOutput = 1 << 20;

std::string Describe(const ProcessOrigin& origin) {
  return "the credential_process of profile " + origin.profile + " in " + origin.file;
}

[[noreturn]] void Fail(const ProcessOrigin& origin, const std::string& what,
                       std::string hint = {}) {
  if (hint.empty()) {
    hint = "run that command by hand to see what it prints";
  }
  throw Failure(ExitCode::kFailedNothingChanged, Describe(origin) + " " + what, hint);
}

bool ParseDigits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) {
    return false;
  }
  out = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Parses the RFC 3339 forms credential helpers print: "2024-05-26T12:34:56Z", with optional
// fractional seconds, a numeric offset instead of Z, or a space instead of T. Returns seconds
// since the epoch: a system_clock time_point (nanoseconds) ends in 2262, and helpers do print
// far-future times such as 9999-12-31 for keys that do not expire.
std::optional<long long> ParseRfc3339(std::string_view text) {
  std::tm parts{};
  int year = 0;
  int month = 0;
  if (text.size() < 19 || !ParseDigits(text, 0, 4, year) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, month) || text[7] != '-' ||
      !ParseDigits(text, 8, 2, parts.tm_mday) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !ParseDigits(text, 11, 2, parts.tm_hour) || text[13] != ':' ||
      !ParseDigits(text, 14, 2, parts.tm_min) || text[16] != ':' ||
      !ParseDigits(text, 17, 2, parts.tm_sec)) {
    return std::nullopt;
  }
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;

  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      ++at;
    }
  }

  long offset_seconds = 0;
  std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset_seconds = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int hours = 0;
    int minutes = 0;
    if (!ParseDigits(zone, 1, 2, hours) || !ParseDigits(zone, 4, 2, minutes)) {
      return std::nullopt;
    }
    offset_seconds = (hours * 3600L + minutes * 60L) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }

  std::time_t utc = timegm(&parts);
  if (utc == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return static_cast<long long>(utc) - offset_seconds;
}

std::string RequiredString(const nlohmann::json& object, const char* key,
                           const ProcessOrigin& origin) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string() || found->get<std::string>().empty()) {
    Fail(origin, std::string("printed JSON without a ") + key + " string");
  }
  return found->get<std::string>();
}

std::string ExitDescription(int status) {
  if (WIFSIGNALED(status)) {
    return "was killed by signal " + std::to_string(WTERMSIG(status));
  }
  int code = WEXITSTATUS(status);

  // The shell's own codes for a command it could not find or run.
  if (code == 127) {
    return "exited with status 127 (command not found)";
  }
  if (code == 126) {
    return "exited with status 126 (command not executable)";
  }
  return "exited with status " + std::to_string(code);
}

}  // namespace

Credentials ParseCredentialProcessOutput(std::string_view output, const ProcessOrigin& origin,
                                         std::chrono::system_clock::time_point now) {
  nlohmann::json parsed = nlohmann::json::parse(output, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    Fail(origin, "printed something that is not a JSON object");
  }

  auto version = parsed.find("Version");
  if (version == parsed.end() || !version->is_number_integer() || version->get<long>() != 1) {
    Fail(origin, "printed JSON without \"Version\": 1",
         R"(it must print {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...})");
  }

  Credentials credentials;
  credentials.access_key_id = RequiredString(parsed, "AccessKeyId", origin);
  credentials.secret_access_key = RequiredString(parsed, "SecretAccessKey", origin);
  auto token = parsed.find("SessionToken");
  if (token != parsed.end() && token->is_string()) {
    credentials.session_token = token->get<std::string>();
  }

  auto expiration = parsed.find("Expiration");
  if (expiration != parsed.end() && !expiration->is_null()) {
    if (!expiration->is_string()) {
      Fail(origin, "printed an Expiration that is not a string");
    }
    credentials.expiration = expiration->get<std::string>();
    auto expires_at = ParseRfc3339(credentials.expiration);
    if (!expires_at) {
      Fail(origin, "printed an Expiration that is not an RFC 3339 time: " + credentials.expiration);
    }
    if (*expires_at <= static_cast<long long>(std::chrono::system_clock::to_time_t(now))) {
      Fail(origin, "printed credentials that expired at " + credentials.expiration,
           "renew them (for example, log in again) and run this command again");
    }
  }

  credentials.source = "credential_process (profile " + origin.profile + ")";
  return credentials;
}

Credentials RunCredentialProcess(const std::string& command, const ProcessOrigin& origin) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    Fail(origin, std::string("could not be started: ") + std::strerror(errno));
  }

  // The child's stdout is the pipe; stdin and stderr stay ours.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);

  // Reset SIGPIPE in case this process ignores it, so the helper behaves as in a shell.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);

  std::string shell = "/bin/sh";
  std::string dash_c = "-c";
  std::string command_copy = command;
  char* argv[] = {shell.data(), dash_c.data(), command_copy.data(), nullptr};
  pid_t pid = -1;
  int spawn_error = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(pipe_fds[1]);
  if (spawn_error != 0) {
    close(pipe_fds[0]);
    Fail(origin, std::string("could not be started: ") + std::strerror(spawn_error));
  }

  std::string output;
  char buffer[4096];
  bool too_long = false;
  while (true) {
    ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    if (output.size() + static_cast<size_t>(got) > kMaxOutput) {
      too_long = true;
      continue;  // keep draining so the child is not blocked on a full pipe
    }
    output.append(buffer, static_cast<size_t>(got));
  }
  close(pipe_fds[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Fail(origin, ExitDescription(status));
  }
  if (too_long) {
    Fail(origin, "printed more than 1 MiB, which cannot be credentials");
  }
  return ParseCredentialProcessOutput(output, origin, std::chrono::system_clock::now());
}

}  // namespace ddbm::aws
