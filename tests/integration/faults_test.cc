// Faults on the wire (issue 4, §2): ddbmigrate talks to dynalite through a fault-injecting
// proxy that throttles, fails, resets, delays, trims batches, splits scans and holds tables in
// CREATING or DELETING, the way the real service does and local servers never do. Whatever it
// injects, the tables must end exact, item for item, as read straight from dynalite; and an
// item that cannot be written must fail the run by name and be written by the next one.
//
// Random faults come from a seed, printed with every failure (set DDBM_FAULT_SEED to repeat a
// run). Tests that must wait out the tool's fixed timeouts or its whole retry budget run only
// with DDBM_SLOW_FAULT_TESTS=1: they take a minute or more, see the note at each. Cases that
// pin a known product bug are skipped with its description; DDBM_RUN_KNOWN_BUGS=1 runs them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "backup_reader.h"
#include "dynamo_json_compare.h"
#include "dynamodb/client.h"
#include "fault_proxy.h"
#include "local_dynamodb.h"
#include "run_tool.h"
#include "table_reader.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

// Enough items for several pages and dozens of batches per table, few enough that each run
// takes a couple of seconds through the proxy.
constexpr int kRecords = 1200;
constexpr int kResponses = 300;

const std::map<std::string, std::string> kCredentials = {
    {"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_REGION", "us-east-1"}};

std::uint64_t ChooseSeed() {
  if (const char* fixed = std::getenv("DDBM_FAULT_SEED")) {
    return std::strtoull(fixed, nullptr, 10);
  }
  return std::random_device{}();
}

bool Wanted(const char* variable) {
  const char* wanted = std::getenv(variable);
  return wanted != nullptr && std::string(wanted) == "1";
}

bool SlowTestsWanted() {
  return Wanted("DDBM_SLOW_FAULT_TESTS");
}

// A rule that fires on every matching request with probability `p`.
FaultRule Random(Fault fault, std::string operation, double p) {
  FaultRule rule;
  rule.fault = fault;
  rule.operation = std::move(operation);
  rule.probability = p;
  return rule;
}

// Every run starts with one DescribeTable that checks the endpoint with a short budget of
// its own (3 attempts), and fails with exit 1 when they all fail. That is the right answer
// for a dead endpoint, so rules on any operation leave that first request alone rather than
// make a test fail one run in a few hundred.
FaultRule AfterTheProbe(FaultRule rule) {
  rule.after = 1;
  return rule;
}

// A rule that fires once, on the `nth` matching request: with it a fault is sure to happen
// however the random draws fall.
FaultRule Once(Fault fault, std::string operation, long nth) {
  FaultRule rule;
  rule.fault = fault;
  rule.operation = std::move(operation);
  rule.nth = nth;
  return rule;
}

std::string RecordKey(const nlohmann::json& item) {
  return item.at("id").at("S").get<std::string>();
}

std::string ResponseKey(const nlohmann::json& item) {
  return item.at("id").at("S").get<std::string>() + "/" +
         item.at("resp_no").at("N").get<std::string>();
}

// Compares items by key with the test suite's own judge of DynamoDB values (numbers by value,
// sets as sets), not with the tool's digest: a bug there must not hide one here.
void ExpectSameItems(const std::map<std::string, nlohmann::json>& expected,
                     const std::vector<std::string>& actual_raw,
                     std::string (*key_of)(const nlohmann::json&), const std::string& what) {
  std::map<std::string, nlohmann::json> actual;
  for (const std::string& raw : actual_raw) {
    nlohmann::json item = nlohmann::json::parse(raw);
    std::string key = key_of(item);
    EXPECT_TRUE(actual.emplace(key, std::move(item)).second) << what << ": " << key << " twice";
  }
  EXPECT_EQ(actual.size(), expected.size()) << what;

  int reported = 0;
  for (const auto& [key, item] : expected) {
    auto found = actual.find(key);
    std::string difference =
        found == actual.end() ? "missing" : ItemDifference(item, found->second);
    if (!difference.empty() && reported++ < 5) {
      ADD_FAILURE() << what << ": item " << key << ": " << difference;
    }
  }
  EXPECT_EQ(reported, 0) << what << ": items missing or different";
}

class FaultsTest : public ::testing::Test {
 protected:
  // One dynalite for the whole file, as TEST-SERVERS.md asks; each test has its own tables.
  static void SetUpTestSuite() { server_ = new LocalDynamoDb(ServerKind::kDynalite); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    seed_ = ChooseSeed();
    proxy_ = std::make_unique<FaultProxy>(server_->port(), seed_);
    direct_ = std::make_unique<dynamodb::Client>(server_->settings());
    prefix_ = "f" + std::to_string(++tables_made_) + "-";
    backups_ = std::make_unique<ScratchDirectory>("faults-" + prefix_);

    // The tables are filled straight into dynalite: the faults are for the tool alone.
    dataset::CreateOldSchemaTables(*direct_, Record(), Response());
    std::vector<std::string> records;
    records.reserve(kRecords);
    for (int i = 0; i < kRecords; ++i) {
      records.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(*direct_, Record(), records);
    std::vector<std::string> responses;
    responses.reserve(kResponses);
    for (int i = 0; i < kResponses; ++i) {
      responses.push_back(dataset::ChatResponse(i));
    }
    dataset::PutItems(*direct_, Response(), responses);
  }

  void TearDown() override {
    // What each test put the tool through, for the record; the seed repeats it.
    if (proxy_ != nullptr && !IsSkipped()) {
      std::cout << "[ faults   ] seed " << seed_ << "; " << proxy_->Summary() << "\n";
    }
    proxy_.reset();
  }

  std::string SeedNote() const {
    return "fault seed " + std::to_string(seed_) +
           " (rerun with DDBM_FAULT_SEED=" + std::to_string(seed_) + ")";
  }

  std::string Record() const { return prefix_ + "ChatRecordTable"; }
  std::string Response() const { return prefix_ + "ChatResponseTable"; }

  // Runs ddbmigrate against the proxy, with `env` added to the test credentials.
  ToolResult Run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.end(), {"--endpoint-url", proxy_->endpoint(), "--table-prefix", prefix_,
                             "--backup-dir", backups_->path().string()});
    ToolRun run;
    run.args = std::move(args);
    run.env = kCredentials;
    run.env.insert(env.begin(), env.end());
    return RunTool(run);
  }

  static std::map<std::string, nlohmann::json> ExpectedRecords(bool migrated) {
    std::map<std::string, nlohmann::json> expected;
    for (int i = 0; i < kRecords; ++i) {
      nlohmann::json record = nlohmann::json::parse(dataset::ChatRecord(i));
      if (migrated) {
        record["user_id"] = {{"S", dataset::ExpectedUserId(i)}};
      }
      expected.emplace(RecordKey(record), std::move(record));
    }
    return expected;
  }

  static std::map<std::string, nlohmann::json> ExpectedResponses() {
    std::map<std::string, nlohmann::json> expected;
    for (int i = 0; i < kResponses; ++i) {
      nlohmann::json response = nlohmann::json::parse(dataset::ChatResponse(i));
      expected.emplace(ResponseKey(response), std::move(response));
    }
    return expected;
  }

  // The migrated tables, read straight from dynalite: new keys, every item with its user_id,
  // nothing else changed, nothing missing, nothing extra.
  void ExpectMigratedExactly() {
    EXPECT_EQ(KeySchemaText(*direct_, Record()), "user_id+id");
    EXPECT_EQ(KeySchemaText(*direct_, Response()), "id+resp_no");
    ExpectSameItems(ExpectedRecords(true), ScanRawItems(*direct_, Record()), RecordKey, Record());
    ExpectSameItems(ExpectedResponses(), ScanRawItems(*direct_, Response()), ResponseKey,
                    Response());
  }

  // The one backup under the backup directory holds every original item, once.
  void ExpectBackupExact() {
    std::vector<std::filesystem::path> found = BackupDirectories(backups_->path());
    ASSERT_EQ(found.size(), 1u);
    ASSERT_TRUE(std::filesystem::exists(found[0] / "manifest.json"));
    std::vector<std::string> records;
    for (const BackupLine& line : ReadBackupItems(found[0], "ChatRecordTable")) {
      records.push_back(line.item);
    }
    ExpectSameItems(ExpectedRecords(false), records, RecordKey, "backup of ChatRecordTable");
    std::vector<std::string> responses;
    for (const BackupLine& line : ReadBackupItems(found[0], "ChatResponseTable")) {
      responses.push_back(line.item);
    }
    ExpectSameItems(ExpectedResponses(), responses, ResponseKey, "backup of ChatResponseTable");
  }

  static LocalDynamoDb* server_;
  static int tables_made_;
  std::uint64_t seed_ = 0;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<dynamodb::Client> direct_;
  std::string prefix_;
  std::unique_ptr<ScratchDirectory> backups_;
};

LocalDynamoDb* FaultsTest::server_ = nullptr;
int FaultsTest::tables_made_ = 0;

// One kind of trouble for a whole `migrate --yes`.
struct FaultCase {
  const char* name;
  std::vector<FaultRule> rules;
  std::vector<Fault> must_inject;
  const char* bug = nullptr;  // set: a known product bug; the case is skipped and says why
};

class MigrateThroughFault : public FaultsTest, public ::testing::WithParamInterface<FaultCase> {
 protected:
  // Skipped before the tables are made, so a known bug costs the suite no time.
  void SetUp() override {
    if (GetParam().bug != nullptr && !Wanted("DDBM_RUN_KNOWN_BUGS")) {
      GTEST_SKIP() << "bug: " << GetParam().bug;
    }
    FaultsTest::SetUp();
  }
};

TEST_P(MigrateThroughFault, EndsWithEveryItemExactlyOnce) {
  SCOPED_TRACE(SeedNote());
  const FaultCase& fault_case = GetParam();
  proxy_->SetRules(fault_case.rules);

  ToolResult result = Run({"migrate", "--yes"});

  if (result.exit_code != 0) {
    ADD_FAILURE() << "migrate exited " << result.exit_code << "; " << proxy_->Summary() << "\n"
                  << result.err << result.out;
    // The promise behind a failed run: the same command, once the trouble is over, finishes
    // with nothing lost.
    proxy_->SetRules({});
    ToolResult resumed = Run({"migrate", "--yes"});
    EXPECT_EQ(resumed.exit_code, 0) << "and the re-run without faults failed too:\n" << resumed.err;
    ExpectMigratedExactly();
    return;
  }
  EXPECT_NE(result.out.find("migration complete"), std::string::npos) << result.out;
  for (Fault fault : fault_case.must_inject) {
    EXPECT_GT(proxy_->Injected(fault), 0) << FaultName(fault) << " never injected";
  }
  ExpectMigratedExactly();
}

FaultRule OnTable(FaultRule rule, long hold_calls) {
  rule.hold_calls = static_cast<int>(hold_calls);
  return rule;
}

FaultRule WithDelay(FaultRule rule, int delay_ms) {
  rule.delay_ms = delay_ms;
  return rule;
}

FaultRule WithPageLimit(FaultRule rule, int page_limit) {
  rule.page_limit = page_limit;
  return rule;
}

FaultRule KeepingRandomPart(FaultRule rule) {
  rule.keep_items = -1;
  return rule;
}

std::vector<FaultCase> FaultCases() {
  using F = Fault;
  return {
      {"ProvisionedThroughputExceededOnWrites",
       {Once(F::kProvisionedThroughputExceeded, "BatchWriteItem", 2),
        Random(F::kProvisionedThroughputExceeded, "BatchWriteItem", 0.2)},
       {F::kProvisionedThroughputExceeded}},
      {"ThrottlingOnScans",
       {Once(F::kThrottling, "Scan", 1), Random(F::kThrottling, "Scan", 0.3)},
       {F::kThrottling}},
      {"RequestLimitExceededOnAnything",
       {Once(F::kRequestLimitExceeded, "DescribeTable", 2),
        AfterTheProbe(Random(F::kRequestLimitExceeded, "", 0.15))},
       {F::kRequestLimitExceeded}},
      {"InternalServerErrorOnWritesAndScans",
       {Once(F::kInternalServerError, "Scan", 1), Random(F::kInternalServerError, "Scan", 0.2),
        Random(F::kInternalServerError, "BatchWriteItem", 0.2)},
       {F::kInternalServerError}},
      {"ServiceUnavailableOnAnything",
       {Once(F::kServiceUnavailable, "CreateTable", 1),
        AfterTheProbe(Random(F::kServiceUnavailable, "", 0.15))},
       {F::kServiceUnavailable}},
      {"ConnectionResetBeforeTheServerSeesTheRequest",
       {Once(F::kReset, "BatchWriteItem", 3), AfterTheProbe(Random(F::kReset, "", 0.1))},
       {F::kReset}},
      {"ConnectionResetAfterTheServerAnsweredReadsAndWrites",
       {Once(F::kResetAfterForward, "BatchWriteItem", 3),
        Random(F::kResetAfterForward, "BatchWriteItem", 0.1),
        Random(F::kResetAfterForward, "Scan", 0.1)},
       {F::kResetAfterForward}},
      {"SlowAnswers", {WithDelay(Random(F::kDelay, "", 0.3), 40)}, {F::kDelay}},
      // At 0.3 a batch exhausts its 12 attempts once in two million; the case below shows
      // what a busier table does.
      {"PartlyProcessedBatches",
       {KeepingRandomPart(Once(F::kPartialBatch, "BatchWriteItem", 1)),
        KeepingRandomPart(Random(F::kPartialBatch, "BatchWriteItem", 0.3))},
       {F::kPartialBatch}},
      {"MostBatchesPartlyProcessed",
       {KeepingRandomPart(Random(F::kPartialBatch, "BatchWriteItem", 0.6))},
       {F::kPartialBatch}},
      {"SmallAndEmptyScanPages",
       {WithPageLimit(Random(F::kSmallScanPages, "Scan", 1.0), 37),
        Once(F::kEmptyScanPage, "Scan", 1), Random(F::kEmptyScanPage, "Scan", 0.25)},
       {F::kSmallScanPages, F::kEmptyScanPage}},
      {"TablesStayCreatingAndDeletingForAWhile",
       {OnTable(Random(F::kHoldCreating, "", 1.0), 3),
        OnTable(Random(F::kHoldDeleting, "", 1.0), 3)},
       {F::kHoldCreating, F::kHoldDeleting}},
      {"CreateRefusedWhileTheOldTableIsStillDeleting",
       {OnTable(Random(F::kRefuseCreateAfterDelete, "", 1.0), 2)},
       {F::kRefuseCreateAfterDelete}},
      {"LostResponseToCreateTable",
       {Once(F::kResetAfterForward, "CreateTable", 1)},
       {F::kResetAfterForward}},
      {"LostResponseToDeleteTable",
       {Once(F::kResetAfterForward, "DeleteTable", 1)},
       {F::kResetAfterForward}},
      {"EverythingAtOnceAtRandom",
       {Random(F::kProvisionedThroughputExceeded, "BatchWriteItem", 0.05),
        Random(F::kThrottling, "Scan", 0.05),
        AfterTheProbe(Random(F::kRequestLimitExceeded, "", 0.03)),
        AfterTheProbe(Random(F::kInternalServerError, "", 0.03)),
        AfterTheProbe(Random(F::kServiceUnavailable, "", 0.03)),
        AfterTheProbe(Random(F::kReset, "", 0.03)),
        Random(F::kResetAfterForward, "BatchWriteItem", 0.03),
        WithDelay(Random(F::kDelay, "", 0.1), 25),
        KeepingRandomPart(Random(F::kPartialBatch, "BatchWriteItem", 0.1)),
        WithPageLimit(Random(F::kSmallScanPages, "Scan", 0.5), 50),
        Random(F::kEmptyScanPage, "Scan", 0.1), OnTable(Random(F::kHoldCreating, "", 1.0), 2),
        OnTable(Random(F::kHoldDeleting, "", 1.0), 2)},
       {F::kPartialBatch, F::kHoldCreating, F::kHoldDeleting}},
  };
}

INSTANTIATE_TEST_SUITE_P(Faults, MigrateThroughFault, ::testing::ValuesIn(FaultCases()),
                         [](const ::testing::TestParamInfo<FaultCase>& fault_case) {
                           return std::string(fault_case.param.name);
                         });

TEST_F(FaultsTest, ExportThroughSplitAndEmptyPagesAndErrorsBacksUpEveryItemOnce) {
  SCOPED_TRACE(SeedNote());
  proxy_->SetRules(
      {WithPageLimit(Random(Fault::kSmallScanPages, "Scan", 1.0), 29),
       Once(Fault::kEmptyScanPage, "Scan", 2), Random(Fault::kEmptyScanPage, "Scan", 0.2),
       Random(Fault::kThrottling, "Scan", 0.1), Random(Fault::kResetAfterForward, "Scan", 0.05)});

  ToolResult result = Run({"export"});

  ASSERT_EQ(result.exit_code, 0) << proxy_->Summary() << "\n" << result.err;
  EXPECT_GT(proxy_->Injected(Fault::kSmallScanPages), 0);
  EXPECT_GT(proxy_->Injected(Fault::kEmptyScanPage), 0);
  ExpectBackupExact();
}

TEST_F(FaultsTest, ImportThroughPartialBatchesAndErrorsWritesEveryItem) {
  SCOPED_TRACE(SeedNote());
  ASSERT_EQ(Run({"export"}).exit_code, 0);
  ToolResult rebuilt = Run({"rebuild", "--yes"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;

  proxy_->SetRules({KeepingRandomPart(Once(Fault::kPartialBatch, "BatchWriteItem", 1)),
                    KeepingRandomPart(Random(Fault::kPartialBatch, "BatchWriteItem", 0.25)),
                    Random(Fault::kInternalServerError, "BatchWriteItem", 0.05),
                    Random(Fault::kResetAfterForward, "BatchWriteItem", 0.05),
                    WithDelay(Random(Fault::kDelay, "BatchWriteItem", 0.2), 20)});
  // ChatResponseTable keeps its schema and its items, so the import must be forced into it.
  ToolResult result = Run({"import", "--force"});

  ASSERT_EQ(result.exit_code, 0) << proxy_->Summary() << "\n" << result.err;
  EXPECT_GT(proxy_->Injected(Fault::kPartialBatch), 0);
  EXPECT_GE(proxy_->BatchItemsWritten(), kRecords + kResponses);
  ExpectMigratedExactly();
}

// An expired session token cannot be cured by retrying with the same credentials: the run must
// stop, say so and leave a state the same command finishes once credentials are fresh.
TEST_F(FaultsTest, ExpiredTokenMidImportStopsTheRunAndTheRerunFinishesIt) {
  SCOPED_TRACE(SeedNote());
  FaultRule expired = Once(Fault::kExpiredToken, "BatchWriteItem", 10);
  proxy_->SetRules({expired});

  ToolResult failed = Run({"migrate", "--yes"});

  EXPECT_EQ(failed.exit_code, 5) << failed.err;
  EXPECT_EQ(proxy_->Injected(Fault::kExpiredToken), 1);
  EXPECT_NE(failed.err.find("ExpiredTokenException"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("run the same command again"), std::string::npos) << failed.err;

  proxy_->SetRules({});
  ToolResult resumed = Run({"migrate", "--yes"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("unfinished migration"), std::string::npos) << resumed.err;
  ExpectMigratedExactly();
}

// Nothing is ever dropped: a batch the table keeps refusing fails the run by naming an item,
// and the resumed run writes it.
TEST_F(FaultsTest, BatchRefusedPastTheRetryBudgetFailsNamingAnItemAndTheRerunWritesIt) {
  SCOPED_TRACE(SeedNote());
  if (!SlowTestsWanted()) {
    // The tool has no setting for its retry budget: import_step.cc WriteBatch uses a default
    // RetryPolicy, 12 attempts with delays growing to 20 s, so this one test takes 40-85 s.
    // With AWS_MAX_ATTEMPTS honoured (set below) it would take a second or two.
    GTEST_SKIP() << "waits out the fixed 12-attempt retry budget (~1 min); "
                    "run with DDBM_SLOW_FAULT_TESTS=1. It then also fails on a bug: the "
                    "unprocessed-items failure of import_step.cc WriteBatch has no hint line "
                    "(run the same command again)";
  }
  FaultRule refused;
  refused.fault = Fault::kPartialBatch;
  refused.operation = "BatchWriteItem";
  refused.body_contains = "\"rec-000777\"";
  refused.keep_items = 0;
  proxy_->SetRules({refused});

  ToolResult failed = Run({"migrate", "--yes"}, {{"AWS_MAX_ATTEMPTS", "4"}});

  EXPECT_EQ(failed.exit_code, 5) << failed.err;
  EXPECT_GT(proxy_->Injected(Fault::kPartialBatch), 1);
  EXPECT_NE(failed.err.find("unprocessed"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("\"id\":{\"S\":\"rec-"), std::string::npos)
      << "the error must name an item:\n"
      << failed.err;
  EXPECT_NE(failed.err.find("run the same command again"), std::string::npos) << failed.err;
  std::optional<std::string> refused_item =
      direct_->GetItem(Record(), R"({"user_id":{"S":"public"},"id":{"S":"rec-000777"}})");
  EXPECT_FALSE(refused_item.has_value()) << "the proxy let the refused item through";

  proxy_->SetRules({});
  ToolResult resumed = Run({"migrate", "--yes"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  ExpectMigratedExactly();
}

// A request that gets no answer at all must time out and be retried.
TEST_F(FaultsTest, StalledRequestTimesOutAndIsRetried) {
  SCOPED_TRACE(SeedNote());
  if (!SlowTestsWanted()) {
    // http_client.cc gives up on a silent connection only after 20 s (CURLOPT_LOW_SPEED_TIME)
    // and has no setting to shorten it: the test takes ~30 s. With a read timeout option
    // (like the AWS CLI's --cli-read-timeout) set to 1 s it would take ~3 s.
    GTEST_SKIP() << "waits out the fixed 20 s stall timeout of the HTTP client; "
                    "run with DDBM_SLOW_FAULT_TESTS=1";
  }
  proxy_->SetRules({Once(Fault::kStall, "BatchWriteItem", 3)});

  ToolResult result = Run({"migrate", "--yes"});

  ASSERT_EQ(result.exit_code, 0) << proxy_->Summary() << "\n" << result.err;
  EXPECT_EQ(proxy_->Injected(Fault::kStall), 1);
  ExpectMigratedExactly();
}

}  // namespace
}  // namespace ddbm::testing
