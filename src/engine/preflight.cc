#include "engine/preflight.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "backup/gzip_lines.h"
#include "common/failure.h"
#include "common/parallel_for.h"
#include "engine/key_digest.h"
#include "engine/table_schema.h"
#include "item/item_text.h"

namespace ddbm::engine {

namespace {

// One key attribute the table or an index will need, and whether an item may lack it (an
// index key may be absent: the item is then just not in that sparse index).
struct KeyRule {
  std::string attribute;
  std::string type;
  unsigned long long max_bytes = 0;
  bool required = true;
  std::string role;  // "partition key", "sort key of index by_user", ...
};

std::vector<KeyRule> KeyRules(const nlohmann::json& request) {
  std::map<std::string, std::string> types;
  for (const auto& definition : request["AttributeDefinitions"]) {
    types[definition["AttributeName"]] = definition["AttributeType"];
  }

  std::vector<KeyRule> rules;
  auto add = [&](const nlohmann::json& keys, bool required, const std::string& owner) {
    for (const auto& key : keys) {
      bool partition = key["KeyType"] == "HASH";
      KeyRule rule;
      rule.attribute = key["AttributeName"];
      rule.type = types[rule.attribute];
      rule.max_bytes = partition ? kMaxPartitionKeyBytes : kMaxSortKeyBytes;
      rule.required = required;
      rule.role = std::string(partition ? "partition key" : "sort key") + owner;
      rules.push_back(rule);
    }
  };
  add(request["KeySchema"], true, "");
  for (const char* indexes : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& index : request.value(indexes, nlohmann::json::array())) {
      add(index["KeySchema"], false, " of index " + index["IndexName"].get<std::string>());
    }
  }
  return rules;
}

// `name="value"` for messages, a long value cut to its first 77 bytes and "...". The cut goes
// back to the start of a UTF-8 character: half a character is not text, and JSON-quoting it
// would throw.
std::string AttributeText(const item::ItemInspector& inspector, const std::string& name) {
  std::string value = inspector.Attribute(name).value;
  if (value.size() > 80) {
    std::size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    value = value.substr(0, cut) + "...";
  }
  return name + "=" +
         nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The part of an item that identifies it: its old key, for messages.
std::string OldKeyText(const item::ItemInspector& inspector, const plan::KeySchema& old_key) {
  std::string text = AttributeText(inspector, old_key.partition.name);
  if (old_key.sort) {
    text += ", " + AttributeText(inspector, old_key.sort->name);
  }
  return text;
}

// Writes the text to `path`, readable by its owner only: the report names users' items.
void WriteOwnerOnlyFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return;  // the report on stderr stands on its own; the file is a copy
  }
  ::fchmod(fd, 0600);  // a report left by an earlier run may have other permissions
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      break;
    }
    done += static_cast<std::size_t>(written);
  }
  ::close(fd);
}

std::string CheckKey(const item::AttributeInfo& info, const KeyRule& rule) {
  if (!info.present) {
    return rule.required ? rule.attribute + " is missing; it is the new " + rule.role : "";
  }
  if (info.type != rule.type) {
    return rule.attribute + " is of type " + info.type + ", but the " + rule.role + " must be " +
           rule.type;
  }
  if (rule.type != "N" && info.value_bytes == 0) {
    return rule.attribute + " is empty, which DynamoDB refuses in the " + rule.role;
  }
  if (info.value_bytes > rule.max_bytes) {
    return fmt::format("{} is {} bytes, over the {}-byte limit of the {}", rule.attribute,
                       info.value_bytes, rule.max_bytes, rule.role);
  }
  return "";
}

// Whether every item's new key is unique because it includes the whole old key, which the
// table already kept unique.
bool NewKeyContainsOldKey(const plan::KeySchema& old_key, const plan::KeySchema& new_key) {
  auto in_new = [&](const plan::KeyAttribute& attribute) {
    return new_key.partition == attribute || (new_key.sort && *new_key.sort == attribute);
  };
  return in_new(old_key.partition) && (!old_key.sort || in_new(*old_key.sort));
}

using KeyHash = Digest128;

struct SeenKey {
  KeyHash hash;
  std::uint32_t file;
  std::uint64_t line;
  bool operator<(const SeenKey& other) const {
    return std::tie(hash, file, line) < std::tie(other.hash, other.file, other.line);
  }
};

class TableCheck {
 public:
  TableCheck(const std::string& directory, const backup::TableBackup& backed_up,
             const plan::TablePlan& table, const nlohmann::json& request, PreflightReport& report)
      : directory_(directory),
        backed_up_(backed_up),
        table_(table),
        old_key_(KeySchemaOf(backed_up.description)),
        rules_(KeyRules(request)),
        check_duplicates_(!NewKeyContainsOldKey(old_key_, *table.new_key)),
        report_(report) {}

  void Run() {
    ParallelFor(static_cast<int>(backed_up_.files.size()), 2,
                [&](int index, const std::atomic<bool>&) { CheckFile(index); });
    if (check_duplicates_) {
      ReportDuplicates();
    }
  }

 private:
  void CheckFile(int index) {
    const std::string& file = backed_up_.files[index].file_name;
    backup::GzipLineReader reader(directory_ + "/" + file);
    item::ItemInspector inspector;
    std::string raw;
    std::vector<SeenKey> keys;
    unsigned long long items = 0;
    while (reader.NextItem(raw)) {
      ++items;
      std::string filled = item::ApplyFills(raw, table_.fills);
      inspector.Load(filled);
      std::vector<std::string> reasons;
      std::vector<item::AttributeInfo> new_key_values;
      for (const KeyRule& rule : rules_) {
        item::AttributeInfo info = inspector.Attribute(rule.attribute);
        std::string reason = CheckKey(info, rule);
        if (!reason.empty()) {
          reasons.push_back(reason);
        }
        if (rule.required) {
          new_key_values.push_back(std::move(info));
        }
      }

      std::uint64_t size = inspector.SizeBytes();
      if (size > kMaxItemBytes) {
        reasons.push_back(
            fmt::format("the item is {} bytes with its filled key, over DynamoDB's "
                        "limit of {} bytes",
                        size, kMaxItemBytes));
      }
      if (!reasons.empty()) {
        Add(file, reader.line_number(), OldKeyText(inspector, old_key_), reasons);
      } else if (check_duplicates_) {
        keys.push_back(
            {KeyDigest(new_key_values), static_cast<std::uint32_t>(index), reader.line_number()});
      }
    }

    std::lock_guard lock(mutex_);
    report_.items_checked += items;
    seen_.insert(seen_.end(), keys.begin(), keys.end());
  }

  void Add(const std::string& file, unsigned long long line, const std::string& key,
           const std::vector<std::string>& reasons) {
    std::string reason;
    for (const std::string& part : reasons) {
      reason += (reason.empty() ? "" : "; ") + part;
    }
    std::lock_guard lock(mutex_);
    ++report_.problem_count;
    if (report_.problems.size() < kMaxListedProblems) {
      report_.problems.push_back({table_.name, file, line, key, reason});
    }
  }

  void ReportDuplicates() {
    std::sort(seen_.begin(), seen_.end());
    std::vector<std::pair<const SeenKey*, const SeenKey*>> pairs;
    for (std::size_t i = 1; i < seen_.size(); ++i) {
      if (seen_[i].hash == seen_[i - 1].hash) {
        pairs.emplace_back(&seen_[i - 1], &seen_[i]);
      }
    }
    if (pairs.empty()) {
      return;
    }

    // Only hashes were kept while checking; read back the keys of the items the report lists
    // (the rest are only counted).
    std::size_t listed = std::min(pairs.size(), kMaxListedProblems);
    std::map<std::pair<std::uint32_t, std::uint64_t>, std::pair<std::string, std::string>> keys;
    for (std::size_t i = 0; i < listed; ++i) {
      keys[{pairs[i].first->file, pairs[i].first->line}];
      keys[{pairs[i].second->file, pairs[i].second->line}];
    }
    ReadKeys(keys);

    const std::pair<std::string, std::string> unread;
    auto texts = [&](const SeenKey* at) -> const std::pair<std::string, std::string>& {
      auto found = keys.find({at->file, at->line});
      return found == keys.end() ? unread : found->second;
    };
    for (const auto& [first, again] : pairs) {
      std::string reason = fmt::format(
          "its new key ({}) equals that of the item at {} line {} ({}): one would overwrite the "
          "other",
          texts(again).second, backed_up_.files[first->file].file_name, first->line,
          texts(first).first);
      Add(backed_up_.files[again->file].file_name, again->line, texts(again).first, {reason});
    }
  }

  // Fills in the old and the new key text of the items at the given file index and line.
  void ReadKeys(std::map<std::pair<std::uint32_t, std::uint64_t>,
                         std::pair<std::string, std::string>>& keys) {
    std::set<std::uint32_t> files;
    for (const auto& [where, texts] : keys) {
      files.insert(where.first);
    }
    item::ItemInspector inspector;
    for (std::uint32_t index : files) {
      backup::GzipLineReader reader(directory_ + "/" + backed_up_.files[index].file_name);
      std::string raw;
      while (reader.NextItem(raw)) {
        auto found = keys.find({index, reader.line_number()});
        if (found == keys.end()) {
          continue;
        }
        inspector.Load(item::ApplyFills(raw, table_.fills));
        std::string new_key;
        for (const KeyRule& rule : rules_) {
          if (rule.required) {
            new_key += (new_key.empty() ? "" : ", ") + AttributeText(inspector, rule.attribute);
          }
        }
        found->second = {OldKeyText(inspector, old_key_), new_key};
      }
    }
  }

  const std::string& directory_;
  const backup::TableBackup& backed_up_;
  const plan::TablePlan& table_;
  plan::KeySchema old_key_;
  std::vector<KeyRule> rules_;
  bool check_duplicates_;
  PreflightReport& report_;
  std::mutex mutex_;
  std::vector<SeenKey> seen_;
};

std::string ProblemLine(const ItemProblem& problem) {
  std::string where = fmt::format("{}: {} line {}", problem.table, problem.file, problem.line);
  if (!problem.key.empty()) {
    where += " (" + problem.key + ")";
  }
  return where + ": " + problem.reason;
}

}  // namespace

PreflightReport RunPreflight(
    const RunContext& context, const std::string& backup_directory,
    const backup::Manifest& manifest,
    const std::vector<std::pair<std::string, nlohmann::json>>& create_requests) {
  PreflightReport report;
  for (const auto& [plan_name, request] : create_requests) {
    const plan::TablePlan* table = context.plan.FindByPlanName(plan_name);
    const backup::TableBackup* backed_up = manifest.FindTable(plan_name);
    if (table == nullptr || backed_up == nullptr || !table->new_key) {
      continue;
    }
    try {
      TableCheck(backup_directory, *backed_up, *table, request, report).Run();
    } catch (const backup::DataFileError& error) {
      throw Failure(ExitCode::kChecksFailed, error.what(),
                    "the backup is damaged; take a new one with ddbmigrate export");
    } catch (const item::ItemFormatError& error) {
      throw Failure(ExitCode::kChecksFailed,
                    "backup " + backup_directory +
                        " holds an item that is not DynamoDB JSON: " + error.what());
    }
  }
  return report;
}

void RequirePreflightPassed(const RunContext& context, const std::string& backup_directory,
                            const PreflightReport& report) {
  Reporter& reporter = *context.reporter;
  if (report.problem_count == 0) {
    reporter.Info("pre-flight: {} items checked against the new key schemas; all fit",
                  WithThousands(report.items_checked));
    return;
  }

  constexpr std::size_t kShown = 20;
  std::string report_path = backup_directory + "/preflight-report.txt";
  std::string text;
  for (std::size_t i = 0; i < report.problems.size(); ++i) {
    text += ProblemLine(report.problems[i]) + "\n";
    if (i < kShown) {
      reporter.Info("  " + ProblemLine(report.problems[i]));
    }
  }
  if (report.problem_count > report.problems.size()) {
    text += std::to_string(report.problem_count - report.problems.size()) + " more not listed\n";
  }
  WriteOwnerOnlyFile(report_path, text);
  throw Failure(
      ExitCode::kChecksFailed,
      fmt::format("{} of {} backed-up items do not fit the new key schema; no table "
                  "was changed",
                  WithThousands(report.problem_count), WithThousands(report.items_checked)),
      "the full list is in " + report_path +
          "; fix those items in the source table (or the plan's fill) and run again");
}

}  // namespace ddbm::engine
