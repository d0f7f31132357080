#include "table_count.h"

namespace ddbm::testing {

long CountItems(dynamodb::Client& client, const std::string& table) {
  dynamodb::ScanRequest request;
  request.table = table;
  request.count_only = true;
  request.consistent_read = true;
  long count = 0;
  do {
    dynamodb::ScanPage page = client.Scan(request);
    count += page.count;
    request.exclusive_start_key = page.last_evaluated_key;
  } while (request.exclusive_start_key);
  return count;
}

}  // namespace ddbm::testing
