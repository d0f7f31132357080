// How far an import of one table got, kept beside the backup so that a re-run resumes near
// where the last one stopped instead of writing every item again.
//
// Writers finish batches out of order, so what is recorded per data file is a watermark: the
// last line below which every line is known written. Lines above it may be written again on a
// re-run, which is harmless: puts are idempotent. The record is tied to the live table's
// CreationDateTime, so progress made into a table that was since deleted and created again is
// never trusted.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ddbm::engine {

class ImportProgress {
 public:
  /// Loads the record for `plan_name` in the backup when it was made for `table_identity`.
  ImportProgress(std::string backup_directory, const std::string& plan_name,
                 std::string table_identity, std::size_t files);

  /// Every line of data file `file` up to and including this one is already written.
  std::uint64_t WrittenThrough(std::size_t file) const;

  /// Lines first..last of `file` went to the writers / were written. Thread-safe.
  void Dispatched(std::size_t file, std::uint64_t first, std::uint64_t last);
  void Completed(std::size_t file, std::uint64_t first);

  /// Saves when the last save is a couple of seconds old. Thread-safe.
  void MaybeSave();
  void Save();
  /// The import finished: the record is no longer needed.
  void Discard();

 private:
  struct FileState {
    std::uint64_t resumed_through = 0;
    std::uint64_t dispatched_through = 0;
    std::set<std::uint64_t> in_flight;  // first lines of batches not yet written
  };

  void SaveLocked();

  std::string path_;
  std::string table_identity_;
  mutable std::mutex mutex_;
  std::vector<FileState> files_;
  std::chrono::steady_clock::time_point last_save_;
};

}  // namespace ddbm::engine
