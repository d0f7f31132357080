// demo-tables: creates and fills the old-schema chat tables for the demo, and queries one
// user's records afterwards. Not installed; the demo script runs it from the build tree.
//
//   demo-tables seed  --endpoint-url URL [--records N] [--responses N]
//   demo-tables query --endpoint-url URL --user USER
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "aws/connection_settings.h"
#include "common/environment.h"
#include "dynamodb/client.h"
#include "tools/chat_dataset.h"

int main(int argc, char** argv) {
  CLI::App app("Sample chat tables for the ddbmigrate demo", "demo-tables");
  ddbm::aws::ConnectionOptions connection;
  int records = 5000;
  int responses = 3000;
  std::string user;
  app.add_option("--endpoint-url", connection.endpoint_url)->required();
  app.add_option("--region", connection.region);
  app.fallthrough();
  CLI::App* seed = app.add_subcommand("seed", "create the old-schema tables and fill them");
  seed->add_option("--records", records);
  seed->add_option("--responses", responses);
  CLI::App* query = app.add_subcommand("query", "list one user's records in the new table");
  query->add_option("--user", user)->required();
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);

  try {
    ddbm::dynamodb::Client client(
        ddbm::aws::ResolveConnection(connection, ddbm::ProcessEnvironment()));
    if (seed->parsed()) {
      ddbm::dataset::CreateOldSchemaTables(client, "ChatRecordTable", "ChatResponseTable");
      std::vector<std::string> items;
      for (int i = 0; i < records; ++i) {
        items.push_back(ddbm::dataset::ChatRecord(i));
      }
      ddbm::dataset::PutItems(client, "ChatRecordTable", items);
      items.clear();
      for (int i = 0; i < responses; ++i) {
        items.push_back(ddbm::dataset::ChatResponse(i));
      }
      ddbm::dataset::PutItems(client, "ChatResponseTable", items);
      std::cout << "created ChatRecordTable (" << records << " records, partition key id) and "
                << "ChatResponseTable (" << responses << " responses)\n";
      return 0;
    }

    nlohmann::json request = {{"TableName", "ChatRecordTable"},
                              {"KeyConditionExpression", "user_id = :u"},
                              {"ExpressionAttributeValues", {{":u", {{"S", user}}}}},
                              {"ProjectionExpression", "user_id, id, content"},
                              {"Limit", 5}};
    nlohmann::json response = nlohmann::json::parse(client.Query(request));
    std::cout << "Query ChatRecordTable where user_id = " << user << ": "
              << response.value("Count", 0) << " records in the first page, e.g.\n";
    for (const auto& item : response["Items"]) {
      std::cout << "  " << item["id"]["S"].get<std::string>() << "  "
                << item["content"]["S"].get<std::string>() << "\n";
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "demo-tables: error: " << error.what() << "\n";
    return 1;
  }
}
