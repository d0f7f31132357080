#include "engine/import_step.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "backup/backup_location.h"
#include "backup/gzip_lines.h"
#include "common/bounded_queue.h"
#include "common/failure.h"
#include "common/interrupt.h"
#include "common/parallel_for.h"
#include "dynamodb/client.h"
#include "engine/import_progress.h"
#include "engine/live_tables.h"
#include "engine/table_schema.h"
#include "item/item_text.h"

namespace ddbm::engine {

namespace {

// DynamoDB's limit for one BatchWriteItem.
constexpr std::size_t kBatchSize = 25;
constexpr int kMaxReaders = 2;
// Batches in flight between readers and writers, per writer; bounds memory to about
// writers * this * 25 items.
constexpr std::size_t kQueuedBatchesPerWriter = 4;

// Up to 25 consecutive items of one data file, with where they came from so the import's
// progress record can advance once they are written.
struct Batch {
  std::size_t file = 0;
  std::uint64_t first_line = 0;
  std::uint64_t last_line = 0;
  std::vector<std::string> items;
};

// What writers add to.
struct WriteTotals {
  std::atomic<unsigned long long> items{0};
  std::atomic<long> requests{0};
  std::atomic<long> retries{0};
};

void WriteBatch(dynamodb::Client& client, const std::string& table, Batch batch,
                WriteTotals& totals, std::mt19937_64& random) {
  const dynamodb::RetryPolicy policy;
  std::vector<std::string> pending = std::move(batch.items);
  std::size_t written = pending.size();
  auto started = std::chrono::steady_clock::now();
  // Only calls that write nothing count against the budget: a table at its capacity answers
  // most batches partly, and each partial answer is progress, not failure.
  int fruitless = 0;
  for (;;) {
    std::vector<std::string_view> views(pending.begin(), pending.end());
    long before = client.stats().retries;
    dynamodb::BatchWriteResult result = client.BatchWritePut(table, views);
    totals.requests += 1;
    totals.retries += client.stats().retries - before;
    if (result.unprocessed.empty()) {
      break;
    }

    if (result.unprocessed.size() < pending.size()) {
      fruitless = 0;
      started = std::chrono::steady_clock::now();
    }
    ++fruitless;

    // DynamoDB returns UnprocessedItems when the table is at its capacity: back off like a
    // throttled request, with a delay that grows while the table keeps refusing.
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (!policy.ShouldRetry(dynamodb::ErrorKind::kThrottled, fruitless, elapsed)) {
      throw Failure(ExitCode::kFailedTablesChanged,
                    fmt::format("{}: {} items stayed unprocessed after {} attempts; first: {}",
                                table, result.unprocessed.size(), fruitless,
                                result.unprocessed.front().substr(0, 200)),
                    "the table refused writes for too long; run the same command again to "
                    "finish (items already written are kept)");
    }
    totals.retries += 1;
    std::uniform_real_distribution<double> fraction(0.0, 1.0);
    InterruptibleSleep(policy.Delay(fruitless, fraction(random)).count());
    pending = std::move(result.unprocessed);
  }
  totals.items += written;
}

struct ReadTotals {
  std::atomic<unsigned long long> items{0};
  std::atomic<unsigned long long> filled{0};
  std::atomic<unsigned long long> skipped{0};  // written by an earlier, interrupted run
};

// Hands a full batch to the writers; false when they have stopped (the run is failing).
bool Dispatch(Batch& batch, BoundedQueue<Batch>& queue, ImportProgress& progress) {
  progress.Dispatched(batch.file, batch.first_line, batch.last_line);
  bool accepted = queue.Push(std::move(batch));
  batch = Batch();
  return accepted;
}

void ReadFile(const std::string& path, std::size_t file, const std::vector<item::FillRule>& fills,
              BoundedQueue<Batch>& queue, ImportProgress& progress, ReadTotals& totals,
              const std::atomic<bool>& stop) {
  backup::GzipLineReader reader(path);
  std::uint64_t written_through = progress.WrittenThrough(file);
  std::string item_json;
  Batch batch;
  while (!stop.load() && !Interrupted() && reader.NextItem(item_json)) {
    if (reader.line_number() <= written_through) {
      totals.skipped += 1;
      continue;
    }

    int filled = 0;
    if (batch.items.empty()) {
      batch.file = file;
      batch.first_line = reader.line_number();
    }
    batch.last_line = reader.line_number();
    batch.items.push_back(fills.empty() ? item_json : item::ApplyFills(item_json, fills, &filled));
    totals.items += 1;
    totals.filled += filled > 0 ? 1 : 0;
    if (batch.items.size() == kBatchSize && !Dispatch(batch, queue, progress)) {
      return;
    }
  }
  if (!batch.items.empty()) {
    Dispatch(batch, queue, progress);
  }
}

// Identifies the live table for the progress record: a table deleted and created again since
// gets a new creation time, and the progress made into the old one is not trusted.
std::string TableIdentity(const RunContext& context, const std::string& table) {
  dynamodb::Client client(context.connection);
  std::optional<nlohmann::json> description = client.DescribeTable(table);
  if (!description) {
    return "";
  }
  return table + "@" + description->value("CreationDateTime", nlohmann::json()).dump();
}

TableImportStats ImportTable(const RunContext& context, const std::string& backup_directory,
                             const backup::TableBackup& backed_up, const plan::TablePlan& table) {
  auto started = std::chrono::steady_clock::now();
  int writers = std::max(1, context.options.writers);
  BoundedQueue<Batch> queue(static_cast<std::size_t>(writers) * kQueuedBatchesPerWriter);
  ReadTotals read;
  WriteTotals written;
  ImportProgress progress(backup_directory, table.plan_name, TableIdentity(context, table.name),
                          backed_up.files.size());
  std::exception_ptr reader_error;

  std::thread readers([&] {
    try {
      ParallelFor(static_cast<int>(backed_up.files.size()), kMaxReaders,
                  [&](int index, const std::atomic<bool>& stop) {
                    std::string path = backup_directory + "/" + backed_up.files[index].file_name;
                    ReadFile(path, static_cast<std::size_t>(index), table.fills, queue, progress,
                             read, stop);
                  });
    } catch (...) {
      reader_error = std::current_exception();
    }
    queue.Close();
  });

  std::exception_ptr writer_error;
  try {
    ParallelFor(writers, writers, [&](int, const std::atomic<bool>& stop) {
      dynamodb::Client client(context.connection);
      std::mt19937_64 random(std::random_device{}());
      while (std::optional<Batch> batch = queue.Pop()) {
        if (stop.load()) {
          return;
        }
        std::size_t file = batch->file;
        std::uint64_t first_line = batch->first_line;
        WriteBatch(client, table.name, std::move(*batch), written, random);
        progress.Completed(file, first_line);
        progress.MaybeSave();
      }
    });
  } catch (...) {
    writer_error = std::current_exception();
    queue.Close();
  }
  readers.join();
  // Whatever happened, what was written is recorded for the next run.
  progress.Save();

  if (reader_error) {
    std::rethrow_exception(reader_error);
  }
  if (writer_error) {
    std::rethrow_exception(writer_error);
  }

  TableImportStats stats;
  stats.table = table.name;
  stats.resumed = read.skipped.load();
  stats.items = written.items.load() + stats.resumed;
  stats.filled = read.filled.load();
  stats.requests = written.requests.load();
  stats.retries = written.retries.load();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (stats.items != backed_up.item_count) {
    throw Failure(ExitCode::kFailedTablesChanged,
                  fmt::format("{}: wrote {} items but the backup holds {}", table.name, stats.items,
                              backed_up.item_count));
  }
  progress.Discard();
  return stats;
}

void RequireTargetTable(dynamodb::Client& client, const RunContext& context,
                        const plan::TablePlan& table, const backup::TableBackup& backed_up) {
  nlohmann::json live = DescribeExisting(client, context, table.name);
  RequireActive(live);
  plan::KeySchema wanted = TargetKeySchema(table, backed_up.description);
  plan::KeySchema actual = KeySchemaOf(live);
  if (!(actual == wanted)) {
    throw Failure(ExitCode::kFailedNothingChanged,
                  "table " + table.name + " has key schema " + FormatKeySchema(actual) + ", not " +
                      FormatKeySchema(wanted) + " as the plan asks",
                  "run ddbmigrate rebuild first");
  }
}

}  // namespace

std::vector<TableImportStats> RunImport(const RunContext& context,
                                        const std::string& backup_directory,
                                        const backup::Manifest& manifest, ImportScope scope) {
  dynamodb::Client client(context.connection);
  std::vector<std::pair<const plan::TablePlan*, const backup::TableBackup*>> work;
  for (const plan::TablePlan& table : context.plan.tables) {
    const backup::TableBackup* backed_up = manifest.FindTable(table.plan_name);
    if (backed_up == nullptr) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "backup " + backup_directory + " does not hold table " + table.plan_name);
    }
    bool rekeyed = table.new_key && !(KeySchemaOf(backed_up->description) == *table.new_key);
    if (scope == ImportScope::kRekeyedTables && !rekeyed) {
      continue;
    }
    RequireTargetTable(client, context, table, *backed_up);
    work.emplace_back(&table, backed_up);
  }

  std::vector<TableImportStats> stats;
  for (const auto& [table, backed_up] : work) {
    context.reporter->Info("{}: importing {} items", table->name,
                           WithThousands(backed_up->item_count));
    try {
      stats.push_back(ImportTable(context, backup_directory, *backed_up, *table));
    } catch (const Failure&) {
      throw;
    } catch (const std::exception& error) {
      throw Failure(ExitCode::kFailedTablesChanged,
                    table->name + ": import stopped: " + error.what(),
                    "every item is in " + backup_directory +
                        "; run the same command again to finish the import");
    }
    if (stats.back().resumed > 0) {
      context.reporter->Info("{}: resumed: {} items were already written by an earlier run",
                             table->name, WithThousands(stats.back().resumed));
    }
    context.reporter->Info("{}: {} items imported ({:.1f} s)", table->name,
                           WithThousands(stats.back().items), stats.back().seconds);
  }
  return stats;
}

void ReportImport(const RunContext& context, const std::vector<TableImportStats>& stats) {
  Reporter& reporter = *context.reporter;
  reporter.Result("import:");
  for (const TableImportStats& table : stats) {
    double rate = table.seconds > 0 ? static_cast<double>(table.items) / table.seconds : 0;
    reporter.Result(fmt::format(
        "  {:<24} {:>12} items  {:>8} filled  {:>8} requests  {:>6} retries  {:.1f} s "
        "({:.0f} items/s)",
        table.table, WithThousands(table.items), WithThousands(table.filled),
        WithThousands(table.requests), WithThousands(table.retries), table.seconds, rate));
  }
}

}  // namespace ddbm::engine
