// Verification: the live tables hold exactly what the backup holds, under the plan's
// transformation. Every backed-up item is brought to its new form (fills applied) and reduced
// to two 128-bit digests: one of its key, one of its whole content in canonical form (maps by
// key, sets as sets, numbers by value). The live table is scanned and reduced the same way.
// Sorting both lists by key and walking them side by side finds missing, extra and differing
// items in memory of 32 bytes an item, whatever the item sizes.
//
// Differences are then named: missing and differing items by their backup file and line (and,
// for differing ones, the attributes that differ, from a GetItem), extra ones from a second scan
// that keeps only their keys.
#pragma once

#include <string>
#include <vector>

#include "backup/manifest.h"
#include "engine/run_context.h"

namespace ddbm::engine {

struct TableVerification {
  std::string table;
  unsigned long long backup_items = 0;
  unsigned long long live_items = 0;
  unsigned long long missing = 0;     // in the backup, not in the table
  unsigned long long extra = 0;       // in the table, not in the backup
  unsigned long long differing = 0;   // same key, other content
  std::vector<std::string> examples;  // one line per named difference, the first few hundred

  bool Matches() const { return missing == 0 && extra == 0 && differing == 0; }
};

/// Verifies every table of the plan against the backup.
std::vector<TableVerification> VerifyTables(const RunContext& context,
                                            const std::string& backup_directory,
                                            const backup::Manifest& manifest);

/// Prints the outcome and writes it to verify-report-<time>.txt in the backup. Returns whether
/// every table matched.
bool ReportVerification(const RunContext& context, const std::string& backup_directory,
                        const std::vector<TableVerification>& results);

}  // namespace ddbm::engine
