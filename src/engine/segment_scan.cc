#include "engine/segment_scan.h"

#include <algorithm>
#include <atomic>

#include "common/parallel_for.h"
#include "dynamodb/client.h"

namespace ddbm::engine {

void ScanSegments(const RunContext& context, const ScanOptions& options,
                  const std::function<std::unique_ptr<SegmentSink>(int segment)>& make_sink) {
  ParallelFor(options.segments, options.workers, [&](int segment, const std::atomic<bool>& stop) {
    dynamodb::Client client(context.connection);
    std::unique_ptr<SegmentSink> sink = make_sink(segment);

    dynamodb::ScanRequest request;
    request.table = options.table;
    request.segment = segment;
    request.total_segments = options.segments;
    request.consistent_read = options.consistent_read;
    do {
      if (stop.load()) {
        return;
      }

      dynamodb::ScanPage page = client.Scan(request);
      for (std::string_view item : page.items) {
        sink->Item(item);
      }
      request.exclusive_start_key = page.last_evaluated_key;
    } while (request.exclusive_start_key);

    sink->Done();
  });
}

unsigned long long CountItems(const RunContext& context, const std::string& table, int segments) {
  std::atomic<unsigned long long> total{0};
  ParallelFor(segments, segments, [&](int segment, const std::atomic<bool>& stop) {
    dynamodb::Client client(context.connection);
    dynamodb::ScanRequest request;
    request.table = table;
    request.segment = segment;
    request.total_segments = segments;
    request.count_only = true;
    request.consistent_read = true;
    do {
      if (stop.load()) {
        return;
      }

      dynamodb::ScanPage page = client.Scan(request);
      total += static_cast<unsigned long long>(page.count);
      request.exclusive_start_key = page.last_evaluated_key;
    } while (request.exclusive_start_key);
  });
  return total.load();
}

int ChooseSegments(unsigned long long table_bytes) {
  constexpr unsigned long long kBytesPerSegment = 256ULL << 20;
  constexpr unsigned long long kMinSegments = 4;
  constexpr unsigned long long kMaxSegments = 256;
  unsigned long long wanted = table_bytes / kBytesPerSegment + 1;
  return static_cast<int>(std::clamp(wanted, kMinSegments, kMaxSegments));
}

}  // namespace ddbm::engine
