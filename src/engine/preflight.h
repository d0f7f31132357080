// The pre-flight pass: before any table is deleted, every backed-up item of every re-keyed
// table is checked against the table it will be written to. If any item would be refused, or
// two items would land on the same new key (one silently overwriting the other), nothing is
// deleted and the report names each item by file and line.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup/manifest.h"
#include "engine/run_context.h"

namespace ddbm::engine {

struct ItemProblem {
  std::string table;
  std::string file;  // data file, relative to the backup directory
  unsigned long long line = 0;
  std::string key;  // the item's old key, e.g. id="rec-000017"
  std::string reason;
};

struct PreflightReport {
  unsigned long long items_checked = 0;
  std::vector<ItemProblem> problems;  // the first kMaxListedProblems
  unsigned long long problem_count = 0;
};

/// DynamoDB's limits the pass checks (https://docs.aws.amazon.com/amazondynamodb/latest/
/// developerguide/ServiceQuotas.html): 400 KB items, 2,048-byte partition and 1,024-byte sort
/// key values, no empty string or binary in any key attribute.
inline constexpr unsigned long long kMaxItemBytes = 400 * 1024;
inline constexpr unsigned long long kMaxPartitionKeyBytes = 2048;
inline constexpr unsigned long long kMaxSortKeyBytes = 1024;
inline constexpr std::size_t kMaxListedProblems = 1000;

/// Checks the re-keyed tables of the plan. `create_requests` maps each re-keyed table's plan
/// name to the CreateTable request the rebuild will send, whose index keys are checked too.
PreflightReport RunPreflight(
    const RunContext& context, const std::string& backup_directory,
    const backup::Manifest& manifest,
    const std::vector<std::pair<std::string, nlohmann::json>>& create_requests);

/// Prints the report; when it found problems, also writes every listed one to
/// preflight-report.txt in the backup and throws ddbm::Failure (ExitCode::kChecksFailed).
void RequirePreflightPassed(const RunContext& context, const std::string& backup_directory,
                            const PreflightReport& report);

}  // namespace ddbm::engine
