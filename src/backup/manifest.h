// manifest.json: what a backup holds. Written last and atomically; a backup directory without
// it is incomplete and is never used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup/gzip_lines.h"

namespace ddbm::backup {

inline constexpr int kManifestFormatVersion = 1;
inline constexpr const char* kManifestFileName = "manifest.json";

struct TableBackup {
  std::string plan_name;        // name in the plan; data files live under this folder
  std::string table_name;       // live table name at export time
  nlohmann::json description;   // DescribeTable's "Table" object as returned
  nlohmann::json time_to_live;  // DescribeTimeToLive's description, or null
  // Added after the first release of format 1, so optional when read (null when absent):
  nlohmann::json tags;                // ListTagsOfResource's Tags ([] for none), or null
  nlohmann::json continuous_backups;  // DescribeContinuousBackups' description, or null
  std::uint64_t item_count = 0;
  std::uint64_t fill_count = 0;  // items that lack a usable value for a filled attribute
  std::uint64_t uncompressed_bytes = 0;
  std::vector<DataFileSummary> files;
};

struct Manifest {
  int format_version = kManifestFormatVersion;
  std::string tool_version;
  std::string plan_name;
  std::string plan_toml;   // the plan as it was when the backup was taken
  std::string created_at;  // ISO 8601 UTC
  std::string endpoint;
  std::string region;
  std::vector<TableBackup> tables;

  const TableBackup* FindTable(const std::string& plan_name) const;
};

nlohmann::json ManifestToJson(const Manifest& manifest);

/// Throws DataFileError naming the field when the JSON is not a manifest of a known version.
Manifest ManifestFromJson(const nlohmann::json& json);

/// Writes manifest.json into `directory` via a temporary file, fsync and rename, mode 0600.
void WriteManifest(const std::string& directory, const Manifest& manifest);

/// Reads `directory`/manifest.json. Throws DataFileError when it is missing (the backup is
/// incomplete), unreadable, or not a manifest this version understands.
Manifest ReadManifest(const std::string& directory);

}  // namespace ddbm::backup
