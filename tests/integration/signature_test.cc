// Holds libcurl's Signature V4 (what HttpClient sends) against botocore's for the same request:
// a loopback listener captures one request exactly as it left HttpClient, and
// tests/support/botocore_sign.py signs the same method, URL, headers, body and time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "aws/http_client.h"
#include "run_tool.h"

namespace ddbm::testing {
namespace {

struct CapturedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(data[i]) << 16) | (static_cast<uint8_t>(data[i + 1]) << 8) |
                 static_cast<uint8_t>(data[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63],
            kAlphabet[n & 63]};
  }
  if (i + 1 == data.size()) {
    uint32_t n = static_cast<uint8_t>(data[i]) << 16;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    uint32_t n = (static_cast<uint8_t>(data[i]) << 16) | (static_cast<uint8_t>(data[i + 1]) << 8);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

// Accepts one connection on a loopback port, reads one HTTP request from it, and answers
// 200 with an empty JSON object.
class OneRequestServer {
 public:
  OneRequestServer() {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listener_, 1) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneRequestServer() {
    if (thread_.joinable()) {
      thread_.join();
    }
    close(listener_);
  }
  OneRequestServer(const OneRequestServer&) = delete;
  OneRequestServer& operator=(const OneRequestServer&) = delete;

  int port() const { return port_; }

  /// Waits for the request to have been read and answered.
  const CapturedRequest& Captured() {
    if (thread_.joinable()) {
      thread_.join();
    }
    return captured_;
  }

 private:
  void Serve() {
    int connection = accept(listener_, nullptr, nullptr);
    if (connection < 0) {
      return;
    }
    std::string data;
    char buffer[4096];
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    while (true) {
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          ParseHead(data.substr(0, header_end));
          auto length = captured_.headers.find("content-length");
          content_length = length == captured_.headers.end() ? 0 : std::stoul(length->second);
        }
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) {
        break;
      }
      ssize_t got = read(connection, buffer, sizeof buffer);
      if (got <= 0) {
        break;
      }
      data.append(buffer, static_cast<size_t>(got));
    }
    if (header_end != std::string::npos) {
      captured_.body = data.substr(header_end + 4, content_length);
    }

    std::string answer =
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\n{}";
    ssize_t ignored = write(connection, answer.data(), answer.size());
    (void)ignored;
    close(connection);
  }

  void ParseHead(const std::string& head) {
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t first_space = request_line.find(' ');
    size_t second_space = request_line.find(' ', first_space + 1);
    captured_.method = request_line.substr(0, first_space);
    captured_.path = request_line.substr(first_space + 1, second_space - first_space - 1);

    while (line_end != std::string::npos) {
      size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      std::string line =
          head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      size_t colon = line.find(':');
      if (colon == std::string::npos) {
        continue;
      }
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      captured_.headers[Lower(line.substr(0, colon))] = value;
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  CapturedRequest captured_;
};

struct SignatureCase {
  const char* name;
  const char* session_token;
  const char* body;
  size_t padding = 0;  // bytes of filler added to the body, to pass curl's Expect threshold
};

std::string BodyOf(const SignatureCase& param) {
  if (param.padding == 0) {
    return param.body;
  }
  return std::string(R"({"TableName":"t","Pad":")") + std::string(param.padding, 'p') + "\"}";
}

class SignatureTest : public ::testing::TestWithParam<SignatureCase> {};

TEST_P(SignatureTest, CurlSignsDynamoDbRequestsAsBotocoreDoes) {
  const SignatureCase& param = GetParam();
  OneRequestServer server;

  aws::ConnectionSettings settings;
  settings.endpoint = "http://127.0.0.1:" + std::to_string(server.port());
  settings.region = "eu-west-1";
  settings.credentials.access_key_id = "AKIDEXAMPLESIGNTEST";
  settings.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  settings.credentials.session_token = param.session_token;
  aws::HttpClient client(settings);
  std::string body = BodyOf(param);
  aws::HttpResult result = client.PostJson("Scan", body);
  ASSERT_TRUE(result.transport_ok) << result.transport_error;
  EXPECT_EQ(result.status, 200);

  const CapturedRequest& request = server.Captured();
  ASSERT_EQ(request.method, "POST");
  ASSERT_EQ(request.body, body);
  ASSERT_EQ(request.headers.count("authorization"), 1u);
  ASSERT_EQ(request.headers.count("x-amz-date"), 1u);
  EXPECT_EQ(request.headers.at("x-amz-target"), "DynamoDB_20120810.Scan");
  EXPECT_EQ(request.headers.at("content-type"), "application/x-amz-json-1.0");
  // curl adds Expect: 100-continue on its own above 1 MiB; it must never be signed, as
  // botocore never signs it.
  EXPECT_EQ(request.headers.count("expect"), body.size() > (1u << 20) ? 1u : 0u);
  EXPECT_EQ(request.headers.at("authorization").find("expect"), std::string::npos);
  EXPECT_EQ(request.headers.count("x-amz-security-token"), *param.session_token != '\0' ? 1u : 0u);

  // The same request as botocore sees it: the headers it would sign.
  nlohmann::json headers = nlohmann::json::object();
  for (const char* name :
       {"host", "x-amz-date", "content-type", "x-amz-target", "x-amz-security-token"}) {
    auto found = request.headers.find(name);
    if (found != request.headers.end()) {
      headers[name] = found->second;
    }
  }
  nlohmann::json spec = {{"method", request.method},
                         {"url", settings.endpoint + request.path},
                         {"headers", headers},
                         {"body_base64", Base64(request.body)},
                         {"access_key", settings.credentials.access_key_id},
                         {"secret_key", settings.credentials.secret_access_key},
                         {"session_token", settings.credentials.session_token},
                         {"region", settings.region},
                         {"service", "dynamodb"},
                         {"amz_date", request.headers.at("x-amz-date")}};

  ToolRun run;
  run.args = {std::string(DDBM_SOURCE_DIR) + "/tests/support/botocore_sign.py"};
  run.stdin_text = spec.dump();
  ToolResult signed_by_botocore = RunProgram("python3", run);
  ASSERT_EQ(signed_by_botocore.exit_code, 0) << signed_by_botocore.err;
  nlohmann::json answer = nlohmann::json::parse(signed_by_botocore.out);

  EXPECT_EQ(request.headers.at("authorization"), answer["authorization"].get<std::string>())
      << "botocore's canonical request:\n"
      << answer["canonical_request"].get<std::string>();
}

INSTANTIATE_TEST_SUITE_P(
    Requests, SignatureTest,
    ::testing::Values(
        SignatureCase{"LongTermKeys", "", R"({"TableName":"ChatRecordTable","Limit":10})"},
        SignatureCase{"SessionToken", "FwoGZXIvYXdzEJr//////////wEaDOTESTTOKEN+/=",
                      R"({"TableName":"ChatRecordTable","ReturnConsumedCapacity":"TOTAL"})"},
        SignatureCase{"Utf8Body", "token-2",
                      "{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"id\":{\"S\":\"caf\xC3\xA9 "
                      "\xE6\x97\xA5\"}}}"},
        SignatureCase{"BodyOverOneMebibyte", "token-3", "", (1u << 20) + 100}),
    [](const ::testing::TestParamInfo<SignatureCase>& case_info) { return case_info.param.name; });

}  // namespace
}  // namespace ddbm::testing
