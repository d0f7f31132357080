#include "common/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/bounded_queue.h"

namespace ddbm {
namespace {

TEST(ParallelForTest, RunsEveryTaskExactlyOnce) {
  std::vector<std::atomic<int>> runs(100);
  ParallelFor(100, 4, [&](int index, const std::atomic<bool>&) { runs[index] += 1; });
  for (const auto& count : runs) {
    EXPECT_EQ(count.load(), 1);
  }
}

TEST(ParallelForTest, RethrowsTheFirstFailureAndStartsNoNewTasks) {
  // One thread: tasks run in order, so exactly the four up to the failing one start.
  std::atomic<int> started{0};
  auto failing_at_three = [&](int index, const std::atomic<bool>&) {
    started += 1;
    if (index == 3) {
      throw std::runtime_error("task 3 failed");
    }
  };
  EXPECT_THROW(ParallelFor(1000, 1, failing_at_three), std::runtime_error);
  EXPECT_EQ(started.load(), 4);

  // Two threads whose tasks take a moment: the other thread stops soon after the failure.
  started = 0;
  EXPECT_THROW(ParallelFor(1000, 2,
                           [&](int index, const std::atomic<bool>& stop) {
                             failing_at_three(index, stop);
                             std::this_thread::sleep_for(std::chrono::milliseconds(2));
                           }),
               std::runtime_error);
  EXPECT_LT(started.load(), 100);
}

TEST(ParallelForTest, ZeroTasksIsFine) {
  ParallelFor(0, 4, [](int, const std::atomic<bool>&) { FAIL() << "no task should run"; });
}

TEST(BoundedQueueTest, DeliversEverythingPushedBeforeCloseThenEnds) {
  BoundedQueue<int> queue(2);
  std::thread producer([&] {
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(queue.Push(i));
    }
    queue.Close();
  });
  int expected = 0;
  while (std::optional<int> value = queue.Pop()) {
    EXPECT_EQ(*value, expected++);
  }
  producer.join();
  EXPECT_EQ(expected, 50);
}

TEST(BoundedQueueTest, PushFailsOnceClosedSoProducersStop) {
  BoundedQueue<int> queue(1);
  queue.Close();
  EXPECT_FALSE(queue.Push(1));
  EXPECT_FALSE(queue.Pop().has_value());
}

}  // namespace
}  // namespace ddbm
