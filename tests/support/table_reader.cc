#include "table_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ddbm::testing {

std::vector<std::string> ScanRawItems(dynamodb::Client& client, const std::string& table) {
  std::vector<std::string> items;
  dynamodb::ScanRequest request;
  request.table = table;
  request.consistent_read = true;
  do {
    dynamodb::ScanPage page = client.Scan(request);
    items.insert(items.end(), page.items.begin(), page.items.end());
    request.exclusive_start_key = page.last_evaluated_key;
  } while (request.exclusive_start_key);
  return items;
}

std::map<std::string, nlohmann::json> ScanByString(dynamodb::Client& client,
                                                   const std::string& table,
                                                   const std::string& attribute) {
  std::map<std::string, nlohmann::json> items;
  for (const std::string& raw : ScanRawItems(client, table)) {
    nlohmann::json item = nlohmann::json::parse(raw);
    if (!item.contains(attribute) || !item[attribute].contains("S")) {
      ADD_FAILURE() << table << " holds an item without string attribute " << attribute << ": "
                    << raw.substr(0, 200);
      continue;
    }
    std::string value = item[attribute]["S"];
    if (!items.emplace(value, std::move(item)).second) {
      ADD_FAILURE() << table << " holds two items with " << attribute << " = " << value;
    }
  }
  return items;
}

std::string KeySchemaText(dynamodb::Client& client, const std::string& table) {
  std::optional<nlohmann::json> description = client.DescribeTable(table);
  if (!description) {
    return "";
  }
  std::string partition;
  std::string sort;
  for (const nlohmann::json& key : (*description)["KeySchema"]) {
    (key["KeyType"] == "HASH" ? partition : sort) = key["AttributeName"];
  }
  return sort.empty() ? partition : partition + "+" + sort;
}

void WaitUntilActive(dynamodb::Client& client, const std::string& table) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    std::optional<nlohmann::json> description = client.DescribeTable(table);
    if (description && description->value("TableStatus", "") == "ACTIVE") {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "table " << table << " did not become ACTIVE within a minute";
}

void PutItem(dynamodb::Client& client, const std::string& table, const nlohmann::json& item) {
  client.Call("PutItem", nlohmann::json({{"TableName", table}, {"Item", item}}).dump());
}

void DeleteItem(dynamodb::Client& client, const std::string& table, const nlohmann::json& key) {
  client.Call("DeleteItem", nlohmann::json({{"TableName", table}, {"Key", key}}).dump());
}

}  // namespace ddbm::testing
