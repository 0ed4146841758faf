// Every configured sink, each on its runner's thread: started together, told to reopen their
// files together (SIGHUP), drained and stopped together (stop, end of --once).
#pragma once

#include <memory>
#include <vector>

#include "daemon/sinks/sink_config.hpp"

namespace phi {

class AlertDelivery {
 public:
  // Opens and starts every sink; the first that cannot open is the error.
  static Result<std::unique_ptr<AlertDelivery>> Start(const std::vector<SinkConfig>& sinks,
                                                      Timeline& timeline);
  ~AlertDelivery() { Stop(); }

  void Reopen();
  // Waits (each sink up to its drain timeout) until every sink has confirmed every record
  // logged so far; logs a warning for a sink that has not. Then stops them all.
  void DrainAndStop();
  void Stop();

 private:
  struct Running {
    std::unique_ptr<SinkRunner> runner;
    int64_t drain_timeout_ms;
  };
  std::vector<Running> sinks_;
};

}  // namespace phi
