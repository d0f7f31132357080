#include <string>

#include "plan/plan.h"

namespace ddbm::plan {

std::string DefaultPlanToml() {
  // The one definition of the built-in plan: DefaultPlan() parses this text, so what
  // `plan --print-default` shows is exactly what runs.
  return R"(# ddbmigrate's built-in plan: the chat-record migration.
#
# ChatRecordTable was created with partition key id alone, so one user's records could only be
# listed by scanning the whole table. It moves to partition key user_id with sort key id;
# records without a usable user_id (missing, NULL or "") are filed under the user "public".
#
# ChatResponseTable keeps its key schema (partition key id, sort key resp_no): it is backed up
# and verified with ChatRecordTable, never dropped.

name = "chat_records"

[[table]]
name = "ChatRecordTable"
partition_key = { name = "user_id", type = "S" }
sort_key = { name = "id", type = "S" }
fill = { user_id = "public" }

[[table]]
name = "ChatResponseTable"
)";
}

Plan DefaultPlan() {
  return ParsePlan(DefaultPlanToml(), "built-in");
}

}  // namespace ddbm::plan
