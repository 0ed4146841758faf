// The daemon's configuration: the YAML file read once at start-up into plain option structs.
// Unknown keys and bad values are errors that name the file, the line and the key; relative
// paths are taken relative to the configuration file's folder.
#pragma once

#include <string>
#include <vector>

#include "collectors/parse/parser_options.hpp"
#include "collectors/tail/file_source.hpp"
#include "daemon/common/status.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/detection/detection_settings.hpp"
#include "daemon/event/plausible_time.hpp"
#include "daemon/sinks/sink_config.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

struct SourceConfig {
  TailOptions tail;  // tail.source is the source's name
  ParserOptions parser;
};

// Detection is on when rules_dir is set. Context feeds are optional but without them only
// rules that need no context (bulk export, volume, after hours) can fire.
struct DetectionConfig {
  std::string rules_dir;
  std::string alerts_file;        // JSON lines; empty: alerts are only stored in the timeline
  std::vector<SinkConfig> sinks;  // the top-level `sinks:` list
  std::string exceptions_file;    // data_dir/triage-exceptions.yaml (TriageExceptions)
  ContextFeedPaths context;
  ContextOptions context_options;
  DetectionSettings settings;
  int64_t snapshot_interval_ms = 30'000;  // how often the engine's state is stored
  int64_t reload_check_ms = 2'000;        // how often rules and feeds are checked for changes

  bool enabled() const { return !rules_dir.empty(); }
  bool has_context() const { return !context.employees.empty(); }
};

// The tamper-evident timeline: who signs its checkpoints, how often, and the check at start.
struct IntegrityConfig {
  std::string signing_key;  // Ed25519 private key (PEM, 0600); created on first start if absent
  int64_t checkpoint_interval_ms = 300'000;
  bool verify_on_start = true;  // the links since the newest signed checkpoint
  // PHI sealed at rest (AES-256-GCM, docs/encryption-at-rest.md): a new timeline is encrypted
  // under the key file's keys, created 0600 on first start if absent.
  bool encrypt_at_rest = true;
  std::string at_rest_key;
};

constexpr char kReadAuditSource[] = "phi-auditd";

struct DaemonConfig {
  std::string config_path;
  std::string data_dir;  // the timeline lives in data_dir/timeline
  std::string log_level = "info";
  TimelineOptions timeline;
  PlausibleTimeRange plausible_time;  // timeline.plausible_from / plausible_ahead_hours
  size_t batch_events = 4096;         // events per atomic commit
  int64_t poll_interval_ms = 25;
  std::vector<SourceConfig> sources;
  DetectionConfig detection;
  IntegrityConfig integrity;

  std::string timeline_path() const { return data_dir + "/timeline"; }
  std::string exceptions_path() const { return data_dir + "/triage-exceptions.yaml"; }
  // phi-auditctl's reads of PHI, one phi-json line each (daemon/ctl/read_audit.hpp), which the
  // daemon always follows as its own source kReadAuditSource.
  static std::string read_audit_path(const std::string& data_dir) {
    return data_dir + "/audit/reads.jsonl";
  }
  static std::string default_signing_key(const std::string& data_dir) {
    return data_dir + "/signing-key.pem";
  }
  static std::string default_at_rest_key(const std::string& data_dir) {
    return data_dir + "/at-rest.key";
  }
};

Result<DaemonConfig> LoadConfig(const std::string& path);
// `origin` names the text in error messages; `base_dir` anchors relative paths.
Result<DaemonConfig> ParseConfig(const std::string& yaml, const std::string& origin,
                                 const std::string& base_dir);

}  // namespace phi
