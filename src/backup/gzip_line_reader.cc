// GzipLineReader: the file is read in 256 KB blocks (each hashed as it is read), inflated into
// a 256 KB buffer, and cut into lines there; only a line that straddles two buffers is
// copied aside. A file may hold several gzip members one after another, as DynamoDB's own
// exports can; the data ends cleanly only where a member ends with the file.
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "backup/durable_file.h"
#include "backup/gzip_lines.h"
#include "common/sha256.h"

namespace ddbm::backup {
namespace {

constexpr std::size_t kInputBlock = std::size_t{256} * 1024;
constexpr std::size_t kOutputBlock = std::size_t{256} * 1024;

// 15 bits of window plus 32: accept a gzip or a zlib header, whichever the data has.
constexpr int kAutoDetectWindowBits = 15 + 32;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

bool Consume(std::string_view& text, std::string_view prefix) {
  text = Trim(text);
  if (text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

// The item inside {"Item": ... }, checked only for its outer shape: the item itself is
// parsed by whoever uses it, and parsing it twice would halve the reading speed.
bool UnwrapItem(std::string_view line, std::string_view& item) {
  if (!Consume(line, "{") || !Consume(line, "\"Item\"") || !Consume(line, ":")) {
    return false;
  }
  line = Trim(line);
  if (line.empty() || line.back() != '}') {
    return false;
  }
  line.remove_suffix(1);
  item = Trim(line);
  return item.size() >= 2 && item.front() == '{' && item.back() == '}';
}

}  // namespace

struct GzipLineReader::State {
  std::string path;
  UniqueFd fd;
  z_stream zlib{};
  bool zlib_ready = false;
  bool member_ended = false;  // the current gzip member is complete
  bool output_full = false;   // the last inflate call filled the output buffer
  std::unique_ptr<unsigned char[]> input{new unsigned char[kInputBlock]};
  std::unique_ptr<char[]> output{new char[kOutputBlock]};
  std::size_t output_begin = 0;
  std::size_t output_end = 0;
  std::string pending;  // the start of a line that continues in the next buffer
  std::uint64_t line = 0;
  Sha256 sha;

  [[noreturn]] void Truncated() const {
    throw DataFileError(path + ": truncated (gzip stream ends early at line " +
                        std::to_string(line + 1) + ")");
  }

  [[noreturn]] void Corrupt() const {
    const char* message = zlib.msg != nullptr ? zlib.msg : "invalid compressed data";
    throw DataFileError(path + ": corrupt data at line " + std::to_string(line + 1) + ": " +
                        message);
  }

  // Reads the next block of the file into zlib's input; false at the end of the file.
  bool ReadInput() {
    while (true) {
      ssize_t size = ::read(fd.Get(), input.get(), kInputBlock);
      if (size < 0 && errno == EINTR) {
        continue;
      }
      if (size < 0) {
        throw DataFileError(ErrnoMessage(path, "cannot read", errno));
      }
      if (size == 0) {
        return false;
      }
      sha.Update(input.get(), static_cast<std::size_t>(size));
      zlib.next_in = input.get();
      zlib.avail_in = static_cast<uInt>(size);
      return true;
    }
  }

  // Inflates more data into the output buffer; false at the clean end of the data.
  bool Refill() {
    while (true) {
      if (member_ended) {
        if (zlib.avail_in == 0 && !ReadInput()) {
          return false;
        }
        inflateReset(&zlib);
        member_ended = false;
      }
      // With the output buffer filled last time zlib may hold more without new input;
      // otherwise it needs input, and a file that ends here ends inside a gzip member.
      if (!output_full && zlib.avail_in == 0 && !ReadInput()) {
        Truncated();
      }

      zlib.next_out = reinterpret_cast<unsigned char*>(output.get());
      zlib.avail_out = kOutputBlock;
      int result = inflate(&zlib, Z_NO_FLUSH);
      output_full = zlib.avail_out == 0;
      if (result == Z_STREAM_END) {
        member_ended = true;
        output_full = false;
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        Corrupt();
      }

      output_begin = 0;
      output_end = kOutputBlock - zlib.avail_out;
      if (output_end > 0) {
        return true;
      }
    }
  }

  // Checks one complete line and hands out its item; false for a blank line.
  bool TakeLine(std::string_view text, std::string& item_json) {
    ++line;
    if (Trim(text).empty()) {
      return false;
    }
    std::string_view item;
    if (!UnwrapItem(text, item)) {
      throw DataFileError(path + ": line " + std::to_string(line) + " is not {\"Item\":{...}}");
    }
    item_json.assign(item);
    return true;
  }
};

GzipLineReader::GzipLineReader(const std::string& path) : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.path = path;
  state.fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (state.fd.Get() < 0) {
    if (errno == ENOENT) {
      throw DataFileError(path + ": missing");
    }
    throw DataFileError(ErrnoMessage(path, "cannot open", errno));
  }
  if (inflateInit2(&state.zlib, kAutoDetectWindowBits) != Z_OK) {
    throw DataFileError(path + ": cannot start decompression");
  }
  state.zlib_ready = true;
}

GzipLineReader::~GzipLineReader() {
  if (state_->zlib_ready) {
    inflateEnd(&state_->zlib);
  }
}

bool GzipLineReader::NextItem(std::string& item_json) {
  State& state = *state_;
  while (true) {
    const char* begin = state.output.get() + state.output_begin;
    std::size_t available = state.output_end - state.output_begin;
    const void* newline = available > 0 ? std::memchr(begin, '\n', available) : nullptr;
    if (newline != nullptr) {
      std::size_t length = static_cast<const char*>(newline) - begin;
      state.output_begin += length + 1;
      bool taken;
      if (state.pending.empty()) {
        taken = state.TakeLine({begin, length}, item_json);
      } else {
        state.pending.append(begin, length);
        taken = state.TakeLine(state.pending, item_json);
        state.pending.clear();
      }
      if (taken) {
        return true;
      }
      continue;
    }

    state.pending.append(begin, available);
    state.output_begin = state.output_end;
    if (state.Refill()) {
      continue;
    }

    // The data ended cleanly; a last line without its newline still counts.
    if (state.pending.empty()) {
      return false;
    }
    bool taken = state.TakeLine(state.pending, item_json);
    state.pending.clear();
    return taken;
  }
}

std::uint64_t GzipLineReader::line_number() const {
  return state_->line;
}

std::string GzipLineReader::Sha256Hex() const {
  return state_->sha.Hex();
}

}  // namespace ddbm::backup
