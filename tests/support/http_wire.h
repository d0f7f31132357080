// HTTP/1.1 messages on a socket, just enough for the fault proxy between libcurl and dynalite:
// keep-alive connections, bodies sized by Content-Length or sent chunked, "Expect:
// 100-continue". Every wait polls a stop flag, so a proxy being destroyed never hangs on a
// connection that has gone quiet.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbm::testing {

struct HttpMessage {
  std::string start_line;  // "POST / HTTP/1.1" or "HTTP/1.1 200 OK", without CRLF
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The first header of that name (case-insensitive), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
  void RemoveHeader(std::string_view name);
  void SetHeader(std::string_view name, std::string value);
  /// The status code of a response's start line; 0 when it has none.
  int Status() const;
  /// The message as sent: Content-Length set to the body's size, no Transfer-Encoding.
  std::string Serialize() const;
};

enum class ReadOutcome { kMessage, kClosed, kStopped, kBroken };

/// One TCP connection; closes its descriptor when it goes away.
class HttpConnection {
 public:
  HttpConnection(int fd, const std::atomic<bool>& stop) : fd_(fd), stop_(stop) {}
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// A request; answers "100 Continue" when the client waits for one before its body.
  ReadOutcome ReadRequest(HttpMessage& request);
  /// A response, skipping interim 1xx responses.
  ReadOutcome ReadResponse(HttpMessage& response);
  bool Write(std::string_view data);

  /// Closes with a TCP reset (SO_LINGER 0): the peer sees "connection reset", not a clean end.
  void Reset();
  /// Waits, reading and discarding, until the peer closes or the stop flag is set.
  void WaitForPeerToClose();
  /// True when the peer has closed its side, or the connection is gone (checked without
  /// waiting): a keep-alive connection the server dropped while idle.
  bool PeerClosed() const;
  /// Whether any byte of a response has arrived since the last request was written.
  bool Received() const { return received_; }
  void ExpectResponse() { received_ = false; }

 private:
  ReadOutcome ReadHead(HttpMessage& message);
  ReadOutcome ReadBody(HttpMessage& message, bool is_response);
  ReadOutcome Fill();  // reads more bytes into buffer_

  int fd_;
  const std::atomic<bool>& stop_;
  std::string buffer_;
  bool received_ = false;
};

/// A connected socket to 127.0.0.1:`port`, or -1.
int ConnectLoopback(int port);

}  // namespace ddbm::testing
