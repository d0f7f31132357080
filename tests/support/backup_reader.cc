#include "backup_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace ddbm::testing {

std::vector<std::string> ReadGzipLines(const std::filesystem::path& file) {
  gzFile gz = gzopen(file.c_str(), "rb");
  if (gz == nullptr) {
    throw std::runtime_error("cannot open " + file.string());
  }
  std::string text;
  char buffer[65536];
  int got = 0;
  while ((got = gzread(gz, buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(got));
  }
  int error = 0;
  const char* message = gzerror(gz, &error);
  std::string problem = got < 0 || error != Z_OK ? std::string(message) : "";
  gzclose(gz);
  if (!problem.empty()) {
    throw std::runtime_error(file.string() + ": " + problem);
  }

  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      throw std::runtime_error(file.string() + ": last line has no newline");
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<BackupLine> ReadBackupItems(const std::filesystem::path& backup,
                                        const std::string& table) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(backup / table)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 8 && name.substr(name.size() - 8) == ".json.gz") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());

  const std::string prefix = "{\"Item\":";
  std::vector<BackupLine> items;
  for (const std::filesystem::path& file : files) {
    std::string relative = table + "/" + file.filename().string();
    unsigned long long number = 0;
    for (const std::string& line : ReadGzipLines(file)) {
      ++number;
      if (line.compare(0, prefix.size(), prefix) != 0 || line.back() != '}') {
        throw std::runtime_error(relative + " line " + std::to_string(number) +
                                 " is not {\"Item\":{...}}: " + line.substr(0, 100));
      }
      items.push_back(
          {relative, number, line.substr(prefix.size(), line.size() - prefix.size() - 1)});
    }
  }
  return items;
}

std::vector<std::filesystem::path> BackupDirectories(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory() &&
        entry.path().filename().string().find("_backup_") != std::string::npos) {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

ScratchDirectory::ScratchDirectory(const std::string& name)
    : path_(std::filesystem::temp_directory_path() /
            ("ddbm-" + name + "-" + std::to_string(::getpid()))) {
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace ddbm::testing
