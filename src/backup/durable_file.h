// Small POSIX helpers for files that must survive a crash once written: private directories,
// exclusive creation with mode 0600, complete writes, fsync of files and of the directories
// that name them. Private to the backup module; failures throw DataFileError naming the path.
#pragma once

#include <cstddef>
#include <string>

namespace ddbm::backup {

/// Owns a file descriptor and closes it (ignoring errors) unless released.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int Get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

/// "<path>: <what>: <strerror(error)>".
std::string ErrnoMessage(const std::string& path, const char* what, int error);

/// Creates `path` and any missing parents with mode 0700 (backups hold user data), syncing
/// each new directory's parent so the new name survives a crash.
void MakePrivateDirectories(const std::string& path);

/// Creates `path` for writing with mode 0600; fails if it exists.
UniqueFd CreateExclusive(const std::string& path);

/// Writes all of `data`, retrying short writes and interrupted calls.
void WriteAll(int fd, const char* data, std::size_t size, const std::string& path);

/// fsyncs and closes `fd`, reporting errors of either.
void SyncAndClose(UniqueFd fd, const std::string& path);

/// fsyncs the directory `path`, so renames and creations in it are durable.
void SyncDirectory(const std::string& path);

/// Renames `from` to `to` and syncs the directory holding `to`.
void RenameDurably(const std::string& from, const std::string& to);

/// The directory part of `path` ("." when there is none).
std::string ParentDirectory(const std::string& path);

}  // namespace ddbm::backup
