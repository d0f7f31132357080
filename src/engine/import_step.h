// import: loads a backup's items into the live tables, bringing each to the new key schema.
//
// Design: per table, reader threads (one per data file, a few at a time) decompress lines,
// apply the plan's fills and group items into batches of 25, DynamoDB's BatchWriteItem limit.
// Batches go through a bounded queue to a pool of writer threads, each with its own
// connection. The queue's capacity bounds memory; readers wait when writers fall behind.
// A writer re-sends UnprocessedItems itself, with growing backoff, until none are left, and a
// batch that cannot be written within the retry budget fails the run, naming an item: no item
// is ever dropped. Puts are idempotent, so re-running an interrupted import is safe.
#pragma once

#include <string>
#include <vector>

#include "backup/manifest.h"
#include "engine/run_context.h"

namespace ddbm::engine {

struct TableImportStats {
  std::string table;
  unsigned long long items = 0;
  unsigned long long filled = 0;
  unsigned long long resumed = 0;  // already written by an earlier, interrupted run
  long requests = 0;
  long retries = 0;  // throttled requests and re-sent unprocessed batches
  double seconds = 0;
};

enum class ImportScope {
  kAllTables,
  // Only the tables whose key schema the plan changes: migrate must not put a backed-up-only
  // table's old items back over writes made since the export.
  kRekeyedTables,
};

/// Imports the tables of the plan from the backup. Checks first that each table exists, is
/// ACTIVE and has the key schema the plan asks for.
std::vector<TableImportStats> RunImport(const RunContext& context,
                                        const std::string& backup_directory,
                                        const backup::Manifest& manifest, ImportScope scope);

void ReportImport(const RunContext& context, const std::vector<TableImportStats>& stats);

}  // namespace ddbm::engine
