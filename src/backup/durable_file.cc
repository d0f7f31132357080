#include "backup/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "backup/gzip_lines.h"

namespace ddbm::backup {

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = other.Release();
  }
  return *this;
}

std::string ErrnoMessage(const std::string& path, const char* what, int error) {
  return path + ": " + what + ": " + std::strerror(error);
}

std::string ParentDirectory(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  if (slash == 0) {
    return "/";
  }
  return path.substr(0, slash);
}

void MakePrivateDirectories(const std::string& path) {
  if (path.empty() || path == "." || path == "/") {
    return;
  }

  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode)) {
      throw DataFileError(path + ": exists and is not a directory");
    }
    return;
  }

  MakePrivateDirectories(ParentDirectory(path));
  if (::mkdir(path.c_str(), 0700) != 0) {
    if (errno == EEXIST) {
      return;  // made by a concurrent writer in the meantime
    }
    throw DataFileError(ErrnoMessage(path, "cannot create directory", errno));
  }
  SyncDirectory(ParentDirectory(path));
}

UniqueFd CreateExclusive(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw DataFileError(ErrnoMessage(path, "cannot create", errno));
  }
  return UniqueFd(fd);
}

void WriteAll(int fd, const char* data, std::size_t size, const std::string& path) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw DataFileError(ErrnoMessage(path, "cannot write", errno));
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

void SyncAndClose(UniqueFd fd, const std::string& path) {
  if (::fsync(fd.Get()) != 0) {
    throw DataFileError(ErrnoMessage(path, "cannot sync to disk", errno));
  }
  if (::close(fd.Release()) != 0) {
    throw DataFileError(ErrnoMessage(path, "cannot close", errno));
  }
}

void SyncDirectory(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.Get() < 0) {
    throw DataFileError(ErrnoMessage(path, "cannot open directory", errno));
  }
  if (::fsync(fd.Get()) != 0) {
    throw DataFileError(ErrnoMessage(path, "cannot sync directory to disk", errno));
  }
}

void RenameDurably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw DataFileError(ErrnoMessage(from, "cannot rename", errno));
  }
  SyncDirectory(ParentDirectory(to));
}

}  // namespace ddbm::backup
