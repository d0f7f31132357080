#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/did_you_mean.h"
#include "common/failure.h"
#include "plan/name_rules.h"
#include "plan/plan.h"

namespace ddbm::plan {
namespace {

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

void RequireValidTableName(const std::string& name, const std::string& origin) {
  if (auto problem = TableNameProblem(name)) {
    throw Failure(ExitCode::kUsage, "table name " + Quoted(name) + " " + origin +
                                        " is not a valid DynamoDB table name: " + *problem);
  }
}

// The index of the table an override names; fails with the nearest plan name, or the list of
// them, when it names none.
std::size_t OverriddenTable(const Plan& plan, const std::string& plan_name,
                            const std::string& override_text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < plan.tables.size(); ++i) {
    if (plan.tables[i].plan_name == plan_name) {
      return i;
    }
    names.push_back(plan.tables[i].plan_name);
  }

  std::string fact =
      "table name override " + Quoted(override_text) + " names no table of plan " + plan.name;
  if (auto suggestion = DidYouMean(plan_name, names)) {
    fact += ", did you mean " + *suggestion + "?";
  } else {
    std::string listed;
    for (const std::string& name : names) {
      listed += (listed.empty() ? "" : ", ") + name;
    }
    fact += "; its tables are " + listed;
  }
  throw Failure(ExitCode::kUsage, fact);
}

}  // namespace

const TablePlan* Plan::FindByPlanName(const std::string& plan_name) const {
  for (const TablePlan& table : tables) {
    if (table.plan_name == plan_name) {
      return &table;
    }
  }
  return nullptr;
}

void ApplyTableNames(Plan& plan, const std::string& prefix,
                     const std::vector<std::string>& overrides) {
  // Names are worked out on the side and assigned only when all are valid, so a failure leaves
  // the plan as it was.
  std::vector<std::string> names;
  for (const TablePlan& table : plan.tables) {
    names.push_back(table.name);
  }

  if (!prefix.empty()) {
    if (auto problem = TablePrefixProblem(prefix)) {
      throw Failure(ExitCode::kUsage,
                    "table prefix " + Quoted(prefix) + " is not valid: " + *problem);
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      names[i] = prefix + plan.tables[i].plan_name;
      RequireValidTableName(
          names[i], "(table prefix " + Quoted(prefix) + " and " + plan.tables[i].plan_name + ")");
    }
  }

  std::map<std::size_t, std::string> overridden;  // table index -> the override that named it
  for (const std::string& text : overrides) {
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
      throw Failure(ExitCode::kUsage, "table name override " + Quoted(text) +
                                          " is not of the form PlanName=LiveName");
    }

    const std::size_t index = OverriddenTable(plan, text.substr(0, equals), text);
    const auto [earlier, inserted] = overridden.emplace(index, text);
    if (!inserted) {
      throw Failure(ExitCode::kUsage, "table " + plan.tables[index].plan_name +
                                          " is overridden twice: " + Quoted(earlier->second) +
                                          " and " + Quoted(text));
    }
    names[index] = text.substr(equals + 1);
    RequireValidTableName(names[index], "from override " + Quoted(text));
  }

  // Two plan tables on one live table would back it up twice and rebuild it with whichever key
  // came last.
  std::map<std::string, std::size_t> owners;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto [owner, inserted] = owners.emplace(names[i], i);
    if (!inserted) {
      throw Failure(ExitCode::kUsage, "tables " + plan.tables[owner->second].plan_name + " and " +
                                          plan.tables[i].plan_name +
                                          " would both be the live table " + names[i]);
    }
  }

  for (std::size_t i = 0; i < names.size(); ++i) {
    plan.tables[i].name = names[i];
  }
}

}  // namespace ddbm::plan
