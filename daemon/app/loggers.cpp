#include "daemon/app/loggers.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace phi {
namespace {

std::shared_ptr<spdlog::logger> Named(const std::string& name) {
  auto logger = spdlog::get(name);
  if (!logger) {
    logger = spdlog::stderr_color_mt(name);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  }
  return logger;
}

}  // namespace

void ConfigureLogging(const std::string& level) {
  auto lvl = spdlog::level::from_str(level);
  for (auto& logger :
       {DaemonLogger(), TailLogger(), TimelineLogger(), DetectionLogger(), SinkLogger()})
    logger->set_level(lvl);
}

std::shared_ptr<spdlog::logger> DaemonLogger() {
  return Named("daemon");
}
std::shared_ptr<spdlog::logger> TailLogger() {
  return Named("tail");
}
std::shared_ptr<spdlog::logger> TimelineLogger() {
  return Named("timeline");
}

std::shared_ptr<spdlog::logger> DetectionLogger() {
  return Named("detection");
}

std::shared_ptr<spdlog::logger> SinkLogger() {
  return Named("sink");
}

}  // namespace phi
