#include "aws/http_client.h"

#include <curl/curl.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace ddbm::aws {
namespace {

// Extra capacity reserved after the body so a JSON parser that reads past the end in wide
// blocks (simdjson needs 64 bytes) can parse it in place, without a copy.
constexpr size_t kBodySlack = 64;

constexpr long kConnectTimeoutMs = 10'000;
// A Scan page is at most 1 MB; a minute covers it on any link worth migrating over.
constexpr long kRequestTimeoutMs = 60'000;
// A connection that moves less than this many bytes a second for this long is dead.
constexpr long kLowSpeedBytes = 1;
constexpr long kLowSpeedSeconds = 20;
constexpr long kKeepAliveIdleSeconds = 30;
constexpr long kKeepAliveIntervalSeconds = 15;
// curl announces "Expect: 100-continue" for bodies over 1 MiB (a large BatchWriteItem) and
// then waits this long for the server's go-ahead before sending the body anyway. The wait
// buys nothing here (DynamoDB does not refuse a request for its size before reading it), so
// it is as short as curl allows.
constexpr long kExpect100WaitMs = 1;

void InitCurlOnce() {
  // curl_global_init is not safe to race; every HttpClient goes through here first. There is
  // deliberately no curl_global_cleanup: worker threads may still hold handles at exit.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

constexpr std::array<uint32_t, 256> MakeCrc32Table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t value = i;
    for (int bit = 0; bit < 8; ++bit) {
      value = (value & 1) != 0 ? 0xEDB88320u ^ (value >> 1) : value >> 1;
    }
    table[i] = value;
  }
  return table;
}

// The CRC-32 (IEEE, as zlib computes it) that DynamoDB sends in x-amz-crc32.
uint32_t Crc32(std::string_view data) {
  static constexpr std::array<uint32_t, 256> kTable = MakeCrc32Table();
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) {
    crc = kTable[(crc ^ static_cast<uint8_t>(c)) & 0xFFu] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

// What one transfer collects through curl's callbacks.
struct Exchange {
  std::string body;
  std::optional<uint32_t> crc32;
};

bool HeaderNameIs(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') {
    return false;
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
      return false;
    }
  }
  return true;
}

std::string_view HeaderValue(std::string_view line, size_t name_size) {
  std::string_view value = line.substr(name_size + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return value;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  std::string_view line(data, size * count);

  // A new status line starts a new response (after a 100 Continue, say): forget the last.
  if (line.starts_with("HTTP/")) {
    exchange.crc32.reset();
    exchange.body.clear();
    return line.size();
  }

  if (HeaderNameIs(line, "x-amz-crc32")) {
    std::string_view value = HeaderValue(line, 11);
    uint32_t crc = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), crc);
    if (error == std::errc() && end == value.data() + value.size()) {
      exchange.crc32 = crc;
    }
  } else if (HeaderNameIs(line, "content-length")) {
    std::string_view value = HeaderValue(line, 14);
    size_t length = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    // Reserve once, with slack for the parser, rather than grow while the body arrives. The
    // cap keeps a bogus header from reserving gigabytes.
    if (error == std::errc() && length < (64u << 20)) {
      exchange.body.reserve(length + kBodySlack);
    }
  }
  return line.size();
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  exchange.body.append(data, size * count);
  return size * count;
}

// Options set once per handle; curl keeps them, and the connection, across requests.
void SetConstantOptions(CURL* curl, const ConnectionSettings& settings, char* error_buffer,
                        const std::string& sigv4) {
  curl_easy_setopt(curl, CURLOPT_URL, settings.endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  // DynamoDB speaks HTTP/1.1; pinning it keeps ALPN from choosing anything else.
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");

  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kRequestTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytes);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPIDLE, kKeepAliveIdleSeconds);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPINTVL, kKeepAliveIntervalSeconds);
  curl_easy_setopt(curl, CURLOPT_EXPECT_100_TIMEOUT_MS, kExpect100WaitMs);

  // Signature V4 by libcurl: the key pair is given as user name and password (separately,
  // so that no character of either is taken as a separator).
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings.credentials.access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.credentials.secret_access_key.c_str());

  curl_easy_setopt(curl, CURLOPT_USERAGENT, "ddbmigrate");
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
}

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  std::string sigv4;  // "aws:amz:<region>:dynamodb", the signing scope
  std::string token_header;

  ~Handle() {
    if (curl != nullptr) {
      curl_easy_cleanup(curl);
    }
  }
};

HttpClient::HttpClient(ConnectionSettings settings)
    : settings_(std::move(settings)), handle_(std::make_unique<Handle>()) {
  InitCurlOnce();
  handle_->curl = curl_easy_init();
  if (handle_->curl == nullptr) {
    throw std::runtime_error("libcurl could not create a connection handle");
  }

  handle_->sigv4 = "aws:amz:" + settings_.region + ":dynamodb";
  if (!settings_.credentials.session_token.empty()) {
    handle_->token_header = "X-Amz-Security-Token: " + settings_.credentials.session_token;
  }
  SetConstantOptions(handle_->curl, settings_, handle_->error, handle_->sigv4);
}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::PostJson(std::string_view operation, std::string_view body) {
  CURL* curl = handle_->curl;

  // curl signs every header in this list, plus Host and X-Amz-Date: the same set botocore
  // signs. No "Expect:" line to switch off 100-continue: curl 7.88 would sign it as an empty
  // header it never sends, and the signature would no longer be botocore's (see
  // tests/integration/signature_test.cc). kExpect100WaitMs handles 100-continue instead.
  std::string target = "X-Amz-Target: DynamoDB_20120810." + std::string(operation);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/x-amz-json-1.0");
  headers = curl_slist_append(headers, target.c_str());
  if (!handle_->token_header.empty()) {
    headers = curl_slist_append(headers, handle_->token_header.c_str());
  }
  if (headers == nullptr) {
    throw std::bad_alloc();
  }

  Exchange exchange;
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  handle_->error[0] = '\0';

  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_slist_free_all(headers);

  HttpResult result;
  if (code != CURLE_OK) {
    result.transport_error = handle_->error[0] != '\0' ? handle_->error : curl_easy_strerror(code);
    return result;
  }

  // A body that does not match its checksum was damaged on the way; treating it as a failed
  // transfer gets it retried, as the AWS SDKs do.
  if (exchange.crc32 && *exchange.crc32 != Crc32(exchange.body)) {
    result.transport_error = "response body does not match its x-amz-crc32 checksum";
    return result;
  }

  result.transport_ok = true;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  result.body = std::move(exchange.body);
  if (result.body.capacity() < result.body.size() + kBodySlack) {
    result.body.reserve(result.body.size() + kBodySlack);
  }
  return result;
}

}  // namespace ddbm::aws
