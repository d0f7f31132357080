// A fault-injecting reverse proxy for tests: it listens on a free 127.0.0.1 port, forwards
// DynamoDB JSON requests (POST, operation named by X-Amz-Target) to a local server such as
// dynalite, and, by rule or at random from a seed, answers some of them the way a struggling
// DynamoDB would: throttling and 5xx errors, reset or stalled connections, slow answers,
// partly processed batches, small and empty Scan pages, tables that stay CREATING or DELETING,
// expired credentials. Neither dynalite nor moto ever does any of this on its own.
//
// Design: one thread accepts; each client connection gets a thread and its own upstream
// connection (reopened when the server drops it while idle), so keep-alive and concurrent
// clients behave as with the real service. Rules, table states, counters and the random engine
// are shared under one mutex, taken once per request to decide its fate and again to record
// what happened; the forwarding itself runs unlocked.
//
// A request the proxy rewrites (a trimmed batch, a Scan given a Limit) keeps the client's
// signature, which no longer matches its body. dynalite checks only the signature's form; this
// proxy is for local servers, never for AWS.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "http_wire.h"

namespace ddbm::testing {

enum class Fault {
  // Answered in place of the server, with the status and body DynamoDB sends.
  kProvisionedThroughputExceeded,  // 400
  kThrottling,                     // 400
  kRequestLimitExceeded,           // 400
  kInternalServerError,            // 500
  kServiceUnavailable,             // 503
  kExpiredToken,                   // 400, a credential error no retry can fix
  // The connection.
  kReset,              // closed with a TCP reset before forwarding: the server never saw it
  kResetAfterForward,  // forwarded, then reset: the server acted but the answer is lost
  kStall,              // never answered; held until the client gives up and closes
  kDelay,              // forwarded and answered `delay_ms` late
  // Answers the real service gives and local servers never do.
  kPartialBatch,    // BatchWriteItem: forward the first `keep_items`, return the rest unprocessed
  kSmallScanPages,  // Scan: forwarded with Limit `page_limit` (or the client's, if smaller)
  kEmptyScanPage,   // Scan past its first page: an empty page whose LastEvaluatedKey is the
                    // request's ExclusiveStartKey, so the client must ask again from there
  // Table states. Triggered by a successful CreateTable/DeleteTable of a matching table; the
  // counter counts the answers changed, not the triggers.
  kHoldCreating,             // the next `hold_calls` DescribeTable say CREATING
  kHoldDeleting,             // the next `hold_calls` DescribeTable say DELETING: still there
  kRefuseCreateAfterDelete,  // the next `hold_calls` CreateTable get ResourceInUseException
};
inline constexpr int kFaultKinds = 16;

const char* FaultName(Fault fault);

/// When a fault applies. A request matches when every non-empty condition holds; a matching
/// request then gets the fault if it is the `nth` match (when given), comes after the first
/// `after` matches, the rule has fired fewer than `limit` times (when given), and a draw
/// succeeds with `probability`. Several rules can
/// fire on one request: the first answer-changing fault wins, kDelay and kSmallScanPages add to
/// it.
struct FaultRule {
  Fault fault = Fault::kInternalServerError;
  /// The operation, e.g. "BatchWriteItem"; empty: any. Table-state faults need none: they
  /// watch CreateTable or DeleteTable.
  std::string operation;
  std::string table;          // a table the request names; empty: any
  std::string body_contains;  // text the request body holds, e.g. an item's id; empty: any
  long nth = 0;               // 1-based among this rule's matches; 0: every match
  long after = 0;             // the first `after` matches go through untouched
  long limit = -1;            // at most this many injections; -1: no limit
  double probability = 1.0;
  int delay_ms = 0;     // kDelay
  int keep_items = 0;   // kPartialBatch: write requests forwarded; -1: a random number below
                        // the batch's size, so at least one comes back unprocessed
  int page_limit = 10;  // kSmallScanPages
  int hold_calls = 3;   // kHoldCreating, kHoldDeleting, kRefuseCreateAfterDelete
};

class FaultProxy {
 public:
  /// Starts listening at once and forwards to 127.0.0.1:`upstream_port`. `seed` drives every
  /// random choice; print it (seed()) with any failure so the run can be repeated.
  FaultProxy(int upstream_port, std::uint64_t seed);
  /// Stops accepting, ends every connection (a stalled one included) and joins all threads.
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  /// "http://127.0.0.1:<port>", for --endpoint-url.
  std::string endpoint() const;
  std::uint64_t seed() const { return seed_; }

  /// Replaces the rules; requests already decided keep their fate. Clears pending table
  /// states when `rules` is empty.
  void SetRules(std::vector<FaultRule> rules);

  /// How many times the fault was injected.
  long Injected(Fault fault) const;
  long TotalInjected() const;
  /// Requests of that operation that reached the proxy.
  long Requests(const std::string& operation) const;
  /// Write requests of BatchWriteItem that the server answered as processed.
  long BatchItemsWritten() const;
  /// One line, e.g. "injected: Reset=3 Delay=12; requests: BatchWriteItem=140 Scan=60".
  std::string Summary() const;

 private:
  struct Decision;
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void AcceptLoop();
  void Serve(int client_fd);
  Decision Decide(const std::string& operation, const std::string& body);
  bool Apply(const FaultRule& rule, size_t writes, Decision& decision);
  void ApplyTableStates(const std::string& operation, Decision& decision);
  std::optional<HttpMessage> MadeUpAnswer(const HttpMessage& request, const Decision& decision);
  std::optional<HttpMessage> ForwardRewritten(std::unique_ptr<HttpConnection>& upstream,
                                              const HttpMessage& request, const Decision& decision);
  bool Forward(std::unique_ptr<HttpConnection>& upstream, const HttpMessage& request,
               HttpMessage& response);
  void Observe(const std::string& operation, const HttpMessage& request, const Decision& decision,
               HttpMessage& response);
  void Record(Fault fault);  // with mutex_ held

  int upstream_port_;
  std::uint64_t seed_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::list<Worker> workers_;  // touched by the accepting thread and the destructor only

  mutable std::mutex mutex_;  // guards everything below
  std::vector<FaultRule> rules_;
  std::vector<long> matches_;  // per rule
  std::vector<long> fired_;    // per rule
  std::mt19937_64 random_;
  std::array<long, kFaultKinds> injected_{};
  std::map<std::string, long> requests_;
  long batch_items_written_ = 0;
  struct TableState {
    int creating_left = 0;
    int deleting_left = 0;
    int refuse_left = 0;
    std::string deleting_description;  // the Table object answered while "still deleting"
  };
  std::map<std::string, TableState> tables_;
};

}  // namespace ddbm::testing
