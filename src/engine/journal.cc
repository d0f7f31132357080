#include "engine/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/failure.h"

namespace ddbm::engine {

namespace {

constexpr MigrationStep kSteps[] = {MigrationStep::kNone, MigrationStep::kExported,
                                    MigrationStep::kRebuilt, MigrationStep::kImported,
                                    MigrationStep::kVerified};

std::string JournalPath(const std::string& directory) { return directory + "/journal.json"; }

void WriteAll(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written < 0) {
      throw Failure(ExitCode::kFailedTablesChanged,
                    "cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(written);
  }
}

}  // namespace

const char* StepName(MigrationStep step) {
  switch (step) {
    case MigrationStep::kNone:
      return "none";
    case MigrationStep::kExported:
      return "exported";
    case MigrationStep::kRebuilt:
      return "rebuilt";
    case MigrationStep::kImported:
      return "imported";
    case MigrationStep::kVerified:
      return "verified";
  }
  return "none";
}

MigrationStep ReadJournal(const std::string& backup_directory) {
  std::ifstream file(JournalPath(backup_directory));
  if (!file) {
    return MigrationStep::kNone;
  }

  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json journal = nlohmann::json::parse(text.str(), nullptr, false);
  std::string name = journal.is_object() ? journal.value("step", "") : "";
  for (MigrationStep step : kSteps) {
    if (name == StepName(step)) {
      return step;
    }
  }
  throw Failure(ExitCode::kFailedNothingChanged,
                JournalPath(backup_directory) + " is not a journal this version understands");
}

void WriteJournal(const std::string& backup_directory, MigrationStep step) {
  std::string path = JournalPath(backup_directory);
  std::string temporary = path + ".partial";
  nlohmann::json journal = {{"step", StepName(step)}};
  int fd = ::open(temporary.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Failure(ExitCode::kFailedTablesChanged,
                  "cannot write " + temporary + ": " + std::strerror(errno));
  }
  WriteAll(fd, journal.dump(2) + "\n", temporary);
  ::fsync(fd);
  ::close(fd);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw Failure(ExitCode::kFailedTablesChanged,
                  "cannot rename " + temporary + ": " + std::strerror(errno));
  }

  int directory = ::open(backup_directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
}

}  // namespace ddbm::engine
