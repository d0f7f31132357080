// GzipLineWriter: items are staged as lines in memory, compressed in large batches, and the
// compressed bytes written in 256 KB blocks, hashed as they go to disk, so the checksum in the
// manifest is that of the file exactly as stored.
#include <zlib.h>

#include <unistd.h>
#include <memory>
#include <stdexcept>
#include <string>

#include "backup/durable_file.h"
#include "backup/gzip_lines.h"
#include "common/sha256.h"

namespace ddbm::backup {
namespace {

// Lines are handed to zlib in batches of about this size: fewer calls, same output.
constexpr std::size_t kInputBatch = std::size_t{128} * 1024;
constexpr std::size_t kOutputBlock = std::size_t{256} * 1024;

// 15 bits of window (zlib's maximum) plus 16: write a gzip header and trailer, not zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;

constexpr std::string_view kLinePrefix = "{\"Item\":";
constexpr std::string_view kLineSuffix = "}\n";

}  // namespace

struct GzipLineWriter::State {
  std::string file_name;
  std::string final_path;
  std::string partial_path;
  UniqueFd fd;
  z_stream zlib{};
  bool zlib_ready = false;
  bool finished = false;
  std::string input;
  std::unique_ptr<unsigned char[]> output{new unsigned char[kOutputBlock]};
  Sha256 sha;
  DataFileSummary summary;

  void WriteOutput() {
    std::size_t size = kOutputBlock - zlib.avail_out;
    if (size > 0) {
      WriteAll(fd.Get(), reinterpret_cast<const char*>(output.get()), size, partial_path);
      sha.Update(output.get(), size);
      summary.compressed_bytes += size;
    }
    zlib.next_out = output.get();
    zlib.avail_out = kOutputBlock;
  }

  // Compresses the staged input; with Z_FINISH also ends the gzip stream.
  void Compress(int flush) {
    zlib.next_in = reinterpret_cast<unsigned char*>(input.data());
    zlib.avail_in = static_cast<uInt>(input.size());
    while (true) {
      int result = deflate(&zlib, flush);
      if (result == Z_STREAM_ERROR) {
        throw DataFileError(partial_path + ": compression failed");
      }
      if (zlib.avail_out == 0) {
        WriteOutput();
        continue;
      }
      if (flush == Z_FINISH ? result == Z_STREAM_END : zlib.avail_in == 0) {
        break;
      }
    }
    input.clear();
  }
};

GzipLineWriter::GzipLineWriter(const std::string& directory, std::string file_name, int level)
    : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.final_path = directory + "/" + file_name;
  state.partial_path = state.final_path + ".partial";
  state.summary.file_name = std::move(file_name);

  MakePrivateDirectories(ParentDirectory(state.final_path));
  state.fd = CreateExclusive(state.partial_path);

  if (deflateInit2(&state.zlib, level, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    ::unlink(state.partial_path.c_str());
    throw DataFileError(state.partial_path + ": cannot start compression (level " +
                        std::to_string(level) + ")");
  }
  state.zlib_ready = true;
  state.zlib.next_out = state.output.get();
  state.zlib.avail_out = kOutputBlock;
  state.input.reserve(kInputBatch + std::size_t{64} * 1024);
}

GzipLineWriter::~GzipLineWriter() {
  if (state_->zlib_ready) {
    deflateEnd(&state_->zlib);
  }

  // A writer dropped before Finish (an error, a cancelled export) leaves no partial file.
  if (!state_->finished) {
    state_->fd = UniqueFd();
    ::unlink(state_->partial_path.c_str());
  }
}

void GzipLineWriter::WriteItem(std::string_view item_json) {
  State& state = *state_;
  if (state.finished) {
    throw std::logic_error("GzipLineWriter::WriteItem called after Finish");
  }

  state.input.append(kLinePrefix);
  state.input.append(item_json);
  state.input.append(kLineSuffix);
  state.summary.items += 1;
  state.summary.uncompressed_bytes += kLinePrefix.size() + item_json.size() + kLineSuffix.size();
  if (state.input.size() >= kInputBatch) {
    state.Compress(Z_NO_FLUSH);
  }
}

DataFileSummary GzipLineWriter::Finish() {
  State& state = *state_;
  if (state.finished) {
    throw std::logic_error("GzipLineWriter::Finish called twice");
  }

  state.Compress(Z_FINISH);
  state.WriteOutput();
  deflateEnd(&state.zlib);
  state.zlib_ready = false;

  // The data must be on disk before the name says the file is complete, and the rename must
  // be on disk before the manifest that lists the file is written.
  SyncAndClose(std::move(state.fd), state.partial_path);
  RenameDurably(state.partial_path, state.final_path);
  state.finished = true;

  state.summary.sha256 = state.sha.Hex();
  return state.summary;
}

}  // namespace ddbm::backup
