#include "backup/atomic_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "backup/durable_file.h"

namespace ddbm::backup {

void ReplaceFileAtomically(const std::string& path, const std::string& text) {
  std::string temporary = path + ".partial";
  std::remove(temporary.c_str());
  UniqueFd fd = CreateExclusive(temporary);
  WriteAll(fd.Get(), text.data(), text.size(), temporary);
  SyncAndClose(std::move(fd), temporary);
  RenameDurably(temporary, path);
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return std::nullopt;
  }
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace ddbm::backup
