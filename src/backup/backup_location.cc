#include "backup/backup_location.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "backup/durable_file.h"
#include "common/sha256.h"

namespace ddbm::backup {
namespace {

constexpr std::string_view kBackupInfix = "_backup_";
constexpr std::size_t kTimestampSize = 15;  // YYYYMMDD_HHMMSS
constexpr std::size_t kReadBlock = std::size_t{1024} * 1024;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// The "YYYYMMDD_HHMMSS" of "<plan>_backup_YYYYMMDD_HHMMSS", or empty when `name` is anything
// else. Prefix comparison, not a pattern: plan names may hold characters a pattern treats
// specially.
std::string_view Timestamp(std::string_view name, const std::string& plan_name) {
  if (name.size() != plan_name.size() + kBackupInfix.size() + kTimestampSize ||
      name.substr(0, plan_name.size()) != plan_name ||
      name.substr(plan_name.size(), kBackupInfix.size()) != kBackupInfix) {
    return {};
  }

  std::string_view stamp = name.substr(plan_name.size() + kBackupInfix.size());
  for (std::size_t i = 0; i < stamp.size(); ++i) {
    bool ok = i == 8 ? stamp[i] == '_' : IsDigit(stamp[i]);
    if (!ok) {
      return {};
    }
  }
  return stamp;
}

struct Candidate {
  std::string timestamp;
  std::string name;
  std::string path;
};

// A data file named in a manifest must stay inside the backup directory.
bool IsInside(const std::string& file_name) {
  if (file_name.empty() || file_name.front() == '/') {
    return false;
  }
  for (const auto& part : std::filesystem::path(file_name)) {
    if (part == "..") {
      return false;
    }
  }
  return true;
}

// Empty when the file's SHA-256 matches the manifest's, otherwise the problem.
std::string CheckChecksum(const std::string& path, const DataFileSummary& file) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.Get() < 0) {
    return ErrnoMessage(file.file_name, "cannot open", errno);
  }

  std::string block(kReadBlock, '\0');
  Sha256 sha;
  while (true) {
    ssize_t size = ::read(fd.Get(), block.data(), block.size());
    if (size < 0 && errno == EINTR) {
      continue;
    }
    if (size < 0) {
      return ErrnoMessage(file.file_name, "cannot read", errno);
    }
    if (size == 0) {
      break;
    }
    sha.Update(block.data(), static_cast<std::size_t>(size));
  }
  if (sha.Hex() != file.sha256) {
    return file.file_name + ": checksum mismatch (altered or truncated)";
  }
  return {};
}

std::string CheckFile(const std::string& directory, const DataFileSummary& file) {
  if (!IsInside(file.file_name)) {
    return file.file_name + ": not a path inside the backup directory";
  }

  const std::string path = directory + "/" + file.file_name;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return file.file_name + ": missing";
    }
    return ErrnoMessage(file.file_name, "cannot inspect", errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return file.file_name + ": not a regular file";
  }

  // The size check is free and names a truncation plainly; the checksum catches the rest.
  std::uint64_t size = static_cast<std::uint64_t>(info.st_size);
  if (size != file.compressed_bytes) {
    return file.file_name + ": size " + std::to_string(size) + " bytes, manifest says " +
           std::to_string(file.compressed_bytes);
  }
  return CheckChecksum(path, file);
}

}  // namespace

std::string BackupDirectoryName(const std::string& plan_name,
                                std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &utc);
  return plan_name + std::string(kBackupInfix) + stamp;
}

BackupSearch FindNewestBackup(const std::string& root, const std::string& plan_name) {
  std::vector<Candidate> candidates;
  std::error_code error;
  std::filesystem::directory_iterator entries(root, error);
  if (!error) {
    for (const std::filesystem::directory_entry& entry : entries) {
      std::string name = entry.path().filename().string();
      std::string_view stamp = Timestamp(name, plan_name);
      std::error_code type_error;
      if (stamp.empty() || !entry.is_directory(type_error)) {
        continue;
      }
      candidates.push_back({std::string(stamp), name, entry.path().string()});
    }
  }

  // Newest first: by the time in the name, then by the name itself.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.timestamp != b.timestamp ? a.timestamp > b.timestamp : a.name > b.name;
  });

  BackupSearch search;
  for (const Candidate& candidate : candidates) {
    try {
      ReadManifest(candidate.path);
    } catch (const DataFileError&) {
      if (!search.newest_complete) {
        search.skipped_incomplete.push_back(candidate.path);
      }
      continue;
    }
    if (!search.newest_complete) {
      search.newest_complete = candidate.path;
    }
    search.complete.push_back(candidate.path);
  }
  return search;
}

std::vector<std::string> CheckDataFiles(const std::string& directory, const Manifest& manifest) {
  std::vector<std::string> problems;
  for (const TableBackup& table : manifest.tables) {
    for (const DataFileSummary& file : table.files) {
      std::string problem = CheckFile(directory, file);
      if (!problem.empty()) {
        problems.push_back(std::move(problem));
      }
    }
  }
  return problems;
}

}  // namespace ddbm::backup
