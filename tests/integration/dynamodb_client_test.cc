// ddbm::dynamodb::Client against both local servers: table lifecycle, batch writes of every
// attribute type, parallel segmented scans collected page by page, and failures.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "dynamodb/client.h"
#include "local_dynamodb.h"

namespace ddbm::testing {
namespace {

using dynamodb::ApiFailure;
using dynamodb::Client;
using dynamodb::ErrorKind;
using dynamodb::ScanPage;
using dynamodb::ScanRequest;

// One server of each kind for the whole process, started when a test first needs it and
// stopped (by pid) when the process exits.
LocalDynamoDb& Server(ServerKind kind) {
  static std::map<ServerKind, std::unique_ptr<LocalDynamoDb>> servers;
  std::unique_ptr<LocalDynamoDb>& server = servers[kind];
  if (!server) {
    server = std::make_unique<LocalDynamoDb>(kind);
  }
  return *server;
}

std::string UniqueTableName() {
  static int counter = 0;
  return "ddbm_client_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

// Sets come back in any order; everything else must come back as written. Numbers are
// strings in DynamoDB JSON, so comparing the parsed documents still compares every digit.
nlohmann::json Canonical(nlohmann::json value) {
  if (value.is_object()) {
    for (auto& [key, member] : value.items()) {
      if ((key == "SS" || key == "NS" || key == "BS") && member.is_array()) {
        std::sort(member.begin(), member.end());
      } else {
        member = Canonical(member);
      }
    }
  } else if (value.is_array()) {
    for (auto& element : value) {
      element = Canonical(element);
    }
  }
  return value;
}

// An item holding every DynamoDB type, with numbers at the edge of DynamoDB's precision and
// binary nested in maps and lists.
std::string EveryTypeItem(int n) {
  char id[16];
  std::snprintf(id, sizeof id, "item-%03d", n);
  return std::string(R"({"id":{"S":")") + id + R"("},)" +
         R"("big":{"N":"12345678901234567890123456789012345678"},)" +
         R"("negative":{"N":"-99999999999999999999999999999999999999"},)" +
         R"("fraction":{"N":"3.1415926535897932384626433832795028"},)" +
         R"("tiny":{"N":"0.00000000000000000000000000000000000001"},)" + R"("count":{"N":")" +
         std::to_string(n) + R"("},)" +
         R"("text":{"S":"na\u00efve caf)"
         "\xC3\xA9"
         R"( \u65e5\u672c \"quoted\" back\\slash\ttab"},)" +
         R"("blob":{"B":"AAECAwQF/w=="},)" + R"("yes":{"BOOL":true},)" + R"("no":{"BOOL":false},)" +
         R"("nothing":{"NULL":true},)" + R"("strings":{"SS":["b","a","c"]},)" +
         R"("numbers":{"NS":["1","2.5","-12345678901234567890123456789012345678"]},)" +
         R"("blobs":{"BS":["AQ==","Ag==","/w=="]},)" +
         R"("list":{"L":[{"S":"x"},{"N":"1"},{"B":"3q2+7w=="},)" +
         R"({"M":{"deep":{"B":"AA=="}}},{"L":[]}]},)" +
         R"("map":{"M":{"blob":{"B":"AAEC/w=="},"inner":{"M":{"bs":{"BS":["AA==","AQ=="]},)" +
         R"("n":{"N":"-0.5"}}},"empty":{"M":{}}}}})";
}

class ClientTest : public ::testing::TestWithParam<ServerKind> {
 protected:
  void SetUp() override { client_ = std::make_unique<Client>(Server(GetParam()).settings()); }

  void TearDown() override {
    for (const std::string& table : tables_) {
      try {
        client_->DeleteTable(table);
      } catch (const ApiFailure&) {
        // Already gone, or the server is: either way nothing to clean.
      }
    }
  }

  // Creates a table keyed on "id" (string) and waits until it is ACTIVE.
  std::string CreateTable() {
    std::string table = UniqueTableName();
    nlohmann::json request = {
        {"TableName", table},
        {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
        {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
        {"BillingMode", "PAY_PER_REQUEST"}};
    nlohmann::json description = client_->CreateTable(request);
    EXPECT_EQ(description["TableName"], table);
    tables_.push_back(table);

    for (int i = 0; i < 200; ++i) {
      std::optional<nlohmann::json> described = client_->DescribeTable(table);
      if (described && (*described)["TableStatus"] == "ACTIVE") {
        return table;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << table << " did not become ACTIVE";
    return table;
  }

  void PutAll(const std::string& table, const std::vector<std::string>& items) {
    for (size_t start = 0; start < items.size(); start += 25) {
      std::vector<std::string_view> batch;
      for (size_t i = start; i < std::min(items.size(), start + 25); ++i) {
        batch.emplace_back(items[i]);
      }
      dynamodb::BatchWriteResult result = client_->BatchWritePut(table, batch);
      ASSERT_TRUE(result.unprocessed.empty());
    }
  }

  // Every page of one segment, following LastEvaluatedKey to the end.
  std::vector<ScanPage> ScanSegment(ScanRequest request) {
    std::vector<ScanPage> pages;
    while (true) {
      ScanPage page = client_->Scan(request);
      std::optional<std::string> next = page.last_evaluated_key;
      pages.push_back(std::move(page));
      if (!next) {
        return pages;
      }
      request.exclusive_start_key = next;
    }
  }

  std::unique_ptr<Client> client_;
  std::vector<std::string> tables_;
};

TEST_P(ClientTest, EveryAttributeTypeRoundTrips) {
  std::string table = CreateTable();
  std::vector<std::string> written;
  for (int n = 0; n < 30; ++n) {
    written.push_back(EveryTypeItem(n));
  }
  PutAll(table, written);

  std::map<std::string, nlohmann::json> expected;
  for (const std::string& item : written) {
    nlohmann::json parsed = nlohmann::json::parse(item);
    expected[parsed["id"]["S"].get<std::string>()] = Canonical(parsed);
  }

  ScanRequest request;
  request.table = table;
  request.consistent_read = true;
  std::map<std::string, nlohmann::json> scanned;
  for (const ScanPage& page : ScanSegment(request)) {
    for (std::string_view raw : page.items) {
      // Each item is a view of the page's own body, one whole JSON object.
      ASSERT_GE(raw.data(), page.body.data());
      ASSERT_LE(raw.data() + raw.size(), page.body.data() + page.body.size());
      ASSERT_EQ(raw.front(), '{');
      ASSERT_EQ(raw.back(), '}');
      nlohmann::json parsed = nlohmann::json::parse(raw);
      scanned[parsed["id"]["S"].get<std::string>()] = Canonical(parsed);
    }
  }

  ASSERT_EQ(scanned.size(), expected.size());
  for (const auto& [id, item] : expected) {
    EXPECT_EQ(scanned[id], item) << id;
  }
}

TEST_P(ClientTest, GetItemReturnsTheRawItemOrNothing) {
  std::string table = CreateTable();
  std::string item = EveryTypeItem(7);
  PutAll(table, {item});

  std::optional<std::string> found = client_->GetItem(table, R"({"id":{"S":"item-007"}})");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Canonical(nlohmann::json::parse(*found)), Canonical(nlohmann::json::parse(item)));
  EXPECT_FALSE(client_->GetItem(table, R"({"id":{"S":"absent"}})").has_value());
}

TEST_P(ClientTest, SegmentedScanWithSmallLimitCollectsEveryItemOnce) {
  std::string table = CreateTable();
  std::vector<std::string> written;
  for (int n = 0; n < 137; ++n) {
    written.push_back(R"({"id":{"S":"k-)" + std::to_string(n) + R"("},"n":{"N":")" +
                      std::to_string(n) + R"("}})");
  }
  PutAll(table, written);

  constexpr int kSegments = 4;
  std::multiset<std::string> ids;
  long counted = 0;
  int pages = 0;
  for (int segment = 0; segment < kSegments; ++segment) {
    ScanRequest request;
    request.table = table;
    request.segment = segment;
    request.total_segments = kSegments;
    request.limit = 7;
    for (const ScanPage& page : ScanSegment(request)) {
      ++pages;
      EXPECT_LE(page.items.size(), 7u);
      EXPECT_EQ(page.count, static_cast<long>(page.items.size()));
      for (std::string_view raw : page.items) {
        ids.insert(nlohmann::json::parse(raw)["id"]["S"].get<std::string>());
      }
      counted += page.count;
    }
  }

  EXPECT_EQ(ids.size(), written.size());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), written.size());
  EXPECT_EQ(counted, static_cast<long>(written.size()));
  EXPECT_GE(pages, 137 / 7);
}

TEST_P(ClientTest, EmptyPageWithAKeyIsNotTheEnd) {
  // dynalite answers a page that is exactly full with a LastEvaluatedKey, and the next page is
  // empty: only a missing LastEvaluatedKey ends a scan.
  std::string table = CreateTable();
  std::vector<std::string> written;
  for (int n = 0; n < 14; ++n) {
    written.push_back(R"({"id":{"S":"e-)" + std::to_string(n) + R"("}})");
  }
  PutAll(table, written);

  ScanRequest request;
  request.table = table;
  request.limit = 7;
  std::vector<ScanPage> pages = ScanSegment(request);
  size_t items = 0;
  for (const ScanPage& page : pages) {
    items += page.items.size();
  }
  EXPECT_EQ(items, 14u);
  EXPECT_GE(pages.size(), 2u);
  EXPECT_FALSE(pages.back().last_evaluated_key.has_value());
}

TEST_P(ClientTest, CountOnlyScanCountsWithoutItems) {
  std::string table = CreateTable();
  std::vector<std::string> written;
  for (int n = 0; n < 40; ++n) {
    written.push_back(R"({"id":{"S":"c-)" + std::to_string(n) + R"("}})");
  }
  PutAll(table, written);

  ScanRequest request;
  request.table = table;
  request.count_only = true;
  long total = 0;
  for (const ScanPage& page : ScanSegment(request)) {
    EXPECT_TRUE(page.items.empty());
    total += page.count;
  }
  EXPECT_EQ(total, 40);
}

TEST_P(ClientTest, ScanPagesSurviveBeingMovedAndCopied) {
  std::string table = CreateTable();
  PutAll(table, {EveryTypeItem(1), EveryTypeItem(2)});
  ScanRequest request;
  request.table = table;

  std::vector<ScanPage> pages = ScanSegment(request);
  std::vector<ScanPage> copies = pages;
  pages.clear();
  size_t items = 0;
  for (const ScanPage& page : copies) {
    for (std::string_view raw : page.items) {
      EXPECT_NO_THROW(nlohmann::json::parse(raw));
      ++items;
    }
  }
  EXPECT_EQ(items, 2u);
}

TEST_P(ClientTest, DescribeTableOfMissingTableIsNothing) {
  EXPECT_FALSE(client_->DescribeTable("ddbm_no_such_table").has_value());
  EXPECT_EQ(client_->stats().retries, 0);
}

TEST_P(ClientTest, DescribeAndListShowACreatedTable) {
  std::string table = CreateTable();
  std::optional<nlohmann::json> described = client_->DescribeTable(table);
  ASSERT_TRUE(described.has_value());
  EXPECT_EQ((*described)["KeySchema"][0]["AttributeName"], "id");

  std::vector<std::string> names = client_->ListTables();
  EXPECT_NE(std::find(names.begin(), names.end(), table), names.end());

  std::optional<nlohmann::json> ttl = client_->DescribeTimeToLive(table);
  ASSERT_TRUE(ttl.has_value());
  EXPECT_EQ((*ttl)["TimeToLiveStatus"], "DISABLED");
}

TEST_P(ClientTest, TagsGoOnAndComeBack) {
  std::string table = CreateTable();
  std::string arn = client_->DescribeTable(table)->value("TableArn", "");
  nlohmann::json tags = nlohmann::json::parse(R"([{"Key": "team", "Value": "chat"},
                                                  {"Key": "empty", "Value": ""}])");
  ASSERT_TRUE(client_->TagResource(arn, tags));

  std::optional<nlohmann::json> listed = client_->ListTagsOfResource(arn);
  ASSERT_TRUE(listed.has_value());
  std::map<std::string, std::string> found;
  for (const nlohmann::json& tag : *listed) {
    found[tag["Key"]] = tag["Value"];
  }
  EXPECT_EQ(found, (std::map<std::string, std::string>{{"team", "chat"}, {"empty", ""}}));
}

// dynalite has no UpdateTimeToLive and no continuous backups: the client says so with nullopt,
// at once, rather than failing or retrying. moto has both.
TEST_P(ClientTest, TimeToLiveAndRecoveryAreSetOrReportedMissing) {
  std::string table = CreateTable();
  bool moto = GetParam() == ServerKind::kMoto;
  long retries = client_->stats().retries;

  std::optional<nlohmann::json> ttl =
      client_->UpdateTimeToLive(table, {{"Enabled", true}, {"AttributeName", "expires"}});
  EXPECT_EQ(ttl.has_value(), moto);
  EXPECT_EQ((*client_->DescribeTimeToLive(table))["TimeToLiveStatus"],
            moto ? "ENABLED" : "DISABLED");

  std::optional<nlohmann::json> backups =
      client_->UpdateContinuousBackups(table, {{"PointInTimeRecoveryEnabled", true}});
  EXPECT_EQ(backups.has_value(), moto);
  std::optional<nlohmann::json> described = client_->DescribeContinuousBackups(table);
  ASSERT_EQ(described.has_value(), moto);
  if (moto) {
    EXPECT_EQ((*described)["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
              "ENABLED");
  }
  EXPECT_EQ(client_->stats().retries, retries);
}

TEST_P(ClientTest, DeletedTableGoesAway) {
  std::string table = CreateTable();
  client_->DeleteTable(table);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = !client_->DescribeTable(table).has_value();
    if (!gone) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_TRUE(gone);
}

TEST_P(ClientTest, ScanOfMissingTableFailsAtOnceAsResourceNotFound) {
  ScanRequest request;
  request.table = "ddbm_no_such_table";
  try {
    client_->Scan(request);
    FAIL() << "no ApiFailure";
  } catch (const ApiFailure& failure) {
    EXPECT_EQ(failure.error().kind, ErrorKind::kResourceNotFound);
    EXPECT_EQ(failure.operation(), "Scan");
  }
  EXPECT_EQ(client_->stats().requests, 1);
  EXPECT_EQ(client_->stats().retries, 0);
}

TEST_P(ClientTest, ItemWithoutItsKeyIsAValidationFailure) {
  std::string table = CreateTable();
  std::string keyless = R"({"other":{"S":"x"}})";
  try {
    client_->BatchWritePut(table, {keyless});
    FAIL() << "no ApiFailure";
  } catch (const ApiFailure& failure) {
    EXPECT_EQ(failure.error().kind, ErrorKind::kValidation) << failure.what();
  }
}

TEST_P(ClientTest, QueryReturnsTheRawResponse) {
  std::string table = CreateTable();
  PutAll(table, {EveryTypeItem(3)});
  nlohmann::json request = {{"TableName", table},
                            {"KeyConditionExpression", "id = :id"},
                            {"ExpressionAttributeValues", {{":id", {{"S", "item-003"}}}}}};
  nlohmann::json response = nlohmann::json::parse(client_->Query(request));
  EXPECT_EQ(response["Count"], 1);
}

INSTANTIATE_TEST_SUITE_P(Servers, ClientTest,
                         ::testing::Values(ServerKind::kDynalite, ServerKind::kMoto),
                         [](const ::testing::TestParamInfo<ServerKind>& server) {
                           return server.param == ServerKind::kDynalite ? "Dynalite" : "Moto";
                         });

TEST(ClientFailureTest, NothingListeningIsANetworkFailureAfterBoundedRetries) {
  aws::ConnectionSettings settings;
  settings.endpoint = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort());
  settings.region = "us-east-1";
  settings.credentials.access_key_id = "AKIDTEST";
  settings.credentials.secret_access_key = "secret";
  dynamodb::RetryLimits limits;
  limits.max_attempts = 4;
  limits.base_delay = std::chrono::milliseconds(5);
  limits.max_delay = std::chrono::milliseconds(20);
  Client client(settings, dynamodb::RetryPolicy(limits));

  auto start = std::chrono::steady_clock::now();
  try {
    client.ListTables();
    FAIL() << "no ApiFailure";
  } catch (const ApiFailure& failure) {
    EXPECT_EQ(failure.error().kind, ErrorKind::kNetwork);
    EXPECT_EQ(failure.error().http_status, 0);
    EXPECT_NE(std::string(failure.what()).find("ListTables: no response: "), std::string::npos)
        << failure.what();
  }
  auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(client.stats().requests, 4);
  EXPECT_EQ(client.stats().retries, 3);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(ClientFailureTest, TotalTimeBudgetEndsRetriesBeforeTheAttemptLimit) {
  aws::ConnectionSettings settings;
  settings.endpoint = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort());
  settings.region = "us-east-1";
  settings.credentials.access_key_id = "AKIDTEST";
  settings.credentials.secret_access_key = "secret";
  dynamodb::RetryLimits limits;
  limits.max_attempts = 1000;
  limits.base_delay = std::chrono::milliseconds(20);
  limits.max_delay = std::chrono::milliseconds(40);
  limits.max_total = std::chrono::milliseconds(300);
  Client client(settings, dynamodb::RetryPolicy(limits));

  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(client.DescribeTable("t"), ApiFailure);
  auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_LT(client.stats().requests, 1000);
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(ClientFailureTest, BatchWritePutTakesOneToTwentyFiveItems) {
  aws::ConnectionSettings settings;
  settings.endpoint = "http://127.0.0.1:9";
  settings.region = "us-east-1";
  Client client(settings);
  std::string item = R"({"id":{"S":"x"}})";
  EXPECT_THROW(client.BatchWritePut("t", {}), std::invalid_argument);
  EXPECT_THROW(client.BatchWritePut("t", std::vector<std::string_view>(26, item)),
               std::invalid_argument);
  EXPECT_EQ(client.stats().requests, 0);
}

}  // namespace
}  // namespace ddbm::testing
