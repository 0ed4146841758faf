#include "daemon/config/daemon_config.hpp"

#include "daemon/config/mapping_reader.hpp"
#include "daemon/config/sink_config_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

namespace phi {
namespace {

Status ReadFieldRule(MappingReader& parent, const std::string& field_name, const YAML::Node& node,
                     const std::string& where, FieldRule& rule) {
  if (!LookupEventField(field_name, rule.field)) {
    return parent.Error(node, "mapping." + field_name,
                        "not a canonical field (ts, user, role, department, action, patient, "
                        "record_type, record_count, workstation, client_ip, outcome, event_id, "
                        "statement)");
  }
  if (node.IsScalar()) {
    rule.from = node.Scalar();
    return Status::Ok();
  }
  MappingReader r(node, parent.origin(), where);
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  PHI_RETURN_IF_ERROR(r.String("from", rule.from));
  PHI_RETURN_IF_ERROR(r.String("default", rule.default_value));
  PHI_RETURN_IF_ERROR(r.Bool("exhaustive", rule.values_exhaustive));
  std::string time_format;
  PHI_RETURN_IF_ERROR(r.String("time_format", time_format));
  if (!time_format.empty()) {
    std::string error;
    rule.time_format = TimeFormat::Compile(time_format, &error);
    if (!rule.time_format) return r.Error(r.Get("time_format"), "time_format", error);
  }
  YAML::Node values = r.Get("values");
  if (values) {
    if (!values.IsMap())
      return r.Error(values, "values", "expected a mapping of value: canonical value");
    for (const auto& kv : values) rule.values[kv.first.Scalar()] = kv.second.Scalar();
  }
  if (rule.from.empty() && rule.default_value.empty()) {
    return r.Error(node, "from", "each mapped field needs 'from' (or a 'default')");
  }
  return r.CheckNoUnknownKeys();
}

Status ReadSource(const YAML::Node& node, size_t index, const std::string& origin,
                  const std::string& base_dir, SourceConfig& source) {
  std::string where = "sources[" + std::to_string(index) + "].";
  MappingReader r(node, origin, where);
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  TailOptions& t = source.tail;
  ParserOptions& p = source.parser;
  PHI_RETURN_IF_ERROR(r.String("name", t.source));
  if (t.source.empty()) return r.Error(node, "name", "every source needs a name");
  for (char c : t.source) {
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return r.Error(r.Get("name"), "name", "use letters, digits, '-', '_' and '.' only");
    }
  }
  PHI_RETURN_IF_ERROR(r.String("format", p.format));
  PHI_RETURN_IF_ERROR(r.StringList("paths", t.paths));
  if (t.paths.empty()) return r.Error(node, "paths", "list at least one file or glob pattern");
  for (auto& path : t.paths) path = Resolve(base_dir, path);
  PHI_RETURN_IF_ERROR(r.StringList("exclude", t.exclude));
  std::string start_at = "beginning";
  PHI_RETURN_IF_ERROR(r.String("start_at", start_at));
  if (start_at != "beginning" && start_at != "end") {
    return r.Error(r.Get("start_at"), "start_at", "expected 'beginning' or 'end'");
  }
  t.start_at_end = start_at == "end";
  PHI_RETURN_IF_ERROR(r.Bool("follow_symlinks", t.follow_symlinks));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("max_record_bytes", t.max_record_bytes, 256, 64 << 20));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("rotate_wait_ms", t.rotate_wait_ms, 0, 3600000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("multiline_flush_ms", t.multiline_flush_ms, 0, 600000));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("statement_max_bytes", p.statement_max_bytes, 0, 1 << 20));
  PHI_RETURN_IF_ERROR(r.String("patient_pattern", p.patient_pattern));
  PHI_RETURN_IF_ERROR(r.String("log_line_prefix", p.log_line_prefix));
  PHI_RETURN_IF_ERROR(r.String("record_type", p.record_type_default));
  std::string offset;
  PHI_RETURN_IF_ERROR(r.String("utc_offset", offset));
  if (!offset.empty()) {
    auto parsed = ParseUtcOffset(offset);
    if (!parsed)
      return r.Error(r.Get("utc_offset"), "utc_offset", "expected an offset like +01:00 or UTC");
    p.utc_offset_seconds = p.mapping.utc_offset_seconds = *parsed;
  }
  std::string delimiter;
  PHI_RETURN_IF_ERROR(r.String("csv_delimiter", delimiter));
  if (!delimiter.empty()) {
    if (delimiter.size() != 1)
      return r.Error(r.Get("csv_delimiter"), "csv_delimiter", "expected one character");
    p.csv_delimiter = delimiter[0];
  }
  PHI_RETURN_IF_ERROR(r.Bool("keep_unmapped", p.mapping.keep_unmapped));
  YAML::Node mapping = r.Get("mapping");
  if (mapping) {
    if (!mapping.IsMap()) return r.Error(mapping, "mapping", "expected a mapping of field: source");
    for (const auto& kv : mapping) {
      FieldRule rule;
      std::string field = kv.first.Scalar();
      PHI_RETURN_IF_ERROR(
          ReadFieldRule(r, field, kv.second, where + "mapping." + field + ".", rule));
      p.mapping.rules.push_back(std::move(rule));
    }
  }
  if ((p.format == "json" || p.format == "csv") && p.mapping.rules.empty()) {
    return r.Error(node, "mapping", "format '" + p.format + "' needs a field mapping");
  }
  return r.CheckNoUnknownKeys();
}

// A window given in whole hours or days (`unit` seconds each), stored in microseconds.
Status Duration(MappingReader& r, const std::string& key, int64_t unit, int64_t max,
                TimeMicros& out) {
  int64_t units = out / (unit * kMicrosPerSecond);
  PHI_RETURN_IF_ERROR(r.Number<int64_t>(key, units, 0, max));
  out = units * unit * kMicrosPerSecond;
  return Status::Ok();
}

// role_classes: {operations: [words...], records: [...], it: [...], service: [...],
// clinical: [...]}: the words replace that class's defaults; classes not named keep theirs.
Status ReadRoleClasses(const YAML::Node& node, const std::string& origin,
                       std::vector<RoleClassKeywords>& classes) {
  MappingReader r(node, origin, "detection.context.role_classes.");
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  for (RoleClassKeywords& c : classes) {
    std::string name(RoleClassName(c.role_class));
    if (!r.Get(name)) continue;
    c.keywords.clear();
    PHI_RETURN_IF_ERROR(r.StringList(name, c.keywords));
  }
  return r.CheckNoUnknownKeys();
}

Status ReadDetection(const YAML::Node& node, const std::string& origin, const std::string& base_dir,
                     DetectionConfig& d) {
  MappingReader r(node, origin, "detection.");
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  PHI_RETURN_IF_ERROR(r.String("rules_dir", d.rules_dir));
  if (d.rules_dir.empty())
    return r.Error(node, "rules_dir", "the folder of rule files is required");
  d.rules_dir = Resolve(base_dir, d.rules_dir);
  PHI_RETURN_IF_ERROR(r.String("alerts_file", d.alerts_file));
  if (!d.alerts_file.empty()) d.alerts_file = Resolve(base_dir, d.alerts_file);
  PHI_RETURN_IF_ERROR(
      r.Number<int64_t>("snapshot_interval_ms", d.snapshot_interval_ms, 100, 3600000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("reload_check_ms", d.reload_check_ms, 100, 3600000));
  std::string zone = "UTC";
  PHI_RETURN_IF_ERROR(r.String("time_zone", zone));
  auto tz = TimeZone::Load(zone);
  if (!tz.ok()) return r.Error(r.Get("time_zone"), "time_zone", tz.status().message());
  d.settings.time_zone = tz.value();
  d.context_options.time_zone = tz.value();
  if (YAML::Node bulk = r.Get("bulk")) {
    MappingReader br(bulk, origin, "detection.bulk.");
    PHI_RETURN_IF_ERROR(br.CheckIsMap());
    DetectionSettings& st = d.settings;
    PHI_RETURN_IF_ERROR(br.Number<int64_t>("min_records", st.bulk_min_records, 1, 100'000'000));
    PHI_RETURN_IF_ERROR(br.Number<int64_t>("max_records", st.bulk_max_records, 1, 100'000'000));
    PHI_RETURN_IF_ERROR(br.Number<int64_t>("share_permille", st.bulk_share_permille, 0, 1000));
    if (st.bulk_min_records > st.bulk_max_records)
      return br.Error(bulk, "min_records", "must not be above max_records");
    PHI_RETURN_IF_ERROR(br.CheckNoUnknownKeys());
  }
  if (YAML::Node c = r.Get("context")) {
    MappingReader cr(c, origin, "detection.context.");
    PHI_RETURN_IF_ERROR(cr.CheckIsMap());
    PHI_RETURN_IF_ERROR(cr.String("employees", d.context.employees));
    PHI_RETURN_IF_ERROR(cr.String("patients", d.context.patients));
    PHI_RETURN_IF_ERROR(cr.String("encounters", d.context.encounters));
    PHI_RETURN_IF_ERROR(cr.String("appointments", d.context.appointments));
    for (std::string* path : {&d.context.employees, &d.context.patients, &d.context.encounters}) {
      if (path->empty())
        return cr.Error(c, "employees/patients/encounters", "all three feeds are needed");
      *path = Resolve(base_dir, *path);
    }
    if (!d.context.appointments.empty())
      d.context.appointments = Resolve(base_dir, d.context.appointments);
    ContextOptions& o = d.context_options;
    PHI_RETURN_IF_ERROR(
        Duration(cr, "grace_before_admission_hours", 3600, 24 * 365, o.grace_before_admission));
    PHI_RETURN_IF_ERROR(
        Duration(cr, "grace_after_discharge_hours", 3600, 24 * 365, o.grace_after_discharge));
    PHI_RETURN_IF_ERROR(
        Duration(cr, "appointment_before_hours", 3600, 24 * 365, o.appointment_before));
    PHI_RETURN_IF_ERROR(Duration(cr, "appointment_after_days", 86400, 365, o.appointment_after));
    PHI_RETURN_IF_ERROR(Duration(cr, "follow_up_after_days", 86400, 3650, o.follow_up_after));
    PHI_RETURN_IF_ERROR(Duration(cr, "follow_up_before_days", 86400, 3650, o.follow_up_before));
    PHI_RETURN_IF_ERROR(Duration(cr, "caseload_after_days", 86400, 3650, o.caseload_after));
    PHI_RETURN_IF_ERROR(Duration(cr, "caseload_before_days", 86400, 3650, o.caseload_before));
    PHI_RETURN_IF_ERROR(Duration(cr, "operations_window_days", 86400, 3650, o.operations_window));
    PHI_RETURN_IF_ERROR(cr.StringList("operations_roles", o.operations_roles));
    if (cr.Get("service_department_words")) {
      o.service_department_words.clear();
      PHI_RETURN_IF_ERROR(cr.StringList("service_department_words", o.service_department_words));
    }
    if (YAML::Node classes = cr.Get("role_classes")) {
      PHI_RETURN_IF_ERROR(ReadRoleClasses(classes, origin, o.role_classes));
    }
    PHI_RETURN_IF_ERROR(cr.CheckNoUnknownKeys());
  }
  if (YAML::Node classes = r.Get("sensitive_records")) {
    if (!classes.IsSequence())
      return r.Error(classes, "sensitive_records", "expected a list of classes");
    d.settings.sensitive_classes.clear();
    for (size_t i = 0; i < classes.size(); ++i) {
      MappingReader cr(classes[i], origin,
                       "detection.sensitive_records[" + std::to_string(i) + "].");
      PHI_RETURN_IF_ERROR(cr.CheckIsMap());
      SensitiveRecordClass c;
      PHI_RETURN_IF_ERROR(cr.String("class", c.name));
      PHI_RETURN_IF_ERROR(cr.String("citation", c.citation));
      PHI_RETURN_IF_ERROR(cr.StringList("record_types", c.record_types));
      PHI_RETURN_IF_ERROR(cr.StringList("record_type_words", c.record_type_words));
      PHI_RETURN_IF_ERROR(cr.StringList("sources", c.sources));
      if (c.name.empty() || (c.record_types.empty() && c.record_type_words.empty())) {
        return cr.Error(classes[i], "class",
                        "each class needs a name and record_types or record_type_words");
      }
      PHI_RETURN_IF_ERROR(cr.CheckNoUnknownKeys());
      d.settings.sensitive_classes.push_back(std::move(c));
    }
  }
  return r.CheckNoUnknownKeys();
}

// timeline.retention_days (0: keep everything) or timeline.retention_years (whole years, leap
// days included), not both; neither: six years.
Status ReadRetention(MappingReader& t, int64_t& days) {
  YAML::Node by_days = t.Get("retention_days");
  YAML::Node by_years = t.Get("retention_years");
  if (by_days && by_years) {
    return t.Error(by_years, "retention_years",
                   "set retention_days or retention_years, not both (retention_days is on line " +
                       std::to_string(by_days.Mark().line + 1) + ")");
  }
  PHI_RETURN_IF_ERROR(t.Number<int64_t>("retention_days", days, 0, 36500));
  int64_t years = 0;
  PHI_RETURN_IF_ERROR(t.Number<int64_t>("retention_years", years, 1, 100));
  if (by_years) days = RetentionDaysOfYears(years);
  return Status::Ok();
}

}  // namespace

Result<DaemonConfig> ParseConfig(const std::string& yaml, const std::string& origin,
                                 const std::string& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    return Status::Invalid(origin + ":" + std::to_string(e.mark.line + 1) +
                           ": not valid YAML: " + e.msg);
  }
  DaemonConfig config;
  MappingReader r(root, origin, "");
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  PHI_RETURN_IF_ERROR(r.String("data_dir", config.data_dir));
  if (config.data_dir.empty()) return Status::Invalid(origin + ": data_dir is required");
  config.data_dir = Resolve(base_dir, config.data_dir);
  PHI_RETURN_IF_ERROR(r.String("log_level", config.log_level));
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
  if (kLevels.count(config.log_level) == 0) {
    return r.Error(r.Get("log_level"), "log_level",
                   "expected trace, debug, info, warn, error or off");
  }
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("poll_interval_ms", config.poll_interval_ms, 10, 60000));
  YAML::Node timeline = r.Get("timeline");
  if (timeline) {
    MappingReader t(timeline, origin, "timeline.");
    PHI_RETURN_IF_ERROR(t.CheckIsMap());
    PHI_RETURN_IF_ERROR(t.Bool("sync", config.timeline.sync));
    PHI_RETURN_IF_ERROR(ReadRetention(t, config.timeline.retention_days));
    PHI_RETURN_IF_ERROR(t.Number<size_t>("batch_events", config.batch_events, 1, 1 << 20));
    PHI_RETURN_IF_ERROR(
        t.Number<size_t>("write_buffer_mb", config.timeline.write_buffer_mb, 1, 4096));
    PHI_RETURN_IF_ERROR(
        t.Number<size_t>("total_write_buffer_mb", config.timeline.total_write_buffer_mb, 4, 65536));
    PHI_RETURN_IF_ERROR(
        t.Number<size_t>("block_cache_mb", config.timeline.block_cache_mb, 1, 65536));
    PHI_RETURN_IF_ERROR(t.Number<size_t>("max_wal_mb", config.timeline.max_wal_mb, 1, 65536));
    std::string plausible_from;
    PHI_RETURN_IF_ERROR(t.String("plausible_from", plausible_from));
    if (!plausible_from.empty()) {
      auto from = ParseIsoTime(plausible_from);
      if (!from) {
        return t.Error(t.Get("plausible_from"), "plausible_from",
                       "expected a date or RFC 3339 time such as 1990-01-01");
      }
      config.plausible_time.earliest = *from;
    }
    PHI_RETURN_IF_ERROR(
        Duration(t, "plausible_ahead_hours", 3600, 24 * 3650, config.plausible_time.max_ahead));
    PHI_RETURN_IF_ERROR(t.CheckNoUnknownKeys());
  }
  size_t dead_letter_max = 4096;
  PHI_RETURN_IF_ERROR(r.Number<size_t>("dead_letter_max_bytes", dead_letter_max, 0, 1 << 20));
  YAML::Node sources = r.Get("sources");
  if (sources && !sources.IsSequence())
    return r.Error(sources, "sources", "expected a list of sources");
  std::set<std::string> names;
  for (size_t i = 0; sources && i < sources.size(); ++i) {
    SourceConfig source;
    PHI_RETURN_IF_ERROR(ReadSource(sources[i], i, origin, base_dir, source));
    source.tail.dead_letter_max_bytes = dead_letter_max;
    if (!names.insert(source.tail.source).second) {
      return Status::Invalid(origin + ":" + std::to_string(sources[i].Mark().line + 1) +
                             ": two sources are named '" + source.tail.source + "'");
    }
    config.sources.push_back(std::move(source));
  }
  if (YAML::Node detection = r.Get("detection")) {
    PHI_RETURN_IF_ERROR(ReadDetection(detection, origin, base_dir, config.detection));
  }
  if (YAML::Node sinks = r.Get("sinks")) {
    if (!config.detection.enabled())
      return r.Error(sinks, "sinks", "alert sinks need detection (detection.rules_dir)");
    PHI_RETURN_IF_ERROR(ReadSinks(sinks, origin, base_dir, config.detection.sinks));
  }
  if (YAML::Node integrity = r.Get("integrity")) {
    MappingReader in(integrity, origin, "integrity.");
    PHI_RETURN_IF_ERROR(in.CheckIsMap());
    PHI_RETURN_IF_ERROR(in.String("signing_key", config.integrity.signing_key));
    if (!config.integrity.signing_key.empty())
      config.integrity.signing_key = Resolve(base_dir, config.integrity.signing_key);
    int64_t seconds = config.integrity.checkpoint_interval_ms / 1000;
    PHI_RETURN_IF_ERROR(in.Number<int64_t>("checkpoint_interval_s", seconds, 1, 86400));
    config.integrity.checkpoint_interval_ms = seconds * 1000;
    PHI_RETURN_IF_ERROR(in.Bool("verify_on_start", config.integrity.verify_on_start));
    PHI_RETURN_IF_ERROR(in.Bool("encrypt_at_rest", config.integrity.encrypt_at_rest));
    PHI_RETURN_IF_ERROR(in.String("at_rest_key", config.integrity.at_rest_key));
    if (!config.integrity.at_rest_key.empty())
      config.integrity.at_rest_key = Resolve(base_dir, config.integrity.at_rest_key);
    PHI_RETURN_IF_ERROR(in.CheckNoUnknownKeys());
  }
  PHI_RETURN_IF_ERROR(r.CheckNoUnknownKeys());
  if (config.integrity.signing_key.empty())
    config.integrity.signing_key = DaemonConfig::default_signing_key(config.data_dir);
  if (config.integrity.at_rest_key.empty())
    config.integrity.at_rest_key = DaemonConfig::default_at_rest_key(config.data_dir);
  config.config_path = origin;
  config.timeline.path = config.timeline_path();
  if (config.detection.enabled()) config.detection.exceptions_file = config.exceptions_path();
  return config;
}

Result<DaemonConfig> LoadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read configuration file " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string base = std::filesystem::absolute(path).parent_path().string();
  return ParseConfig(text.str(), path, base);
}

}  // namespace phi
