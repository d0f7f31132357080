// Looking up the plan's tables on the endpoint before a step acts on them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dynamodb/client.h"
#include "engine/run_context.h"

namespace ddbm::engine {

/// DescribeTable for `table`; a missing table is a Failure (nothing changed) that names the
/// endpoint and region and suggests close names from ListTables.
nlohmann::json DescribeExisting(dynamodb::Client& client, const RunContext& context,
                                const std::string& table);

/// Fails unless the description says ACTIVE: a table being created, deleted or updated is not
/// one to export from or write into.
void RequireActive(const nlohmann::json& description);

/// Polls until the table no longer exists.
void WaitUntilGone(dynamodb::Client& client, const RunContext& context, const std::string& table);

/// Polls until the table and all its global secondary indexes are ACTIVE; returns the final
/// description.
nlohmann::json WaitUntilActive(dynamodb::Client& client, const RunContext& context,
                               const std::string& table);

/// Prints the endpoint, region and the tables the run will act on, then makes one quick request
/// so that an unreachable endpoint or refused credentials are reported at once, in plain words,
/// rather than after a long retry budget meant for a migration already under way.
void AnnounceTarget(const RunContext& context, const std::string& command);

}  // namespace ddbm::engine
