#include "engine/export_step.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "backup/backup_location.h"
#include "backup/gzip_lines.h"
#include "common/failure.h"
#include "dynamodb/client.h"
#include "engine/live_tables.h"
#include "engine/segment_scan.h"
#include "engine/version.h"
#include "item/item_text.h"
#include "plan/plan.h"

namespace ddbm::engine {

namespace {

// zlib level 1 keeps compression off the critical path of a parallel scan; DynamoDB JSON is
// repetitive enough that it still shrinks several times.
constexpr int kCompressionLevel = 1;
constexpr int kMaxScanWorkers = 16;

std::string IsoTimestamp(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string CreateBackupDirectory(const RunContext& context) {
  const std::string& root = context.options.backup_root;
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "cannot create backup directory " + root + ": " + std::strerror(errno));
  }

  // The name has one-second resolution; a second export within the same second waits for the
  // next one rather than sharing or renaming a directory.
  for (int attempt = 0;; ++attempt) {
    std::string path =
        root + "/" +
        backup::BackupDirectoryName(context.plan.name, std::chrono::system_clock::now());
    if (::mkdir(path.c_str(), 0700) == 0) {
      return path;
    }
    if (errno != EEXIST || attempt == 2) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "cannot create backup directory " + path + ": " + std::strerror(errno));
    }
    auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    auto into_second = since_epoch - std::chrono::floor<std::chrono::seconds>(since_epoch);
    std::this_thread::sleep_for(std::chrono::seconds(1) - into_second +
                                std::chrono::milliseconds(5));
  }
}

// Totals one table's segments add to, under a lock taken once per segment.
struct TableTotals {
  std::mutex mutex;
  std::vector<backup::DataFileSummary> files;
  unsigned long long fill_count = 0;
};

class BackupSegmentSink : public SegmentSink {
 public:
  BackupSegmentSink(const std::string& directory, std::string file_name,
                    const std::vector<item::FillRule>& fills, TableTotals& totals)
      : writer_(directory, std::move(file_name), kCompressionLevel),
        fills_(fills),
        totals_(totals) {}

  void Item(std::string_view item_json) override {
    writer_.WriteItem(item_json);
    if (fills_.empty()) {
      return;
    }

    inspector_.Load(item_json);
    for (const item::FillRule& fill : fills_) {
      if (item::NeedsFill(inspector_.Attribute(fill.attribute))) {
        ++fill_count_;
        break;
      }
    }
  }

  void Done() override {
    backup::DataFileSummary summary = writer_.Finish();
    std::lock_guard lock(totals_.mutex);
    totals_.files.push_back(std::move(summary));
    totals_.fill_count += fill_count_;
  }

 private:
  backup::GzipLineWriter writer_;
  const std::vector<item::FillRule>& fills_;
  TableTotals& totals_;
  item::ItemInspector inspector_;
  unsigned long long fill_count_ = 0;
};

// What DescribeTable leaves out but the rebuild must bring back: TTL, point-in-time recovery
// and tags, each null where the endpoint has no such operation (dynalite lacks some).
void RecordSettings(dynamodb::Client& client, backup::TableBackup& table) {
  table.time_to_live = client.DescribeTimeToLive(table.table_name).value_or(nullptr);
  table.continuous_backups = client.DescribeContinuousBackups(table.table_name).value_or(nullptr);
  std::string arn = table.description.value("TableArn", "");
  if (!arn.empty()) {
    table.tags = client.ListTagsOfResource(arn).value_or(nullptr);
  }
}

backup::TableBackup ExportTable(const RunContext& context, const std::string& directory,
                                const plan::TablePlan& table) {
  dynamodb::Client client(context.connection);
  nlohmann::json description = DescribeExisting(client, context, table.name);
  RequireActive(description);

  int segments = context.options.segments > 0
                     ? context.options.segments
                     : ChooseSegments(description.value("TableSizeBytes", 0ULL));
  TableTotals totals;
  ScanOptions scan;
  scan.table = table.name;
  scan.segments = segments;
  scan.workers = std::min(segments, kMaxScanWorkers);
  ScanSegments(context, scan, [&](int segment) {
    std::string file_name = fmt::format("{}/segment-{:05}.json.gz", table.plan_name, segment);
    return std::make_unique<BackupSegmentSink>(directory, file_name, table.fills, totals);
  });

  backup::TableBackup result;
  result.plan_name = table.plan_name;
  result.table_name = table.name;
  result.description = std::move(description);
  RecordSettings(client, result);
  result.fill_count = totals.fill_count;
  result.files = std::move(totals.files);
  std::sort(result.files.begin(), result.files.end(),
            [](const auto& a, const auto& b) { return a.file_name < b.file_name; });
  for (const backup::DataFileSummary& file : result.files) {
    result.item_count += file.items;
    result.uncompressed_bytes += file.uncompressed_bytes;
  }
  return result;
}

}  // namespace

ExportResult RunExport(const RunContext& context) {
  auto started = std::chrono::steady_clock::now();
  ExportResult result;
  result.directory = CreateBackupDirectory(context);
  context.reporter->Info("exporting to {}", result.directory);

  backup::Manifest& manifest = result.manifest;
  manifest.tool_version = kVersion;
  manifest.plan_name = context.plan.name;
  manifest.plan_toml = context.plan.text;
  manifest.created_at = IsoTimestamp(std::chrono::system_clock::now());
  manifest.endpoint = context.connection.endpoint;
  manifest.region = context.connection.region;
  for (const plan::TablePlan& table : context.plan.tables) {
    auto table_started = std::chrono::steady_clock::now();
    backup::TableBackup exported = ExportTable(context, result.directory, table);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - table_started).count();
    context.reporter->Info("{}: {} items exported in {} files ({:.1f} s)", table.name,
                           WithThousands(exported.item_count), exported.files.size(), seconds);
    manifest.tables.push_back(std::move(exported));
  }

  backup::WriteManifest(result.directory, manifest);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void ReportExport(const RunContext& context, const ExportResult& result) {
  Reporter& reporter = *context.reporter;
  reporter.Result(fmt::format("backup: {}", result.directory));
  unsigned long long total_items = 0;
  unsigned long long total_bytes = 0;
  for (const backup::TableBackup& table : result.manifest.tables) {
    unsigned long long compressed = 0;
    for (const auto& file : table.files) {
      compressed += file.compressed_bytes;
    }
    reporter.Result(fmt::format("  {:<24} {:>12} items  {:>10} ({} compressed)", table.plan_name,
                                WithThousands(table.item_count),
                                HumanBytes(table.uncompressed_bytes), HumanBytes(compressed)));
    const plan::TablePlan* planned = context.plan.FindByPlanName(table.plan_name);
    if (planned != nullptr && !planned->fills.empty()) {
      std::string attributes;
      for (const item::FillRule& fill : planned->fills) {
        attributes +=
            (attributes.empty() ? "" : ", ") + fill.attribute + " = \"" + fill.value + "\"";
      }
      reporter.Result(fmt::format("  {:<24} {:>12} items without a usable key value ({})", "",
                                  WithThousands(table.fill_count), attributes));
    }
    total_items += table.item_count;
    total_bytes += table.uncompressed_bytes;
  }
  reporter.Result(fmt::format("  {:<24} {:>12} items  {:>10}  in {:.1f} s", "total",
                              WithThousands(total_items), HumanBytes(total_bytes), result.seconds));
}

}  // namespace ddbm::engine
