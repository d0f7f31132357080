// A local DynamoDB-compatible server for one test process: dynalite (from the repo's
// node_modules) or moto_server, on a free loopback port, stopped by its process id.
#pragma once

#include <sys/types.h>
#include <string>

#include "aws/connection_settings.h"

namespace ddbm::testing {

enum class ServerKind { kDynalite, kMoto };

struct ServerOptions {
  // dynalite only: how long tables stay CREATING / DELETING.
  int create_table_ms = 0;
  int delete_table_ms = 0;
};

class LocalDynamoDb {
 public:
  /// Starts the server and waits until it answers ListTables. Fails the test (FAIL()/throw)
  /// with the server's output when it does not start within a few seconds.
  explicit LocalDynamoDb(ServerKind kind, ServerOptions options = {});
  /// Stops the server by its pid (SIGTERM, then SIGKILL), never by name.
  ~LocalDynamoDb();
  LocalDynamoDb(const LocalDynamoDb&) = delete;
  LocalDynamoDb& operator=(const LocalDynamoDb&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string endpoint() const;
  int port() const { return port_; }
  ServerKind kind() const { return kind_; }
  /// Settings for this server: region us-east-1, fixed test credentials.
  aws::ConnectionSettings settings() const;

 private:
  ServerKind kind_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string log_path_;
};

/// A free TCP port on 127.0.0.1 (bound, read, released).
int FreeLoopbackPort();

}  // namespace ddbm::testing
