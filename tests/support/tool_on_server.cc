#include "tool_on_server.h"

#include <sstream>

namespace ddbm::testing {

ToolResult RunToolOn(const LocalDynamoDb& server, std::vector<std::string> args) {
  ToolRun run;
  run.args = std::move(args);
  run.args.push_back("--endpoint-url");
  run.args.push_back(server.endpoint());
  run.env = {{"AWS_ACCESS_KEY_ID", "test"},
             {"AWS_SECRET_ACCESS_KEY", "test"},
             {"AWS_REGION", "us-east-1"}};
  return RunTool(run);
}

std::string LineWith(const std::string& text, const std::vector<std::string>& needles) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    bool all = true;
    for (const std::string& needle : needles) {
      all = all && line.find(needle) != std::string::npos;
    }
    if (all) {
      return line;
    }
  }
  return "";
}

}  // namespace ddbm::testing
