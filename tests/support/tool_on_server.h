// Running ddbmigrate against a test server the way an operator would, and finding lines in what
// it printed.
#pragma once

#include <string>
#include <vector>

#include "local_dynamodb.h"
#include "run_tool.h"

namespace ddbm::testing {

/// Runs ddbmigrate with `args` plus `--endpoint-url <server>`, with test credentials and region
/// in the environment and nothing else of the test's AWS_* variables.
ToolResult RunToolOn(const LocalDynamoDb& server, std::vector<std::string> args);

/// The first line of `text` that holds every one of `needles`; "" when no line does.
std::string LineWith(const std::string& text, const std::vector<std::string>& needles);

}  // namespace ddbm::testing
