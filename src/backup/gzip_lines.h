// Data files: one item per line, {"Item":{...}}, gzip-compressed. The line format of
// DynamoDB's export to S3.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ddbm::backup {

struct DataFileSummary {
  std::string
      file_name;  // relative to the backup directory, e.g. "ChatRecordTable/part-00000.json.gz"
  std::uint64_t items = 0;
  std::uint64_t compressed_bytes = 0;
  std::uint64_t uncompressed_bytes = 0;
  std::string sha256;  // hex digest of the compressed file as stored
};

/// Thrown when a data file cannot be read as complete gzip text: missing, truncated, altered.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes one data file. The file is created with mode 0600 (it holds user data), written
/// under a temporary name and renamed into place by Finish(), after an fsync, so a file with
/// the final name is always complete.
class GzipLineWriter {
 public:
  /// `directory` is the backup directory; `file_name` is relative to it (subfolders allowed and
  /// created). `level` is the zlib compression level.
  GzipLineWriter(const std::string& directory, std::string file_name, int level = 6);
  ~GzipLineWriter();
  GzipLineWriter(const GzipLineWriter&) = delete;
  GzipLineWriter& operator=(const GzipLineWriter&) = delete;

  /// Appends `item_json` wrapped as {"Item":<item_json>} and a newline.
  void WriteItem(std::string_view item_json);

  /// Flushes, fsyncs, renames into place, and returns what the manifest records.
  DataFileSummary Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Reads one data file line by line, checking the gzip stream's own CRC and that it ends
/// properly: a truncated or corrupted file raises DataFileError naming the file and line.
class GzipLineReader {
 public:
  explicit GzipLineReader(const std::string& path);
  ~GzipLineReader();
  GzipLineReader(const GzipLineReader&) = delete;
  GzipLineReader& operator=(const GzipLineReader&) = delete;

  /// Reads the next line's item: the text of the object inside {"Item":...}. Returns false at
  /// the clean end of the file. Throws DataFileError for a truncated file or a line that is
  /// not {"Item":{...}}.
  bool NextItem(std::string& item_json);

  /// 1-based number of the line last returned.
  std::uint64_t line_number() const;

  /// SHA-256 of the compressed bytes read so far (complete once NextItem returned false).
  std::string Sha256Hex() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ddbm::backup
