// Progress on a terminal: bytes and events read, events per second and time left, redrawn in
// place at most twice a second, then one summary line per source. Silent when stderr is not a
// terminal (systemd, pipes, CI), so logs stay clean.
#pragma once

#include <chrono>
#include <vector>

#include "daemon/app/ingest_pipeline.hpp"

namespace phi {

class ProgressDisplay {
 public:
  ProgressDisplay();
  bool enabled() const { return enabled_; }
  void Update(const std::vector<SourceProgress>& progress);
  void Finish(const std::vector<SourceProgress>& progress);

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace phi
