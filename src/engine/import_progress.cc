#include "engine/import_progress.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "backup/atomic_file.h"
#include "backup/gzip_lines.h"

namespace ddbm::engine {

namespace {

// Often enough that a re-run repeats only seconds of work, rarely enough that the fsyncs do not
// slow the import.
constexpr std::chrono::seconds kSaveInterval{2};

}  // namespace

ImportProgress::ImportProgress(std::string backup_directory, const std::string& plan_name,
                               std::string table_identity, std::size_t files)
    : path_(std::move(backup_directory) + "/import-" + plan_name + ".progress.json"),
      table_identity_(std::move(table_identity)),
      files_(files),
      last_save_(std::chrono::steady_clock::now()) {
  std::optional<std::string> text = backup::ReadWholeFile(path_);
  if (!text) {
    return;
  }
  nlohmann::json record = nlohmann::json::parse(*text, nullptr, false);
  if (!record.is_object() || record.value("table", "") != table_identity_ ||
      !record["written_through"].is_array() || record["written_through"].size() != files) {
    return;
  }
  for (std::size_t i = 0; i < files; ++i) {
    files_[i].resumed_through = record["written_through"][i].get<std::uint64_t>();
    files_[i].dispatched_through = files_[i].resumed_through;
  }
}

std::uint64_t ImportProgress::WrittenThrough(std::size_t file) const {
  std::lock_guard lock(mutex_);
  return files_[file].resumed_through;
}

void ImportProgress::Dispatched(std::size_t file, std::uint64_t first, std::uint64_t last) {
  std::lock_guard lock(mutex_);
  files_[file].in_flight.insert(first);
  files_[file].dispatched_through = last;
}

void ImportProgress::Completed(std::size_t file, std::uint64_t first) {
  std::lock_guard lock(mutex_);
  files_[file].in_flight.erase(first);
}

void ImportProgress::MaybeSave() {
  std::lock_guard lock(mutex_);
  if (std::chrono::steady_clock::now() - last_save_ >= kSaveInterval) {
    SaveLocked();
  }
}

void ImportProgress::Save() {
  std::lock_guard lock(mutex_);
  SaveLocked();
}

void ImportProgress::SaveLocked() {
  nlohmann::json through = nlohmann::json::array();
  for (const FileState& file : files_) {
    std::uint64_t watermark =
        file.in_flight.empty() ? file.dispatched_through : *file.in_flight.begin() - 1;
    through.push_back(watermark);
  }
  nlohmann::json record = {{"table", table_identity_}, {"written_through", through}};
  try {
    backup::ReplaceFileAtomically(path_, record.dump() + "\n");
  } catch (const backup::DataFileError&) {
    // Progress is an optimisation: losing it costs a re-run time, not data.
  }
  last_save_ = std::chrono::steady_clock::now();
}

void ImportProgress::Discard() {
  std::remove(path_.c_str());
}

}  // namespace ddbm::engine
