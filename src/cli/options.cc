#include "cli/options.h"

#include <algorithm>
#include <array>
#include <iostream>

#include <CLI/CLI.hpp>

#include "common/did_you_mean.h"
#include "common/exit_code.h"
#include "engine/version.h"

namespace ddbm::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0    success\n"
    "  1    failed; nothing was changed\n"
    "  2    usage error\n"
    "  3    pre-flight checks failed; nothing was changed\n"
    "  4    aborted by the operator (no YES); nothing was changed\n"
    "  5    failed after tables were changed; every item is safe in the backup\n"
    "  6    verification found a difference between the tables and the backup\n"
    "  130  interrupted\n";

constexpr std::array<const char*, 6> kCommands = {"export", "rebuild", "import",
                                                  "verify", "migrate", "rollback"};

void AddGlobalOptions(CLI::App& app, Options& options) {
  app.add_option("--region", options.connection.region,
                 "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile)");
  app.add_option("--profile", options.connection.profile,
                 "profile in the shared config and credentials files (default: AWS_PROFILE)");
  app.add_option("--endpoint-url", options.connection.endpoint_url,
                 "DynamoDB endpoint, e.g. http://localhost:8000 (default: "
                 "AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL)");
  app.add_option("--plan", options.plan_file,
                 "plan file (TOML); without it the built-in chat-record plan applies");
  app.add_option("--table-prefix", options.table_prefix,
                 "prefix added to every table name of the plan, e.g. prod-");
  app.add_option("--table", options.table_overrides,
                 "live name of one table of the plan, as PLAN_NAME=LIVE_NAME (repeatable)");
  app.add_option("--backup-dir", options.engine.backup_root,
                 "directory holding the backups (default: the current directory)");
  app.add_flag("--yes", options.engine.assume_yes,
               "do not ask before deleting tables (the backup is still taken and checked)");
  app.add_flag("--force", options.engine.force,
               "import into non-empty tables, or roll back over items the backup lacks");
  app.add_flag("--allow-disable-deletion-protection",
               options.engine.allow_disable_deletion_protection,
               "turn off deletion protection of a table being re-created, right before deleting "
               "it (the new table gets it back)");
  app.add_option("--segments", options.engine.segments,
                 "parallel scan segments per table (default: from the table's size)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--writers", options.engine.writers,
                 "concurrent BatchWriteItem requests during import (default: 8)")
      ->check(CLI::Range(1, 256));
  app.add_flag("--quiet,-q", options.quiet, "print errors and results only");
}

std::string UsageError(const std::string& message) {
  std::string fact = message;
  if (!fact.empty()) {
    fact[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(fact[0])));
  }
  return fact;
}

}  // namespace

int ParseCommandLine(int argc, char** argv, Options& options) {
  CLI::App app(
      "Changes the key schema of DynamoDB tables without losing data: backs them up, "
      "re-creates them with the new keys, reloads and verifies them.",
      "ddbmigrate");
  app.footer(kExitCodes);
  app.set_version_flag("--version", engine::kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  AddGlobalOptions(app, options);

  app.add_subcommand("export", "back the plan's tables up into a new backup directory");
  CLI::App* rebuild = app.add_subcommand(
      "rebuild", "delete the tables whose keys change and create them with the new keys");
  CLI::App* import =
      app.add_subcommand("import", "load a backup into the tables, bringing items to the new keys");
  CLI::App* verify =
      app.add_subcommand("verify", "check a backup and compare it with the live tables");
  app.add_subcommand("migrate", "export, rebuild, import and verify in one go; resumable");
  CLI::App* rollback = app.add_subcommand(
      "rollback", "re-create the tables as a backup describes them and reload its items");
  for (CLI::App* command : {rebuild, import, verify, rollback}) {
    command->add_option("BACKUP", options.backup,
                        "backup directory (default: the newest complete one under --backup-dir)");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return static_cast<int>(ExitCode::kSuccess);
  } catch (const CLI::CallForVersion&) {
    std::cout << "ddbmigrate " << engine::kVersion << "\n";
    return static_cast<int>(ExitCode::kSuccess);
  } catch (const CLI::ParseError& error) {
    std::string fact = UsageError(error.what());
    std::string suggestion;
    std::vector<std::string> commands(kCommands.begin(), kCommands.end());
    for (int i = 1; i < argc; ++i) {
      std::string word = argv[i];
      if (word.empty() || word[0] == '-' ||
          std::find(commands.begin(), commands.end(), word) != commands.end()) {
        continue;
      }
      // The first word that is neither an option nor a command: most likely a mistyped command.
      if (std::optional<std::string> close = DidYouMean(word, commands)) {
        fact = "unknown command \"" + word + "\"";
        suggestion = *close;
      }
      break;
    }
    std::cerr << "ddbmigrate: error: " << fact << "\n";
    if (!suggestion.empty()) {
      std::cerr << "did you mean " << suggestion << "?\n";
    }
    std::cerr << "run ddbmigrate --help for the commands and options\n";
    return static_cast<int>(ExitCode::kUsage);
  }

  for (const char* name : kCommands) {
    if (app.got_subcommand(name)) {
      options.command = name;
    }
  }
  return -1;
}

}  // namespace ddbm::cli
