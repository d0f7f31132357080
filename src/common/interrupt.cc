#include "common/interrupt.h"

#include <signal.h>
#include <atomic>
#include <chrono>
#include <thread>

#include "common/failure.h"

namespace ddbm {

namespace {

std::atomic<int> received_signal{0};

extern "C" void OnStopSignal(int signal_number) {
  received_signal.store(signal_number);
}

}  // namespace

void InstallInterruptHandlers() {
  // Without SA_RESTART, so that a read waiting at the YES prompt returns at once; with
  // SA_RESETHAND, so that the next Ctrl-C (the operator insisting) ends the process.
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool Interrupted() {
  return received_signal.load() != 0;
}

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
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(100)));
  }
  ThrowIfInterrupted();
}

}  // namespace ddbm
