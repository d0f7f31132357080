#include "engine/verification.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backup/gzip_lines.h"
#include "common/failure.h"
#include "common/parallel_for.h"
#include "dynamodb/client.h"
#include "engine/key_digest.h"
#include "engine/segment_scan.h"
#include "engine/table_schema.h"
#include "item/item_text.h"

namespace ddbm::engine {

namespace {

constexpr std::size_t kNamedPerKind = 20;

using Hash = Digest128;

Hash KeyHash(const item::ItemInspector& inspector, const plan::KeySchema& schema) {
  std::vector<item::AttributeInfo> values = {inspector.Attribute(schema.partition.name)};
  if (schema.sort) {
    values.push_back(inspector.Attribute(schema.sort->name));
  }
  return KeyDigest(values);
}

struct Entry {
  Hash key;
  Hash content;
  std::uint32_t file = 0;  // backup side only
  std::uint64_t line = 0;  // backup side only
  bool operator<(const Entry& other) const {
    return std::tie(key, content) < std::tie(other.key, other.content);
  }
};

// Reduces items to entries; one per thread.
class Reducer {
 public:
  explicit Reducer(plan::KeySchema schema) : schema_(std::move(schema)) {}

  Entry Reduce(std::string_view raw) {
    inspector_.Load(raw);
    return {KeyHash(inspector_, schema_), DigestOf(inspector_.CanonicalDigest())};
  }

  item::ItemInspector& inspector() { return inspector_; }

 private:
  plan::KeySchema schema_;
  item::ItemInspector inspector_;
};

// The JSON of an item's key attributes, e.g. {"id":{"S":"a"},"user_id":{"S":"public"}}.
nlohmann::json KeyOf(const nlohmann::json& item, const plan::KeySchema& schema) {
  nlohmann::json key = nlohmann::json::object();
  key[schema.partition.name] = item.value(schema.partition.name, nlohmann::json());
  if (schema.sort) {
    key[schema.sort->name] = item.value(schema.sort->name, nlohmann::json());
  }
  return key;
}

std::string AttributeDigest(const std::string& name, const nlohmann::json& value) {
  item::ItemInspector inspector;
  inspector.Load(nlohmann::json({{name, value}}).dump());
  return inspector.CanonicalDigest();
}

class TableVerifier {
 public:
  TableVerifier(const RunContext& context, const std::string& directory,
                const backup::TableBackup& backed_up, const plan::TablePlan& table)
      : context_(context),
        directory_(directory),
        backed_up_(backed_up),
        table_(table),
        schema_(TargetKeySchema(table, backed_up.description)) {}

  TableVerification Run() {
    result_.table = table_.name;
    RequireTargetSchema();
    ReduceBackup();
    ReduceLive();
    Compare();
    return result_;
  }

 private:
  // Comparing items by a key the table does not have would report every item as missing; the
  // operator needs the real reason.
  void RequireTargetSchema() {
    dynamodb::Client client(context_.connection);
    std::optional<nlohmann::json> live = client.DescribeTable(table_.name);
    if (!live) {
      throw Failure(ExitCode::kVerifyMismatch, "table " + table_.name + " does not exist",
                    "load the backup with ddbmigrate rebuild and ddbmigrate import");
    }
    plan::KeySchema actual = KeySchemaOf(*live);
    if (!(actual == schema_)) {
      throw Failure(ExitCode::kVerifyMismatch,
                    "table " + table_.name + " has key schema " + FormatKeySchema(actual) +
                        ", but the plan expects " + FormatKeySchema(schema_),
                    "it has not been migrated yet, or was rolled back; see ddbmigrate migrate");
    }
  }

  void ReduceBackup() {
    std::mutex mutex;
    ParallelFor(
        static_cast<int>(backed_up_.files.size()), 2, [&](int index, const std::atomic<bool>&) {
          backup::GzipLineReader reader(directory_ + "/" + backed_up_.files[index].file_name);
          Reducer reducer(schema_);
          std::vector<Entry> entries;
          std::string raw;
          while (reader.NextItem(raw)) {
            Entry entry = reducer.Reduce(item::ApplyFills(raw, table_.fills));
            entry.file = static_cast<std::uint32_t>(index);
            entry.line = reader.line_number();
            entries.push_back(entry);
          }
          std::lock_guard lock(mutex);
          backup_.insert(backup_.end(), entries.begin(), entries.end());
        });
    std::sort(backup_.begin(), backup_.end());
    result_.backup_items = backup_.size();
  }

  class LiveSink : public SegmentSink {
   public:
    LiveSink(TableVerifier& owner) : owner_(owner), reducer_(owner.schema_) {}
    void Item(std::string_view raw) override { entries_.push_back(reducer_.Reduce(raw)); }
    void Done() override {
      std::lock_guard lock(owner_.mutex_);
      owner_.live_.insert(owner_.live_.end(), entries_.begin(), entries_.end());
    }

   private:
    TableVerifier& owner_;
    Reducer reducer_;
    std::vector<Entry> entries_;
  };

  void ReduceLive() {
    ScanOptions scan;
    scan.table = table_.name;
    scan.segments = context_.options.segments > 0 ? context_.options.segments : 4;
    scan.workers = scan.segments;
    scan.consistent_read = true;
    ScanSegments(context_, scan, [&](int) { return std::make_unique<LiveSink>(*this); });
    std::sort(live_.begin(), live_.end());
    result_.live_items = live_.size();
  }

  void Compare() {
    std::vector<const Entry*> missing;
    std::vector<const Entry*> differing;
    std::set<Hash> extra;
    std::size_t b = 0;
    std::size_t l = 0;
    while (b < backup_.size() || l < live_.size()) {
      if (l == live_.size() || (b < backup_.size() && backup_[b].key < live_[l].key)) {
        missing.push_back(&backup_[b++]);
      } else if (b == backup_.size() || live_[l].key < backup_[b].key) {
        extra.insert(live_[l++].key);
      } else {
        if (backup_[b].content != live_[l].content) {
          differing.push_back(&backup_[b]);
        }
        ++b;
        ++l;
      }
    }
    result_.missing = missing.size();
    result_.differing = differing.size();
    result_.extra = extra.size();

    for (std::size_t i = 0; i < missing.size() && i < kNamedPerKind; ++i) {
      nlohmann::json item = BackupItem(*missing[i]);
      result_.examples.push_back(fmt::format(
          "{}: missing {} (backup {} line {})", table_.name, KeyOf(item, schema_).dump(),
          backed_up_.files[missing[i]->file].file_name, missing[i]->line));
    }
    if (!differing.empty()) {
      dynamodb::Client client(context_.connection);
      for (std::size_t i = 0; i < differing.size() && i < kNamedPerKind; ++i) {
        NameDifference(client, *differing[i]);
      }
    }
    if (!extra.empty()) {
      NameExtra(extra);
    }
  }

  nlohmann::json BackupItem(const Entry& entry) {
    backup::GzipLineReader reader(directory_ + "/" + backed_up_.files[entry.file].file_name);
    std::string raw;
    while (reader.NextItem(raw)) {
      if (reader.line_number() == entry.line) {
        return nlohmann::json::parse(item::ApplyFills(raw, table_.fills));
      }
    }
    return nlohmann::json::object();
  }

  void NameDifference(dynamodb::Client& client, const Entry& entry) {
    nlohmann::json expected = BackupItem(entry);
    nlohmann::json key = KeyOf(expected, schema_);
    std::optional<std::string> live_raw = client.GetItem(table_.name, key.dump());
    nlohmann::json live = live_raw ? nlohmann::json::parse(*live_raw) : nlohmann::json::object();
    std::set<std::string> names;
    for (const auto& [name, value] : expected.items()) {
      names.insert(name);
    }
    for (const auto& [name, value] : live.items()) {
      names.insert(name);
    }

    std::string attributes;
    for (const std::string& name : names) {
      bool in_expected = expected.contains(name);
      bool in_live = live.contains(name);
      if (in_expected && in_live &&
          AttributeDigest(name, expected[name]) == AttributeDigest(name, live[name])) {
        continue;
      }
      std::string what = !in_live ? " (missing)" : !in_expected ? " (extra)" : "";
      attributes += (attributes.empty() ? "" : ", ") + name + what;
    }
    result_.examples.push_back(fmt::format("{}: differs {} in attributes {} (backup {} line {})",
                                           table_.name, key.dump(), attributes,
                                           backed_up_.files[entry.file].file_name, entry.line));
  }

  void NameExtra(const std::set<Hash>& extra) {
    std::mutex mutex;
    std::vector<std::string> keys;
    class ExtraSink : public SegmentSink {
     public:
      ExtraSink(TableVerifier& owner, const std::set<Hash>& extra, std::mutex& mutex,
                std::vector<std::string>& keys)
          : owner_(owner), extra_(extra), mutex_(mutex), keys_(keys), reducer_(owner.schema_) {}
      void Item(std::string_view raw) override {
        if (extra_.count(reducer_.Reduce(raw).key) == 0) {
          return;
        }
        std::lock_guard lock(mutex_);
        if (keys_.size() < kNamedPerKind) {
          keys_.push_back(KeyOf(nlohmann::json::parse(raw), owner_.schema_).dump());
        }
      }
      void Done() override {}

     private:
      TableVerifier& owner_;
      const std::set<Hash>& extra_;
      std::mutex& mutex_;
      std::vector<std::string>& keys_;
      Reducer reducer_;
    };

    ScanOptions scan;
    scan.table = table_.name;
    scan.segments = 4;
    scan.workers = 4;
    ScanSegments(context_, scan,
                 [&](int) { return std::make_unique<ExtraSink>(*this, extra, mutex, keys); });
    for (const std::string& key : keys) {
      result_.examples.push_back(
          fmt::format("{}: extra {} (in the table, not in the backup)", table_.name, key));
    }
  }

  const RunContext& context_;
  const std::string& directory_;
  const backup::TableBackup& backed_up_;
  const plan::TablePlan& table_;
  plan::KeySchema schema_;
  TableVerification result_;
  std::mutex mutex_;
  std::vector<Entry> backup_;
  std::vector<Entry> live_;
};

std::string ReportName() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof text, "verify-report-%Y%m%d_%H%M%S.txt", &utc);
  return text;
}

}  // namespace

std::vector<TableVerification> VerifyTables(const RunContext& context,
                                            const std::string& backup_directory,
                                            const backup::Manifest& manifest) {
  std::vector<TableVerification> results;
  for (const plan::TablePlan& table : context.plan.tables) {
    const backup::TableBackup* backed_up = manifest.FindTable(table.plan_name);
    if (backed_up == nullptr) {
      throw Failure(ExitCode::kFailedNothingChanged,
                    "backup " + backup_directory + " does not hold table " + table.plan_name);
    }
    context.reporter->Info("{}: verifying against the backup", table.name);
    results.push_back(TableVerifier(context, backup_directory, *backed_up, table).Run());
  }
  return results;
}

bool ReportVerification(const RunContext& context, const std::string& backup_directory,
                        const std::vector<TableVerification>& results) {
  Reporter& reporter = *context.reporter;
  std::string report_path = backup_directory + "/" + ReportName();
  // Created readable by its owner only, before the stream opens it: it names users' items.
  int fd = ::open(report_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::fchmod(fd, 0600);
    ::close(fd);
  }
  std::ofstream report(report_path);
  bool all_match = true;
  reporter.Result("verify (every item, by key and content):");
  for (const TableVerification& table : results) {
    all_match = all_match && table.Matches();
    std::string line =
        fmt::format("  {:<24} {:>12} items in table, {:>12} in backup  {}", table.table,
                    WithThousands(table.live_items), WithThousands(table.backup_items),
                    table.Matches() ? "identical"
                                    : fmt::format("{} missing, {} extra, {} differing",
                                                  table.missing, table.extra, table.differing));
    reporter.Result(line);
    report << line << "\n";
    for (const std::string& example : table.examples) {
      reporter.Info("  " + example);
      report << "    " << example << "\n";
    }
  }
  reporter.Info("verification report written to {}", report_path);
  return all_match;
}

}  // namespace ddbm::engine
