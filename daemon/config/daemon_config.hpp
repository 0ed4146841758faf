// The daemon's configuration: the YAML file read once at start-up into plain option structs.
// Unknown keys and bad values are errors that name the file, the line and the key; relative
// paths are taken relative to the configuration file's folder.
#pragma once

#include <string>
#include <vector>

#include "collectors/parse/parser_options.hpp"
#include "collectors/tail/file_source.hpp"
#include "daemon/common/status.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

struct SourceConfig {
  TailOptions tail;  // tail.source is the source's name
  ParserOptions parser;
};

struct DaemonConfig {
  std::string config_path;
  std::string data_dir;  // the timeline lives in data_dir/timeline
  std::string log_level = "info";
  TimelineOptions timeline;
  size_t batch_events = 4096;  // events per atomic commit
  int64_t poll_interval_ms = 250;
  std::vector<SourceConfig> sources;

  std::string timeline_path() const { return data_dir + "/timeline"; }
};

Result<DaemonConfig> LoadConfig(const std::string& path);
// `origin` names the text in error messages; `base_dir` anchors relative paths.
Result<DaemonConfig> ParseConfig(const std::string& yaml, const std::string& origin,
                                 const std::string& base_dir);

}  // namespace phi
