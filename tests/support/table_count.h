// Counting a table's items with a full consistent Scan, the way a user would check.
#pragma once

#include <string>

#include "dynamodb/client.h"

namespace ddbm::testing {

long CountItems(dynamodb::Client& client, const std::string& table);

}  // namespace ddbm::testing
