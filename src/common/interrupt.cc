#include "common/interrupt.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "common/failure.h"

namespace ddbm {

namespace {

std::atomic<int> received_signal{0};

extern "C" void OnStopSignal(int signal_number) {
  received_signal.store(signal_number);
  // The next Ctrl-C is the operator insisting: let it end the process.
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

void InstallInterruptHandlers() {
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
}

bool Interrupted() { return received_signal.load() != 0; }

void ThrowIfInterrupted() {
  int signal_number = received_signal.load();
  if (signal_number == 0) {
    return;
  }
  throw Failure(ExitCode::kInterrupted,
                signal_number == SIGINT ? "interrupted (Ctrl-C)" : "stopped by SIGTERM",
                "nothing is lost: run the same command again to continue");
}

void InterruptibleSleep(long milliseconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  while (std::chrono::steady_clock::now() < until) {
    ThrowIfInterrupted();
    auto left = until - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        left, std::chrono::milliseconds(100)));
  }
  ThrowIfInterrupted();
}

}  // namespace ddbm
