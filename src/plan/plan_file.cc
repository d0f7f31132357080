#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "common/failure.h"
#include "plan/plan.h"

namespace ddbm::plan {

Plan LoadPlanFile(const std::string& path) {
  // Checked first because ifstream opens a directory "successfully" on Linux and then reads
  // nothing, which would surface as a confusing "the plan has no name".
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw Failure(ExitCode::kUsage, "plan file " + path + " does not exist");
  }
  if (status.type() == std::filesystem::file_type::directory) {
    throw Failure(ExitCode::kUsage, "plan file " + path + " is a directory");
  }

  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::string reason = std::generic_category().message(errno != 0 ? errno : EIO);
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    throw Failure(ExitCode::kUsage, "cannot read plan file " + path + ": " + reason);
  }
  std::ostringstream text;
  text << file.rdbuf();

  return ParsePlan(text.str(), path);
}

}  // namespace ddbm::plan
