// Reads the configuration's top-level `sinks:` list: each sink's name, type (jsonl, syslog,
// webhook), filter, retry and backlog settings, and the options of its type.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/sinks/sink_config.hpp"

namespace phi {

Status ReadSinks(const YAML::Node& node, const std::string& origin, const std::string& base_dir,
                 std::vector<SinkConfig>& out);

}  // namespace phi
