// Naming and finding backup directories: "<plan>_backup_YYYYMMDD_HHMMSS" (UTC) under the
// backup root.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "backup/manifest.h"

namespace ddbm::backup {

std::string BackupDirectoryName(const std::string& plan_name,
                                std::chrono::system_clock::time_point when);

struct BackupSearch {
  std::optional<std::string> newest_complete;   // full path
  std::vector<std::string> skipped_incomplete;  // newer directories without a usable manifest
  std::vector<std::string> complete;            // every complete backup, newest first
};

/// Looks under `root` for directories named "<plan_name>_backup_<timestamp>" and returns the
/// newest one whose manifest.json reads; newer ones without it are listed as skipped. Every
/// complete one is listed too, newest first.
BackupSearch FindNewestBackup(const std::string& root, const std::string& plan_name);

/// Problems with the data files of a backup: a file missing, of the wrong size, or whose
/// SHA-256 differs from the manifest. Empty when every file checks out.
std::vector<std::string> CheckDataFiles(const std::string& directory, const Manifest& manifest);

}  // namespace ddbm::backup
