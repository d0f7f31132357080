// Runs tasks 0..count-1 on a fixed number of threads. Threads take the next task index from a
// shared counter, so uneven tasks balance themselves. The first task to throw stops the others
// from starting new tasks (running ones see `stop` and should return early); its exception is
// rethrown to the caller once every thread has ended. After Ctrl-C no new task starts and the
// call throws the interruption (ddbm::Failure, ExitCode::kInterrupted).
#pragma once

#include <atomic>
#include <functional>

namespace ddbm {

using ParallelTask = std::function<void(int index, const std::atomic<bool>& stop)>;

void ParallelFor(int count, int threads, const ParallelTask& task);

}  // namespace ddbm
