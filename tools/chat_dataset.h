// Sample chat tables in the old schema, for the demo and the end-to-end tests: ChatRecordTable
// keyed by id, ChatResponseTable keyed by id + resp_no, with records that exercise every
// DynamoDB type and the cases the migration must handle (no user_id, NULL, empty string).
#pragma once

#include <string>
#include <vector>

#include "dynamodb/client.h"

namespace ddbm::dataset {

/// The raw DynamoDB JSON of chat record number `index`: deterministic, so a test can rebuild
/// the expected items. About one in seven has no usable user_id (missing, NULL or "").
std::string ChatRecord(int index);

/// The user_id the migration must give record `index` ("public" when it has none).
std::string ExpectedUserId(int index);

/// The raw DynamoDB JSON of chat response `index` (id = "chat-<index/3>", resp_no = index%3).
std::string ChatResponse(int index);

/// Creates ChatRecordTable (id S) and ChatResponseTable (id S + resp_no N) with these names,
/// on-demand, with a global secondary index on ChatRecordTable (by created_at), and waits until
/// they are ACTIVE.
void CreateOldSchemaTables(dynamodb::Client& client, const std::string& record_table,
                           const std::string& response_table);

/// Writes the items with BatchWriteItem, re-sending unprocessed ones.
void PutItems(dynamodb::Client& client, const std::string& table,
              const std::vector<std::string>& items);

}  // namespace ddbm::dataset
