#include "http_wire.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>

namespace ddbm::testing {
namespace {

// How often a blocked read looks at the stop flag.
constexpr int kPollMs = 100;
// A head larger than this is not a DynamoDB request; the connection is dropped.
constexpr size_t kMaxHead = size_t{64} * 1024;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<size_t> ParseSize(std::string_view text, int base) {
  size_t value = 0;
  text = Trim(text);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end == text.data()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> HttpMessage::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

void HttpMessage::RemoveHeader(std::string_view name) {
  std::erase_if(headers, [&](const auto& header) { return SameName(header.first, name); });
}

void HttpMessage::SetHeader(std::string_view name, std::string value) {
  RemoveHeader(name);
  headers.emplace_back(std::string(name), std::move(value));
}

int HttpMessage::Status() const {
  if (!start_line.starts_with("HTTP/")) {
    return 0;
  }
  size_t space = start_line.find(' ');
  if (space == std::string::npos) {
    return 0;
  }
  return static_cast<int>(ParseSize(start_line.substr(space + 1, 3), 10).value_or(0));
}

std::string HttpMessage::Serialize() const {
  std::string text = start_line + "\r\n";
  for (const auto& [name, value] : headers) {
    if (SameName(name, "Content-Length") || SameName(name, "Transfer-Encoding")) {
      continue;
    }
    text.append(name).append(": ").append(value).append("\r\n");
  }
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return text + body;
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

ReadOutcome HttpConnection::Fill() {
  char chunk[64 * 1024];
  while (!stop_.load()) {
    pollfd poll_fd{fd_, POLLIN, 0};
    int ready = poll(&poll_fd, 1, kPollMs);
    if (ready < 0 && errno != EINTR) {
      return ReadOutcome::kBroken;
    }
    if (ready <= 0) {
      continue;
    }

    ssize_t got = recv(fd_, chunk, sizeof chunk, 0);
    if (got > 0) {
      buffer_.append(chunk, static_cast<size_t>(got));
      received_ = true;
      return ReadOutcome::kMessage;
    }
    if (got == 0) {
      return ReadOutcome::kClosed;
    }
    if (errno != EINTR && errno != EAGAIN) {
      return ReadOutcome::kBroken;
    }
  }
  return ReadOutcome::kStopped;
}

ReadOutcome HttpConnection::ReadHead(HttpMessage& message) {
  size_t end = buffer_.find("\r\n\r\n");
  while (end == std::string::npos) {
    if (buffer_.size() > kMaxHead) {
      return ReadOutcome::kBroken;
    }
    bool had_bytes = !buffer_.empty();
    ReadOutcome outcome = Fill();
    if (outcome == ReadOutcome::kClosed && had_bytes) {
      return ReadOutcome::kBroken;  // closed in the middle of a head
    }
    if (outcome != ReadOutcome::kMessage) {
      return outcome;
    }
    end = buffer_.find("\r\n\r\n");
  }

  std::string_view head(buffer_.data(), end);
  size_t line_end = head.find("\r\n");
  message.start_line = std::string(head.substr(0, line_end));
  message.headers.clear();
  message.body.clear();
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    message.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                 std::string(Trim(line.substr(colon + 1))));
  }
  buffer_.erase(0, end + 4);
  return ReadOutcome::kMessage;
}

ReadOutcome HttpConnection::ReadBody(HttpMessage& message, bool is_response) {
  std::optional<std::string> encoding = message.Header("Transfer-Encoding");
  if (encoding && SameName(Trim(*encoding), "chunked")) {
    for (;;) {
      size_t line_end = buffer_.find("\r\n");
      if (line_end == std::string::npos) {
        ReadOutcome outcome = Fill();
        if (outcome != ReadOutcome::kMessage) {
          return outcome == ReadOutcome::kClosed ? ReadOutcome::kBroken : outcome;
        }
        continue;
      }
      std::string_view size_text(buffer_.data(), line_end);
      size_text = size_text.substr(0, size_text.find(';'));
      std::optional<size_t> size = ParseSize(size_text, 16);
      if (!size) {
        return ReadOutcome::kBroken;
      }
      // A chunk is its data and a CRLF; the last (empty) one is followed by a CRLF too,
      // trailers being something DynamoDB's clients never send.
      size_t needed = line_end + 2 + *size + 2;
      while (buffer_.size() < needed) {
        ReadOutcome outcome = Fill();
        if (outcome != ReadOutcome::kMessage) {
          return outcome == ReadOutcome::kClosed ? ReadOutcome::kBroken : outcome;
        }
      }
      message.body.append(buffer_, line_end + 2, *size);
      buffer_.erase(0, needed);
      if (*size == 0) {
        return ReadOutcome::kMessage;
      }
    }
  }

  std::optional<std::string> length_text = message.Header("Content-Length");
  if (!length_text) {
    int status = message.Status();
    if (!is_response || status == 204 || status == 304) {
      return ReadOutcome::kMessage;
    }
    // A response without a length ends when the server closes the connection.
    for (;;) {
      ReadOutcome outcome = Fill();
      if (outcome == ReadOutcome::kClosed) {
        message.body = std::move(buffer_);
        buffer_.clear();
        return ReadOutcome::kMessage;
      }
      if (outcome != ReadOutcome::kMessage) {
        return outcome;
      }
    }
  }

  std::optional<size_t> length = ParseSize(*length_text, 10);
  if (!length) {
    return ReadOutcome::kBroken;
  }
  while (buffer_.size() < *length) {
    ReadOutcome outcome = Fill();
    if (outcome != ReadOutcome::kMessage) {
      return outcome == ReadOutcome::kClosed ? ReadOutcome::kBroken : outcome;
    }
  }
  message.body = buffer_.substr(0, *length);
  buffer_.erase(0, *length);
  return ReadOutcome::kMessage;
}

ReadOutcome HttpConnection::ReadRequest(HttpMessage& request) {
  ReadOutcome outcome = ReadHead(request);
  if (outcome != ReadOutcome::kMessage) {
    return outcome;
  }

  // curl asks before sending a large body and waits a little for the go-ahead; answering at
  // once keeps it from waiting.
  std::optional<std::string> expect = request.Header("Expect");
  if (expect && SameName(Trim(*expect), "100-continue") && buffer_.empty()) {
    if (!Write("HTTP/1.1 100 Continue\r\n\r\n")) {
      return ReadOutcome::kBroken;
    }
  }
  return ReadBody(request, false);
}

ReadOutcome HttpConnection::ReadResponse(HttpMessage& response) {
  for (;;) {
    ReadOutcome outcome = ReadHead(response);
    if (outcome != ReadOutcome::kMessage) {
      return outcome;
    }
    int status = response.Status();
    if (status >= 100 && status < 200) {
      continue;
    }
    return ReadBody(response, true);
  }
}

bool HttpConnection::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

void HttpConnection::Reset() {
  if (fd_ < 0) {
    return;
  }
  linger abortive{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  close(fd_);
  fd_ = -1;
}

void HttpConnection::WaitForPeerToClose() {
  for (;;) {
    buffer_.clear();
    if (Fill() != ReadOutcome::kMessage) {
      return;
    }
  }
}

bool HttpConnection::PeerClosed() const {
  if (fd_ < 0) {
    return true;
  }
  pollfd poll_fd{fd_, POLLIN | POLLRDHUP, 0};
  if (poll(&poll_fd, 1, 0) <= 0) {
    return false;
  }
  // Readable while idle: either the server's close, or bytes nobody asked for. Neither leaves
  // the connection fit for the next request.
  return true;
}

int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

}  // namespace ddbm::testing
