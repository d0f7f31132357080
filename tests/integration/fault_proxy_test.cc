// The fault proxy itself, driven with the tool's own DynamoDB client: each fault must look to
// a client exactly as the real service's would, or the fault suite proves nothing. Checked
// here: error bodies that parse to the right kinds (with a valid x-amz-crc32), trimmed batches
// handed back byte for byte, Scan pages that lose and repeat nothing, and held table states.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "dynamodb/client.h"
#include "fault_proxy.h"
#include "local_dynamodb.h"
#include "raw_json.h"
#include "table_reader.h"
#include "tools/chat_dataset.h"

namespace ddbm::testing {
namespace {

constexpr int kItems = 300;

// One attempt per call, so that a test sees each injected answer itself.
dynamodb::RetryPolicy NoRetries() {
  dynamodb::RetryLimits limits;
  limits.max_attempts = 1;
  return dynamodb::RetryPolicy(limits);
}

class FaultProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LocalDynamoDb(ServerKind::kDynalite);
    dynamodb::Client direct(server_->settings());
    dataset::CreateOldSchemaTables(direct, "Records", "Responses");
    std::vector<std::string> items;
    items.reserve(kItems);
    for (int i = 0; i < kItems; ++i) {
      items.push_back(dataset::ChatRecord(i));
    }
    dataset::PutItems(direct, "Records", items);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    proxy_ = std::make_unique<FaultProxy>(server_->port(), 42);
    settings_ = server_->settings();
    settings_.endpoint = proxy_->endpoint();
  }

  static LocalDynamoDb* server_;
  std::unique_ptr<FaultProxy> proxy_;
  aws::ConnectionSettings settings_;
};

LocalDynamoDb* FaultProxyTest::server_ = nullptr;

FaultRule Rule(Fault fault, std::string operation) {
  FaultRule rule;
  rule.fault = fault;
  rule.operation = std::move(operation);
  return rule;
}

// Brackets and quotes inside strings must not end a value early, and values come back as
// written, spaces and escapes included.
TEST(RawJson, SplitsAtTheTopLevelAndKeepsEveryValueVerbatim) {
  std::string text = R"( { "a\"b" : [ 1, {"x":"}]"} ] ,"n":-1.50E+3, "s":"\u00e9{[" } )";

  std::optional<std::vector<RawMember>> members = RawObjectMembers(text);

  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].name, "a\"b");
  EXPECT_EQ((*members)[0].value, R"([ 1, {"x":"}]"} ])");
  EXPECT_EQ((*members)[1].value, "-1.50E+3");
  EXPECT_EQ((*members)[2].value, R"("\u00e9{[")");
  std::optional<std::vector<std::string_view>> elements = RawArrayElements((*members)[0].value);
  ASSERT_TRUE(elements.has_value());
  EXPECT_EQ(*elements, (std::vector<std::string_view>{"1", R"({"x":"}]"})"}));
  EXPECT_FALSE(RawObjectMembers(R"({"a":[1,2})").has_value());
  EXPECT_FALSE(RawArrayElements("[1,2] 3").has_value());
  EXPECT_EQ(RawArrayElements("[ ]")->size(), 0u);
}

TEST_F(FaultProxyTest, InjectedErrorsParseAsTheServiceErrorsTheyImitate) {
  struct Expected {
    Fault fault;
    dynamodb::ErrorKind kind;
    long status;
    const char* type;
  };
  const Expected cases[] = {
      {Fault::kProvisionedThroughputExceeded, dynamodb::ErrorKind::kThrottled, 400,
       "ProvisionedThroughputExceededException"},
      {Fault::kThrottling, dynamodb::ErrorKind::kThrottled, 400, "ThrottlingException"},
      {Fault::kRequestLimitExceeded, dynamodb::ErrorKind::kThrottled, 400, "RequestLimitExceeded"},
      {Fault::kInternalServerError, dynamodb::ErrorKind::kServerError, 500, "InternalServerError"},
      {Fault::kServiceUnavailable, dynamodb::ErrorKind::kServerError, 503,
       "ServiceUnavailableException"},
      {Fault::kExpiredToken, dynamodb::ErrorKind::kExpiredCredentials, 400,
       "ExpiredTokenException"},
      {Fault::kReset, dynamodb::ErrorKind::kNetwork, 0, ""},
      {Fault::kResetAfterForward, dynamodb::ErrorKind::kNetwork, 0, ""},
  };
  for (const Expected& expected : cases) {
    SCOPED_TRACE(FaultName(expected.fault));
    proxy_->SetRules({Rule(expected.fault, "ListTables")});
    dynamodb::Client client(settings_, NoRetries());
    try {
      client.ListTables();
      ADD_FAILURE() << "no error";
    } catch (const dynamodb::ApiFailure& failure) {
      EXPECT_EQ(failure.error().kind, expected.kind) << failure.what();
      EXPECT_EQ(failure.error().http_status, expected.status) << failure.what();
      EXPECT_EQ(failure.error().type, expected.type) << failure.what();
    }
    EXPECT_EQ(proxy_->Injected(expected.fault), 1);
  }

  // And with the rules gone, the same connection settings work again.
  proxy_->SetRules({});
  dynamodb::Client client(settings_, NoRetries());
  EXPECT_EQ(client.ListTables().size(), 2u);
}

TEST_F(FaultProxyTest, TrimmedBatchHandsBackTheRestVerbatimAndWritesOnlyTheFirstPart) {
  FaultRule trim = Rule(Fault::kPartialBatch, "BatchWriteItem");
  trim.keep_items = 10;
  proxy_->SetRules({trim});
  std::vector<std::string> items;
  items.reserve(25);
  for (int i = 0; i < 25; ++i) {
    items.push_back(dataset::ChatResponse(5000 + i));
  }
  std::vector<std::string_view> views(items.begin(), items.end());

  dynamodb::Client client(settings_, NoRetries());
  dynamodb::BatchWriteResult result = client.BatchWritePut("Responses", views);

  ASSERT_EQ(result.unprocessed.size(), 15u);
  for (size_t i = 0; i < 15; ++i) {
    EXPECT_EQ(result.unprocessed[i], items[10 + i]);
  }
  dynamodb::Client direct(server_->settings());
  EXPECT_EQ(ScanRawItems(direct, "Responses").size(), 10u);
  EXPECT_EQ(proxy_->BatchItemsWritten(), 10);
}

TEST_F(FaultProxyTest, SmallAndEmptyScanPagesStillYieldEveryItemOnce) {
  FaultRule small = Rule(Fault::kSmallScanPages, "Scan");
  small.page_limit = 7;
  FaultRule empty = Rule(Fault::kEmptyScanPage, "Scan");
  empty.probability = 0.5;
  proxy_->SetRules({small, empty});

  dynamodb::Client client(settings_, NoRetries());
  std::vector<std::string> items = ScanRawItems(client, "Records");

  std::set<std::string> distinct(items.begin(), items.end());
  EXPECT_EQ(items.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kItems));
  EXPECT_GT(proxy_->Injected(Fault::kEmptyScanPage), 5);
  EXPECT_GT(proxy_->Requests("Scan"), kItems / 7);
}

TEST_F(FaultProxyTest, CreatedTableStaysCreatingAndDeletedOneDeletingForTheHeldCalls) {
  FaultRule creating;
  creating.fault = Fault::kHoldCreating;
  creating.hold_calls = 2;
  FaultRule deleting;
  deleting.fault = Fault::kHoldDeleting;
  deleting.hold_calls = 2;
  FaultRule refused;
  refused.fault = Fault::kRefuseCreateAfterDelete;
  refused.hold_calls = 1;
  proxy_->SetRules({creating, deleting, refused});
  dynamodb::Client client(settings_, NoRetries());
  nlohmann::json request = {
      {"TableName", "Held"},
      {"BillingMode", "PAY_PER_REQUEST"},
      {"AttributeDefinitions", {{{"AttributeName", "k"}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", "k"}, {"KeyType", "HASH"}}}}};

  client.CreateTable(request);
  EXPECT_EQ(client.DescribeTable("Held")->value("TableStatus", ""), "CREATING");
  EXPECT_EQ(client.DescribeTable("Held")->value("TableStatus", ""), "CREATING");
  EXPECT_EQ(client.DescribeTable("Held")->value("TableStatus", ""), "ACTIVE");

  client.DeleteTable("Held");
  EXPECT_EQ(client.DescribeTable("Held")->value("TableStatus", ""), "DELETING");
  EXPECT_EQ(client.DescribeTable("Held")->value("TableStatus", ""), "DELETING");
  try {
    client.CreateTable(request);
    ADD_FAILURE() << "a create right after the delete must be refused";
  } catch (const dynamodb::ApiFailure& failure) {
    EXPECT_EQ(failure.error().kind, dynamodb::ErrorKind::kResourceInUse) << failure.what();
  }
  // Past the held calls the server's own answer shows again: soon, the table is gone.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = !client.DescribeTable("Held").has_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone);
  EXPECT_EQ(proxy_->Injected(Fault::kHoldCreating), 2);
  EXPECT_EQ(proxy_->Injected(Fault::kHoldDeleting), 2);
  EXPECT_EQ(proxy_->Injected(Fault::kRefuseCreateAfterDelete), 1);
}

TEST_F(FaultProxyTest, DelayedAnswersArriveLateAndConcurrentClientsAllGetTheirs) {
  FaultRule slow = Rule(Fault::kDelay, "GetItem");
  slow.delay_ms = 200;
  proxy_->SetRules({slow});

  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::atomic<int> found{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      dynamodb::Client client(settings_, NoRetries());
      for (int i = 0; i < 3; ++i) {
        std::string key = fmt::format(R"({{"id":{{"S":"rec-{:06}"}}}})", t * 3 + i);
        found += client.GetItem("Records", key).has_value() ? 1 : 0;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  auto took = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(found.load(), 24);
  EXPECT_EQ(proxy_->Injected(Fault::kDelay), 24);
  // Three delayed calls in a row per client, run side by side, not one after another.
  EXPECT_GE(took, std::chrono::milliseconds(600));
  EXPECT_LT(took, std::chrono::milliseconds(3000));
}

}  // namespace
}  // namespace ddbm::testing
