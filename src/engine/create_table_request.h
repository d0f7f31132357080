// Building the CreateTable request that brings a table back with its new key schema, from the
// DescribeTable output kept in the backup. Built and checked before anything is deleted, so a
// rebuild never stops between delete and create for a request it could have known was wrong.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/plan.h"

namespace ddbm::engine {

/// CreateTable request for `target` keys, keeping from `description`: global secondary
/// indexes (with projections and, for provisioned tables, their throughput), local secondary
/// indexes whose partition key is still the table's, billing mode and provisioned throughput,
/// on-demand throughput limits, streams, server-side encryption with its KMS key, table class
/// and deletion protection. Throws ddbm::Failure (ExitCode::kChecksFailed) naming the table
/// and the reason when no valid request can be built: a local secondary index that the new
/// partition key invalidates, or an index key attribute whose type clashes with a new key.
nlohmann::json BuildCreateTableRequest(const nlohmann::json& description,
                                       const plan::KeySchema& target);

}  // namespace ddbm::engine
