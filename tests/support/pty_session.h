// Runs the ddbmigrate binary on a pseudo-terminal, as an operator at a terminal would: the test
// reads what it prints and types answers.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ddbm::testing {

class PtySession {
 public:
  PtySession(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);
  ~PtySession();
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  /// Reads output until `text` has appeared (true) or the timeout passed (false).
  bool WaitFor(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(30));
  void Type(const std::string& line);
  /// Sends a signal to the child (e.g. SIGINT, as Ctrl-C does).
  void Signal(int signal_number);
  /// Reads the rest of the output and returns the exit code (128 + signal if killed).
  int Finish();

  const std::string& output() const { return output_; }

 private:
  bool ReadSome(int timeout_ms);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string output_;
};

}  // namespace ddbm::testing
