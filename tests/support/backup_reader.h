// Reading a backup from a test with zlib directly, not with the tool's own reader, to see what a
// user (or DynamoDB's import from S3) would find in the files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ddbm::testing {

/// One item line of a backup data file.
struct BackupLine {
  std::string
      file;  // relative to the backup directory, e.g. "ChatRecordTable/segment-00000.json.gz"
  unsigned long long line = 0;  // 1-based
  std::string item;             // the raw text of the item object inside {"Item":...}
};

/// The decompressed lines of a gzip file, without their newline. Throws std::runtime_error
/// when the file cannot be read as complete gzip.
std::vector<std::string> ReadGzipLines(const std::filesystem::path& file);

/// Every item line of the table's data files (<backup>/<table>/*.json.gz), in file order.
/// Throws std::runtime_error for a line that is not {"Item":{...}}.
std::vector<BackupLine> ReadBackupItems(const std::filesystem::path& backup,
                                        const std::string& table);

/// The backup directories directly under `root`, sorted by name (oldest first).
std::vector<std::filesystem::path> BackupDirectories(const std::filesystem::path& root);

/// A directory under the system's temporary directory, unique to this process and `name`,
/// created empty and removed with everything in it when this object goes away.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& name);
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ddbm::testing
