#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "fault_answers.h"
#include "http_wire.h"
#include "raw_json.h"

namespace ddbm::testing {
namespace {

constexpr int kAcceptPollMs = 100;

constexpr std::array<const char*, kFaultKinds> kFaultNames = {
    "ProvisionedThroughputExceeded",
    "Throttling",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "ExpiredToken",
    "Reset",
    "ResetAfterForward",
    "Stall",
    "Delay",
    "PartialBatch",
    "SmallScanPages",
    "EmptyScanPage",
    "HoldCreating",
    "HoldDeleting",
    "RefuseCreateAfterDelete",
};

bool IsTableState(Fault fault) {
  return fault == Fault::kHoldCreating || fault == Fault::kHoldDeleting ||
         fault == Fault::kRefuseCreateAfterDelete;
}

std::string OperationOf(const HttpMessage& request) {
  std::string target = request.Header("X-Amz-Target").value_or("");
  size_t dot = target.rfind('.');
  return dot == std::string::npos ? target : target.substr(dot + 1);
}

// The tables a request names: TableName, or the keys of a batch's RequestItems.
std::vector<std::string> TablesOf(const nlohmann::json& body) {
  std::vector<std::string> tables;
  if (!body.is_object()) {
    return tables;
  }
  auto name = body.find("TableName");
  if (name != body.end() && name->is_string()) {
    tables.push_back(name->get<std::string>());
  }
  auto items = body.find("RequestItems");
  if (items != body.end() && items->is_object()) {
    for (const auto& [table, requests] : items->items()) {
      tables.push_back(table);
    }
  }
  return tables;
}

// What rules are matched against.
struct RequestFacts {
  std::string operation;
  std::string table;                // TableName, when the request has one
  std::vector<std::string> tables;  // every table named, a batch's included
  std::string_view body;
  bool has_start_key = false;  // a Scan past its first page
  size_t writes = 0;           // a BatchWriteItem's write requests
};

RequestFacts Inspect(const std::string& operation, std::string_view body) {
  RequestFacts facts;
  facts.operation = operation;
  facts.body = body;
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object()) {
    return facts;
  }
  facts.tables = TablesOf(parsed);
  if (parsed.contains("TableName") && parsed["TableName"].is_string()) {
    facts.table = parsed["TableName"].get<std::string>();
  }
  facts.has_start_key = parsed.contains("ExclusiveStartKey");
  if (operation == "BatchWriteItem") {
    std::optional<RawBatch> batch = SplitBatch(body);
    facts.writes = batch ? CountWrites(*batch) : 0;
  }
  return facts;
}

// Whether the rule's conditions hold for the request, and its fault can touch it: a fault
// that cannot (an empty page for a Scan's first page) does not count the request as a match.
bool Matches(const FaultRule& rule, const RequestFacts& facts) {
  std::string wanted = rule.operation;
  if (IsTableState(rule.fault)) {
    wanted = rule.fault == Fault::kHoldCreating ? "CreateTable" : "DeleteTable";
  }
  if (!wanted.empty() && wanted != facts.operation) {
    return false;
  }
  if (!rule.table.empty() &&
      std::find(facts.tables.begin(), facts.tables.end(), rule.table) == facts.tables.end()) {
    return false;
  }
  if (!rule.body_contains.empty() && facts.body.find(rule.body_contains) == std::string::npos) {
    return false;
  }

  switch (rule.fault) {
    case Fault::kPartialBatch:
      return facts.writes > 0 &&
             (rule.keep_items < 0 || static_cast<size_t>(rule.keep_items) < facts.writes);
    case Fault::kSmallScanPages:
      return facts.operation == "Scan";
    case Fault::kEmptyScanPage:
      return facts.operation == "Scan" && facts.has_start_key;
    default:
      return true;
  }
}

}  // namespace

const char* FaultName(Fault fault) {
  return kFaultNames[static_cast<size_t>(fault)];
}

struct FaultProxy::Decision {
  std::optional<Fault> answer;  // what replaces plain forwarding, if anything
  int delay_ms = 0;
  int page_limit = 0;                           // > 0: the Scan is forwarded with this Limit
  size_t keep = 0;                              // kPartialBatch: write requests forwarded
  std::string deleting_table;                   // set: answer DescribeTable with this Table object
  std::string table;                            // the request's TableName, if any
  std::vector<std::pair<Fault, int>> triggers;  // table states to start on success
};

FaultProxy::FaultProxy(int upstream_port, std::uint64_t seed)
    : upstream_port_(upstream_port), seed_(seed), random_(seed) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    throw std::runtime_error("fault proxy: socket failed");
  }
  int on = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;  // the kernel picks a free port: no race with other test processes
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd_, 128) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    close(listen_fd_);
    throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() {
  stop_ = true;
  acceptor_.join();
  for (Worker& worker : workers_) {
    worker.thread.join();
  }
  close(listen_fd_);
}

std::string FaultProxy::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FaultProxy::SetRules(std::vector<FaultRule> rules) {
  std::lock_guard lock(mutex_);
  if (rules.empty()) {
    tables_.clear();
  }
  rules_ = std::move(rules);
  matches_.assign(rules_.size(), 0);
  fired_.assign(rules_.size(), 0);
}

long FaultProxy::Injected(Fault fault) const {
  std::lock_guard lock(mutex_);
  return injected_[static_cast<size_t>(fault)];
}

long FaultProxy::TotalInjected() const {
  std::lock_guard lock(mutex_);
  long total = 0;
  for (long count : injected_) {
    total += count;
  }
  return total;
}

long FaultProxy::Requests(const std::string& operation) const {
  std::lock_guard lock(mutex_);
  auto found = requests_.find(operation);
  return found == requests_.end() ? 0 : found->second;
}

long FaultProxy::BatchItemsWritten() const {
  std::lock_guard lock(mutex_);
  return batch_items_written_;
}

std::string FaultProxy::Summary() const {
  std::lock_guard lock(mutex_);
  std::string text = "injected:";
  for (size_t i = 0; i < injected_.size(); ++i) {
    if (injected_[i] > 0) {
      text += std::string(" ") + kFaultNames[i] + "=" + std::to_string(injected_[i]);
    }
  }
  text += "; requests:";
  for (const auto& [operation, count] : requests_) {
    text += " " + operation + "=" + std::to_string(count);
  }
  return text + "; batch items written: " + std::to_string(batch_items_written_);
}

void FaultProxy::Record(Fault fault) {
  ++injected_[static_cast<size_t>(fault)];
}

void FaultProxy::AcceptLoop() {
  while (!stop_.load()) {
    pollfd poll_fd{listen_fd_, POLLIN, 0};
    if (poll(&poll_fd, 1, kAcceptPollMs) <= 0) {
      continue;
    }
    int client_fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client_fd < 0) {
      continue;
    }

    // Join the threads of connections that have ended, so a long test does not pile them up.
    std::erase_if(workers_, [](Worker& worker) {
      if (!worker.done->load()) {
        return false;
      }
      worker.thread.join();
      return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back({std::thread([this, client_fd, done] {
                          Serve(client_fd);
                          *done = true;
                        }),
                        done});
  }
}

FaultProxy::Decision FaultProxy::Decide(const std::string& operation, const std::string& body) {
  RequestFacts facts = Inspect(operation, body);
  Decision decision;
  decision.table = facts.table;

  std::lock_guard lock(mutex_);
  ++requests_[operation];
  for (size_t i = 0; i < rules_.size(); ++i) {
    const FaultRule& rule = rules_[i];
    if (!Matches(rule, facts)) {
      continue;
    }
    long match = ++matches_[i];
    if ((rule.nth > 0 && match != rule.nth) || match <= rule.after ||
        (rule.limit >= 0 && fired_[i] >= rule.limit)) {
      continue;
    }
    if (rule.probability < 1.0 &&
        std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= rule.probability) {
      continue;
    }
    if (Apply(rule, facts.writes, decision)) {
      ++fired_[i];
    }
  }

  ApplyTableStates(operation, decision);
  return decision;
}

// Adds the rule's fault to the decision; false when the request already has an answer.
// `writes` is the size of the request's batch, if it is one.
bool FaultProxy::Apply(const FaultRule& rule, size_t writes, Decision& decision) {
  switch (rule.fault) {
    case Fault::kDelay:
      decision.delay_ms += rule.delay_ms;
      break;
    case Fault::kSmallScanPages:
      decision.page_limit = rule.page_limit;
      break;
    case Fault::kHoldCreating:
    case Fault::kHoldDeleting:
    case Fault::kRefuseCreateAfterDelete:
      decision.triggers.emplace_back(rule.fault, rule.hold_calls);
      return true;  // counted when they change an answer
    default:
      if (decision.answer) {
        return false;
      }
      decision.answer = rule.fault;
      if (rule.fault == Fault::kPartialBatch) {
        decision.keep = rule.keep_items >= 0
                            ? static_cast<size_t>(rule.keep_items)
                            : std::uniform_int_distribution<size_t>(0, writes - 1)(random_);
      }
      break;
  }
  Record(rule.fault);
  return true;
}

// Table states started by earlier creates and deletes, for a request no rule has answered.
void FaultProxy::ApplyTableStates(const std::string& operation, Decision& decision) {
  if (decision.answer || decision.table.empty()) {
    return;
  }
  auto found = tables_.find(decision.table);
  if (found == tables_.end()) {
    return;
  }

  TableState& state = found->second;
  if (operation == "DescribeTable" && state.deleting_left > 0) {
    --state.deleting_left;
    decision.deleting_table = state.deleting_description;
    Record(Fault::kHoldDeleting);
  } else if (operation == "CreateTable" && state.refuse_left > 0) {
    --state.refuse_left;
    decision.answer = Fault::kRefuseCreateAfterDelete;
    Record(Fault::kRefuseCreateAfterDelete);
  }
}

// An answer the proxy gives without asking the server, or nullopt when the request goes on.
std::optional<HttpMessage> FaultProxy::MadeUpAnswer(const HttpMessage& request,
                                                    const Decision& decision) {
  if (!decision.deleting_table.empty()) {
    return MakeResponse(200, "OK", "{\"Table\":" + decision.deleting_table + "}");
  }
  if (!decision.answer) {
    return std::nullopt;
  }
  if (std::optional<HttpMessage> error = ErrorAnswer(*decision.answer)) {
    return error;
  }
  if (*decision.answer != Fault::kEmptyScanPage) {
    return std::nullopt;
  }

  return EmptyScanPage(request.body);
}

// Records what a successful answer starts (table states) or shows (items written, a table
// to be shown as CREATING).
void FaultProxy::Observe(const std::string& operation, const HttpMessage& request,
                         const Decision& decision, HttpMessage& response) {
  if (response.Status() != 200) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (operation == "BatchWriteItem") {
    std::optional<RawBatch> sent = SplitBatch(request.body);
    long total = sent ? static_cast<long>(CountWrites(*sent)) : 0;
    bool trimmed = decision.answer == Fault::kPartialBatch;
    batch_items_written_ += trimmed ? static_cast<long>(decision.keep) : total;
  }
  if (decision.table.empty()) {
    return;
  }

  TableState& state = tables_[decision.table];
  for (const auto& [fault, calls] : decision.triggers) {
    if (fault == Fault::kHoldCreating) {
      state.creating_left = calls;
    } else if (fault == Fault::kRefuseCreateAfterDelete) {
      state.refuse_left = calls;
    } else {
      nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
      if (parsed.is_object() && parsed.contains("TableDescription")) {
        nlohmann::json table = parsed["TableDescription"];
        table["TableStatus"] = "DELETING";
        state.deleting_description = table.dump();
        state.deleting_left = calls;
      }
    }
  }

  if (operation != "DescribeTable" || !decision.deleting_table.empty() ||
      state.creating_left <= 0) {
    return;
  }
  nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("Table")) {
    return;
  }
  --state.creating_left;
  Record(Fault::kHoldCreating);
  nlohmann::json& table = parsed["Table"];
  table["TableStatus"] = "CREATING";
  if (table.contains("GlobalSecondaryIndexes")) {
    for (nlohmann::json& index : table["GlobalSecondaryIndexes"]) {
      index["IndexStatus"] = "CREATING";
    }
  }
  ReplaceBody(response, parsed.dump());
}

// Sends `request` upstream and reads the answer, over a fresh connection when the server
// closed the idle one (Node drops keep-alive connections after 5 s).
bool FaultProxy::Forward(std::unique_ptr<HttpConnection>& upstream, const HttpMessage& request,
                         HttpMessage& response) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!upstream || upstream->PeerClosed()) {
      int fd = ConnectLoopback(upstream_port_);
      if (fd < 0) {
        return false;
      }
      upstream = std::make_unique<HttpConnection>(fd, stop_);
    }
    upstream->ExpectResponse();
    if (upstream->Write(request.Serialize()) &&
        upstream->ReadResponse(response) == ReadOutcome::kMessage) {
      return true;
    }
    bool answered = upstream->Received();
    upstream.reset();
    if (answered || stop_.load()) {
      return false;
    }
  }
  return false;
}

// One client connection, start to end. Each request is decided, then answered by the proxy,
// forwarded as it came, or forwarded rewritten; a fault that drops the connection ends it.
void FaultProxy::Serve(int client_fd) {
  HttpConnection client(client_fd, stop_);
  std::unique_ptr<HttpConnection> upstream;
  for (;;) {
    HttpMessage request;
    if (client.ReadRequest(request) != ReadOutcome::kMessage) {
      return;
    }
    request.RemoveHeader("Expect");  // the body is here already
    std::string operation = OperationOf(request);
    Decision decision = Decide(operation, request.body);
    Fault fault = decision.answer.value_or(Fault::kDelay);
    if (fault == Fault::kReset) {
      client.Reset();
      return;
    }
    if (fault == Fault::kStall) {
      client.WaitForPeerToClose();
      return;
    }

    std::optional<HttpMessage> response = MadeUpAnswer(request, decision);
    if (!response) {
      response = ForwardRewritten(upstream, request, decision);
      if (!response) {
        client.Reset();  // the client sees what it would if the server had gone away
        return;
      }
    }
    Observe(operation, request, decision, *response);

    if (fault == Fault::kResetAfterForward) {
      client.Reset();
      return;
    }
    for (int waited = 0; waited < decision.delay_ms && !stop_.load(); waited += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!client.Write(response->Serialize())) {
      return;
    }
  }
}

// Forwards the request, first given a smaller Limit or trimmed to part of its batch when the
// decision says so; the trimmed-off writes are added to the answer as UnprocessedItems.
std::optional<HttpMessage> FaultProxy::ForwardRewritten(std::unique_ptr<HttpConnection>& upstream,
                                                        const HttpMessage& request,
                                                        const Decision& decision) {
  HttpMessage outgoing = request;
  if (decision.page_limit > 0) {
    nlohmann::json parsed = nlohmann::json::parse(request.body, nullptr, false);
    int limit = decision.page_limit;
    if (parsed.is_object() && parsed.contains("Limit") && parsed["Limit"].is_number()) {
      limit = std::min(limit, parsed["Limit"].get<int>());
    }
    outgoing.body = WithMember(request.body, "Limit", std::to_string(limit));
  }

  std::optional<RawBatch> batch;
  if (decision.answer == Fault::kPartialBatch) {
    batch = SplitBatch(request.body);
  }
  if (batch && decision.keep == 0) {
    // Nothing is forwarded: the whole batch comes back, as from a table at its capacity.
    return MakeResponse(
        200, "OK", "{\"UnprocessedItems\":" + BatchSlice(*batch, 0, CountWrites(*batch)) + "}");
  }
  if (batch) {
    outgoing.body = WithMember(request.body, "RequestItems", BatchSlice(*batch, 0, decision.keep));
  }

  HttpMessage response;
  if (!Forward(upstream, outgoing, response)) {
    return std::nullopt;
  }
  if (batch && response.Status() == 200) {
    ReplaceBody(response, WithMember(response.body, "UnprocessedItems",
                                     BatchSlice(*batch, decision.keep, CountWrites(*batch))));
  }
  return response;
}

}  // namespace ddbm::testing
