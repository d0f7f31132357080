// rollback: puts the re-keyed tables back as a backup describes them, with their original
// items (without the values the migration filled in), then verifies them.
//
// Before deleting anything it compares the live table with the backup under the migration's
// transformation: an item that the backup does not explain (written after the migration, or
// changed since) would be lost, so it is listed and the rollback refuses unless forced.
#pragma once

#include <string>

#include "common/exit_code.h"
#include "engine/run_context.h"

namespace ddbm::engine {

ExitCode RollbackCommand(const RunContext& context, const std::string& backup);

}  // namespace ddbm::engine
