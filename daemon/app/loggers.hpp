// One spdlog logger per component, all writing to stderr (journald picks it up under systemd).
// Rule: nothing logged above debug level may contain PHI (patients, users' accesses, record text).
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace phi {

// Sets the level of every component logger ("info", "debug", ...).
void ConfigureLogging(const std::string& level);

std::shared_ptr<spdlog::logger> DaemonLogger();
std::shared_ptr<spdlog::logger> TailLogger();
std::shared_ptr<spdlog::logger> TimelineLogger();
std::shared_ptr<spdlog::logger> DetectionLogger();
std::shared_ptr<spdlog::logger> SinkLogger();

}  // namespace phi
