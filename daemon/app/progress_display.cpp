#include "daemon/app/progress_display.hpp"

#include <unistd.h>

#include <cstdio>

namespace phi {

ProgressDisplay::ProgressDisplay()
    : enabled_(isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

void ProgressDisplay::Update(const std::vector<SourceProgress>& progress) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(500)) return;
  last_draw_ = now;
  double elapsed = std::chrono::duration<double>(now - started_).count();
  uint64_t bytes = 0, events = 0, pending = 0;
  for (const auto& p : progress) {
    bytes += p.bytes;
    events += p.events;
    pending += p.pending_bytes;
  }
  double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0;
  double byte_rate = elapsed > 0 ? static_cast<double>(bytes) / elapsed : 0;
  double left = byte_rate > 0 ? static_cast<double>(pending) / byte_rate : 0;
  std::fprintf(stderr, "\r\033[K%.1f MB read, %llu events, %.0f events/s, about %.0f s left",
               static_cast<double>(bytes) / 1e6, static_cast<unsigned long long>(events), rate,
               left);
  std::fflush(stderr);
}

void ProgressDisplay::Finish(const std::vector<SourceProgress>& progress) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K");
  for (const auto& p : progress) {
    std::fprintf(stderr, "%s: %llu events, %llu dead letters, %.1f MB, %.2f s\n", p.source.c_str(),
                 static_cast<unsigned long long>(p.events),
                 static_cast<unsigned long long>(p.dead_letters),
                 static_cast<double>(p.bytes) / 1e6, p.seconds);
  }
}

}  // namespace phi
