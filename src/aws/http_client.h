// One signed HTTPS/HTTP connection to a DynamoDB endpoint. libcurl signs each request with
// Signature V4 (CURLOPT_AWS_SIGV4) and keeps the connection open between requests.
//
// Not thread-safe: each worker thread owns its own HttpClient.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "aws/connection_settings.h"

namespace ddbm::aws {

struct HttpResult {
  /// False when no HTTP response arrived: refused or reset connection, timeout, DNS.
  bool transport_ok = false;
  std::string transport_error;  // curl's description when !transport_ok
  long status = 0;
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(ConnectionSettings settings);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// POSTs a DynamoDB JSON-protocol request: `operation` is e.g. "Scan", sent as
  /// X-Amz-Target: DynamoDB_20120810.Scan with Content-Type application/x-amz-json-1.0.
  HttpResult PostJson(std::string_view operation, std::string_view body);

  const ConnectionSettings& settings() const { return settings_; }

 private:
  ConnectionSettings settings_;
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

}  // namespace ddbm::aws
