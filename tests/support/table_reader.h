// Reading whole tables from a test, as a user checking the result would: consistent Scans
// followed to the last page.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dynamodb/client.h"

namespace ddbm::testing {

/// Every item of `table`, each as the raw JSON text the server sent.
std::vector<std::string> ScanRawItems(dynamodb::Client& client, const std::string& table);

/// Every item of `table`, parsed, by the string value of `attribute` (e.g. "id"). Items
/// without that string attribute, or repeating a value, fail the calling test.
std::map<std::string, nlohmann::json> ScanByString(dynamodb::Client& client,
                                                   const std::string& table,
                                                   const std::string& attribute);

/// The table's key schema as "id" or "user_id+id" (partition key, then sort key), or "" when
/// the table does not exist.
std::string KeySchemaText(dynamodb::Client& client, const std::string& table);

/// Waits (up to a minute) until the table is ACTIVE; fails the calling test if it does not get
/// there.
void WaitUntilActive(dynamodb::Client& client, const std::string& table);

/// Writes one item with PutItem; `item` is DynamoDB JSON.
void PutItem(dynamodb::Client& client, const std::string& table, const nlohmann::json& item);

/// Deletes one item with DeleteItem; `key` is DynamoDB JSON of its key attributes.
void DeleteItem(dynamodb::Client& client, const std::string& table, const nlohmann::json& key);

}  // namespace ddbm::testing
