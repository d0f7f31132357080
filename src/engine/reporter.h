// How the engine tells the operator what happened. Diagnostics and progress go to stderr;
// results (the closing statistics) go to stdout. Safe to call from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace spdlog {
class logger;
}

namespace ddbm::engine {

enum class Verbosity { kQuiet, kNormal, kDebug };

class Reporter {
 public:
  explicit Reporter(Verbosity verbosity = Verbosity::kNormal);
  ~Reporter();

  /// A step the operator should see: "ChatRecordTable: 2,004 items exported in 4 files".
  void Info(std::string_view message);
  /// Degraded but allowed: printed as "ddbmigrate: warning: ...".
  void Warn(std::string_view message);
  /// Requests and other detail, shown with --debug only.
  void Debug(std::string_view message);
  /// "ddbmigrate: error: <fact>" and, when given, the hint on its own line.
  void Error(std::string_view fact, std::string_view hint = {});
  /// A line of results on stdout.
  void Result(std::string_view line);

  template <typename... Args>
  void Info(fmt::format_string<Args...> format, Args&&... args) {
    Info(std::string_view(fmt::format(format, std::forward<Args>(args)...)));
  }

 private:
  Verbosity verbosity_;
  std::shared_ptr<spdlog::logger> err_;
  std::shared_ptr<spdlog::logger> out_;
};

/// 12004 -> "12,004".
std::string WithThousands(unsigned long long value);

/// 1536 -> "1.5 KiB"; bytes below 1 KiB as "812 B".
std::string HumanBytes(unsigned long long bytes);

}  // namespace ddbm::engine
