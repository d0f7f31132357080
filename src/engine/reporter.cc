#include "engine/reporter.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ddbm::engine {

namespace {

std::shared_ptr<spdlog::logger> MakeLogger(std::shared_ptr<spdlog::sinks::sink> sink) {
  auto logger = std::make_shared<spdlog::logger>("ddbmigrate", std::move(sink));
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

}  // namespace

Reporter::Reporter(Verbosity verbosity)
    : verbosity_(verbosity),
      err_(MakeLogger(std::make_shared<spdlog::sinks::stderr_sink_mt>())),
      out_(MakeLogger(std::make_shared<spdlog::sinks::stdout_sink_mt>())) {}

Reporter::~Reporter() = default;

void Reporter::Info(std::string_view message) {
  if (verbosity_ != Verbosity::kQuiet) {
    err_->info(message);
  }
}

void Reporter::Warn(std::string_view message) {
  if (verbosity_ != Verbosity::kQuiet) {
    err_->warn("ddbmigrate: warning: {}", message);
  }
}

void Reporter::Debug(std::string_view message) {
  if (verbosity_ == Verbosity::kDebug) {
    err_->debug("debug: {}", message);
  }
}

void Reporter::Error(std::string_view fact, std::string_view hint) {
  err_->error("ddbmigrate: error: {}", fact);
  if (!hint.empty()) {
    err_->error("{}", hint);
  }
}

void Reporter::Result(std::string_view line) {
  out_->info(line);
}

std::string WithThousands(unsigned long long value) {
  std::string digits = std::to_string(value);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      grouped += ',';
    }
    grouped += digits[i];
  }
  return grouped;
}

std::string HumanBytes(unsigned long long bytes) {
  if (bytes < 1024) {
    return fmt::format("{} B", bytes);
  }

  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double scaled = static_cast<double>(bytes) / 1024.0;
  int unit = 0;
  while (scaled >= 1024.0 && unit < 3) {
    scaled /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", scaled, kUnits[unit]);
}

}  // namespace ddbm::engine
