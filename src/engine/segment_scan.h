// Scanning one table with parallel segments, handing every item's raw JSON to a sink.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "engine/run_context.h"

namespace ddbm::engine {

/// Per-segment consumer of items. Called from the segment's worker thread only, so a sink
/// needs no locking of its own state.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  virtual void Item(std::string_view item_json) = 0;
  /// The segment's last page arrived.
  virtual void Done() = 0;
};

struct ScanOptions {
  std::string table;
  int segments = 1;
  int workers = 1;
  bool consistent_read = false;
};

/// Runs the scan. `make_sink(segment)` is called once per segment on the worker thread that
/// scans it. Every page is read until LastEvaluatedKey is absent (an empty page with a
/// LastEvaluatedKey is not the end). The first failure stops all workers and is rethrown.
void ScanSegments(const RunContext& context, const ScanOptions& options,
                  const std::function<std::unique_ptr<SegmentSink>(int segment)>& make_sink);

/// Counts a table's items with a full Scan (Select=COUNT), in parallel segments.
unsigned long long CountItems(const RunContext& context, const std::string& table, int segments);

/// Segments for a table of this many bytes: enough that each holds at most a few hundred MB,
/// at least 4 so small tables still use both cores.
int ChooseSegments(unsigned long long table_bytes);

}  // namespace ddbm::engine
