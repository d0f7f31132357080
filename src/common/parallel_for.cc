#include "common/parallel_for.h"

#include "common/interrupt.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ddbm {

void ParallelFor(int count, int threads, const ParallelTask& task) {
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  std::mutex error_mutex;
  std::exception_ptr first_error;

  auto worker = [&] {
    for (;;) {
      int index = next.fetch_add(1);
      if (index >= count || stop.load() || Interrupted()) {
        return;
      }

      try {
        task(index, stop);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) {
          first_error = std::current_exception();
        }
        stop.store(true);
        return;
      }
    }
  };

  int thread_count = std::max(1, std::min(threads, count));
  std::vector<std::thread> pool;
  pool.reserve(thread_count);
  for (int i = 0; i < thread_count; ++i) {
    pool.emplace_back(worker);
  }
  for (std::thread& thread : pool) {
    thread.join();
  }

  if (first_error) {
    std::rethrow_exception(first_error);
  }
  // Tasks skipped because of an interruption must not look like a finished job.
  ThrowIfInterrupted();
}

}  // namespace ddbm
