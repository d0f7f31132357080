// export: scans the plan's tables into a new backup directory.
//
// Design: tables are exported one after another; within a table, the Scan is split into
// segments (Segment/TotalSegments) and a pool of worker threads takes segments from a shared
// counter. Each worker owns its own Client (one connection) and writes each segment to its
// own data file, so workers share nothing but the counter and the totals. The manifest is
// written last, after every data file is complete and renamed into place.
#pragma once

#include <string>

#include "backup/manifest.h"
#include "engine/run_context.h"

namespace ddbm::engine {

struct ExportResult {
  std::string directory;  // the new backup directory
  backup::Manifest manifest;
  double seconds = 0;
};

/// Exports every table of the plan. Throws ddbm::Failure (nothing changed) when a table is
/// missing or not ACTIVE, or a request fails for good; a failed export leaves a directory
/// without manifest.json, which no later step will use.
ExportResult RunExport(const RunContext& context);

/// Prints the per-table statistics of a backup to stdout.
void ReportExport(const RunContext& context, const ExportResult& result);

}  // namespace ddbm::engine
