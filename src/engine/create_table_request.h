// Building the CreateTable request that brings a table back with its new key schema, from what
// the backup recorded, and checking it the way DynamoDB would. Both happen before anything is
// deleted, so a rebuild never stops between delete and create for a request it could have
// known was wrong.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "backup/manifest.h"
#include "plan/plan.h"

namespace ddbm::engine {

/// CreateTable request for `table` (its live name, its new_key, its index changes), keeping
/// from the backup: attribute types of every index key, global secondary indexes with their
/// projections and, for provisioned tables, their throughput (on-demand limits for on-demand
/// ones), local secondary indexes, billing mode and provisioned throughput, on-demand throughput
/// limits, the stream, server-side encryption with its KMS key, table class, deletion
/// protection and tags. Only fields CreateTable takes are written; what DescribeTable adds
/// (status, counts, ARNs, dates) never is.
///
/// Throws ddbm::Failure (ExitCode::kChecksFailed) naming the table and the reason when no
/// request can be built: a local secondary index that the new partition key invalidates, an
/// index key attribute whose type clashes with another's, an index to drop that the table does
/// not have, an index to add that it already has, or throughput given to an index of a table
/// billed on demand.
nlohmann::json BuildCreateTableRequest(const backup::TableBackup& backed_up,
                                       const plan::TablePlan& table);

/// Checks a CreateTable request against the rules DynamoDB enforces, so that a request it
/// would refuse is caught before the old table is deleted: every key attribute of the table
/// and its indexes defined once in AttributeDefinitions and none left unused, valid key
/// schemas, at most 20 global and 5 local secondary indexes with distinct names, local indexes
/// only on a table with a sort key and on its partition key, NonKeyAttributes only with an
/// INCLUDE projection (at most 100 across all indexes), throughput of at least 1 everywhere on
/// a provisioned table and none on an on-demand one, a valid stream view, at most 50 tags and
/// none reserved by AWS, and no field CreateTable does not take. Throws ddbm::Failure
/// (ExitCode::kChecksFailed) naming the table and the first problem.
void ValidateCreateTableRequest(const nlohmann::json& request);

/// Whether a tag key is one AWS reserves for itself ("aws:..."): such tags are set by AWS
/// services, and CreateTable and TagResource refuse them.
bool IsReservedTagKey(const std::string& key);

}  // namespace ddbm::engine
