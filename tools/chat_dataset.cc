#include "tools/chat_dataset.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ddbm::dataset {

namespace {

constexpr const char* kUsers[] = {"alice", "bob", "carol", "dmitri", "émilie", "李雷", "zoë"};

std::string UserIdAttribute(int index) {
  switch (index % 7) {
    case 0:
      return "";  // no user_id at all
    case 1:
      return R"("user_id":{"NULL":true},)";
    case 2:
      return R"("user_id":{"S":""},)";
    default:
      return fmt::format(R"("user_id":{{"S":"{}"}},)", kUsers[(index / 7) % 7]);
  }
}

void WaitActive(dynamodb::Client& client, const std::string& table) {
  for (int attempt = 0; attempt < 600; ++attempt) {
    auto description = client.DescribeTable(table);
    if (description && description->value("TableStatus", "") == "ACTIVE") {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("table " + table + " did not become ACTIVE");
}

}  // namespace

std::string ChatRecord(int index) {
  // 38 significant digits, nested binary in a map in a list, sets, unicode and escapes.
  return fmt::format(
      R"({{{}"id":{{"S":"rec-{:06}"}},"created_at":{{"N":"{}"}},)"
      R"("content":{{"S":"message {} \u00e9\u0301 \ud83d\ude00 \"quoted\" tab\there"}},)"
      R"("score":{{"N":"1234567890123456789012345678901234567.{}"}},)"
      R"("tiny":{{"N":"-0.000000000000000000000000000000000001"}},)"
      R"("raw":{{"B":"AAEC/w=="}},"flags":{{"BOOL":{}}},"gone":{{"NULL":true}},)"
      R"("tags":{{"SS":["chat","t{}"]}},"ids":{{"NS":["1","2.5","-3"]}},)"
      R"("blobs":{{"BS":["AQ==","Ag=="]}},)"
      R"("meta":{{"M":{{"parts":{{"L":[{{"M":{{"bin":{{"B":"3q2+7w=="}},"n":{{"N":"{}"}}}}}},)"
      R"({{"S":""}},{{"L":[]}},{{"M":{{}}}}]}},"lang":{{"S":"zh-CN 中文"}}}}}}}})",
      UserIdAttribute(index), index, 1700000000 + index, index, index % 10,
      index % 2 == 0 ? "true" : "false", index % 5, index);
}

std::string ExpectedUserId(int index) {
  if (index % 7 < 3) {
    return "public";
  }
  return kUsers[(index / 7) % 7];
}

std::string ChatResponse(int index) {
  return fmt::format(R"({{"id":{{"S":"chat-{:06}"}},"resp_no":{{"N":"{}"}},)"
                     R"("text":{{"S":"response {} — ok"}},"tokens":{{"N":"{}"}}}})",
                     index / 3, index % 3, index, 100 + index);
}

void CreateOldSchemaTables(dynamodb::Client& client, const std::string& record_table,
                           const std::string& response_table) {
  nlohmann::json records = {
      {"TableName", record_table},
      {"BillingMode", "PAY_PER_REQUEST"},
      {"AttributeDefinitions",
       {{{"AttributeName", "id"}, {"AttributeType", "S"}},
        {{"AttributeName", "created_at"}, {"AttributeType", "N"}}}},
      {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
      {"GlobalSecondaryIndexes",
       {{{"IndexName", "by_created_at"},
         {"KeySchema", {{{"AttributeName", "created_at"}, {"KeyType", "HASH"}}}},
         {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}}};
  client.CreateTable(records);

  nlohmann::json responses = {{"TableName", response_table},
                              {"BillingMode", "PAY_PER_REQUEST"},
                              {"AttributeDefinitions",
                               {{{"AttributeName", "id"}, {"AttributeType", "S"}},
                                {{"AttributeName", "resp_no"}, {"AttributeType", "N"}}}},
                              {"KeySchema",
                               {{{"AttributeName", "id"}, {"KeyType", "HASH"}},
                                {{"AttributeName", "resp_no"}, {"KeyType", "RANGE"}}}}};
  client.CreateTable(responses);

  WaitActive(client, record_table);
  WaitActive(client, response_table);
}

void PutItems(dynamodb::Client& client, const std::string& table,
              const std::vector<std::string>& items) {
  for (std::size_t start = 0; start < items.size(); start += 25) {
    std::vector<std::string> pending(
        items.begin() + static_cast<long>(start),
        items.begin() + static_cast<long>(std::min(start + 25, items.size())));
    while (!pending.empty()) {
      std::vector<std::string_view> views(pending.begin(), pending.end());
      pending = client.BatchWritePut(table, views).unprocessed;
    }
  }
}

}  // namespace ddbm::dataset
