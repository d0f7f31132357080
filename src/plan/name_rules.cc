#include "plan/name_rules.h"

#include <cstddef>

namespace ddbm::plan {
namespace {

// DynamoDB's table name limits, from its "Service, account, and table quotas" page.
constexpr std::size_t kMinTableNameLength = 3;
constexpr std::size_t kMaxTableNameLength = 255;

// Backup directories are "<plan>_backup_YYYYMMDD_HHMMSS": 23 characters after the plan name,
// and file systems allow 255 bytes per path component.
constexpr std::size_t kMaxPlanNameLength = 255 - 23;

constexpr std::size_t kMaxKeyAttributeNameBytes = 255;

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// Names the first character outside [A-Za-z0-9_.-], or returns nullopt when there is none.
std::optional<std::string> ForbiddenCharacter(std::string_view name) {
  for (char c : name) {
    if (IsNameCharacter(c)) {
      continue;
    }

    std::string shown;
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      shown = "a non-ASCII character";
    } else if (byte < 0x20 || byte == 0x7f) {
      shown = "a control character";
    } else {
      shown = std::string("'") + c + "'";
    }
    return "it holds " + shown + "; only letters, digits, '_', '.' and '-' are allowed";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> TableNameProblem(std::string_view name) {
  if (name.size() < kMinTableNameLength || name.size() > kMaxTableNameLength) {
    return "it is " + std::to_string(name.size()) + " characters long, not 3 to 255";
  }
  return ForbiddenCharacter(name);
}

std::optional<std::string> IndexNameProblem(std::string_view name) {
  return TableNameProblem(name);
}

std::optional<std::string> TablePrefixProblem(std::string_view prefix) {
  return ForbiddenCharacter(prefix);
}

std::optional<std::string> PlanNameProblem(std::string_view name) {
  if (name.empty()) {
    return std::string("it is empty");
  }
  if (name.size() > kMaxPlanNameLength) {
    return "it is " + std::to_string(name.size()) + " characters long; at most " +
           std::to_string(kMaxPlanNameLength) + " fit in a backup directory name";
  }
  return ForbiddenCharacter(name);
}

std::optional<std::string> KeyAttributeNameProblem(std::string_view name) {
  if (name.empty() || name.size() > kMaxKeyAttributeNameBytes) {
    return "it is " + std::to_string(name.size()) + " bytes long, not 1 to 255";
  }
  return std::nullopt;
}

}  // namespace ddbm::plan
