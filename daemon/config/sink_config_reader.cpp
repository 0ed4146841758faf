#include "daemon/config/sink_config_reader.hpp"

#include <set>
#include <utility>

#include "daemon/config/mapping_reader.hpp"

namespace phi {
namespace {

// The key's own node when it is there (its line is the one to name), else the mapping's.
YAML::Node At(const YAML::Node& mapping, const char* key) {
  YAML::Node value = mapping[key];
  return value ? value : mapping;
}

bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

// `stream: alerts` (the default) or `events`. The filter's keys choose among alerts, so an
// events sink refuses them rather than ignore them.
Status ReadStream(MappingReader& r, const YAML::Node& node, SinkStream& stream) {
  std::string name = "alerts";
  PHI_RETURN_IF_ERROR(r.String("stream", name));
  if (name == "alerts") {
    stream = SinkStream::kAlerts;
  } else if (name == "events") {
    stream = SinkStream::kEvents;
  } else {
    return r.Error(At(node, "stream"), "stream",
                   "must be alerts (the alert log) or events (every normalised event)");
  }
  if (stream == SinkStream::kEvents) {
    for (const char* key : {"min_severity", "rules", "changes"}) {
      if (node[key])
        return r.Error(node[key], key, "applies to alerts only, and this sink has stream: events");
    }
  }
  return Status::Ok();
}

Status ReadFilter(MappingReader& r, const YAML::Node& node, SinkFilter& filter) {
  std::string severity = "low";
  PHI_RETURN_IF_ERROR(r.String("min_severity", severity));
  if (!ParseSeverity(severity, filter.min_severity))
    return r.Error(At(node, "min_severity"), "min_severity",
                   "must be low, medium, high or critical");
  PHI_RETURN_IF_ERROR(r.StringList("rules", filter.rules));
  std::string changes = "all";
  PHI_RETURN_IF_ERROR(r.String("changes", changes));
  if (changes != "all" && changes != "created")
    return r.Error(At(node, "changes"), "changes",
                   "must be all (every change to an alert) or created");
  filter.creations_only = changes == "created";
  return Status::Ok();
}

Status ReadPseudonyms(MappingReader& r, const YAML::Node& node, const std::string& base_dir,
                      PseudonymOptions& p) {
  for (auto [key, mode] : {std::pair{"patients", &p.patients}, std::pair{"people", &p.people}}) {
    std::string name = "clear";
    PHI_RETURN_IF_ERROR(r.String(key, name));
    if (!ParsePseudonymMode(name, *mode))
      return r.Error(At(node, key), key, "must be clear, hmac or drop");
  }
  PHI_RETURN_IF_ERROR(r.String("pseudonym_key_file", p.key_file));
  p.key_file = Resolve(base_dir, p.key_file);
  const bool needs_key = p.patients == PseudonymMode::kHmac || p.people == PseudonymMode::kHmac;
  if (needs_key && p.key_file.empty())
    return r.Error(node, "pseudonym_key_file", "hmac needs a key file (32 bytes or more, 0600)");
  return Status::Ok();
}

// RFC 5424's facility names (those a SIEM configuration uses) or a number 0-23.
bool ParseFacility(const std::string& text, int& out) {
  static const std::pair<const char*, int> kNames[] = {
      {"kern", 0},      {"user", 1},    {"mail", 2},    {"daemon", 3},    {"auth", 4},
      {"syslog", 5},    {"lpr", 6},     {"news", 7},    {"uucp", 8},      {"cron", 9},
      {"authpriv", 10}, {"ftp", 11},    {"ntp", 12},    {"security", 13}, {"console", 14},
      {"local0", 16},   {"local1", 17}, {"local2", 18}, {"local3", 19},   {"local4", 20},
      {"local5", 21},   {"local6", 22}, {"local7", 23}};
  for (const auto& [name, code] : kNames) {
    if (text == name) {
      out = code;
      return true;
    }
  }
  if (text.empty() || text.size() > 2 || !std::isdigit(static_cast<unsigned char>(text[0])))
    return false;
  out = std::stoi(text);
  return out <= 23 && std::to_string(out) == text;
}

Status ReadTls(MappingReader& r, const std::string& base_dir, std::string& ca_file,
               std::string& client_cert_file, std::string& client_key_file) {
  for (auto [key, value] :
       {std::pair{"ca_file", &ca_file}, std::pair{"client_cert_file", &client_cert_file},
        std::pair{"client_key_file", &client_key_file}}) {
    PHI_RETURN_IF_ERROR(r.String(key, *value));
    *value = Resolve(base_dir, *value);
  }
  return Status::Ok();
}

Status ReadSyslog(MappingReader& r, const YAML::Node& node, const std::string& base_dir,
                  SinkConfig& sink) {
  SyslogOptions& o = sink.syslog;
  std::string transport = "tls";
  PHI_RETURN_IF_ERROR(r.String("transport", transport));
  if (transport == "udp") {
    o.transport = SyslogOptions::Transport::kUdp;
  } else if (transport == "tcp") {
    o.transport = SyslogOptions::Transport::kTcp;
  } else if (transport == "tls") {
    o.transport = SyslogOptions::Transport::kTls;
  } else {
    return r.Error(At(node, "transport"), "transport", "must be udp, tcp or tls");
  }
  PHI_RETURN_IF_ERROR(r.String("host", o.host));
  if (o.host.empty()) return r.Error(node, "host", "a syslog sink needs the receiver's host");
  PHI_RETURN_IF_ERROR(r.Number<uint16_t>("port", o.port, 1, 65535));
  PHI_RETURN_IF_ERROR(ReadTls(r, base_dir, o.ca_file, o.client_cert_file, o.client_key_file));
  PHI_RETURN_IF_ERROR(r.String("server_name", o.server_name));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("connect_timeout_ms", o.connect_timeout_ms, 10, 600'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("write_timeout_ms", o.write_timeout_ms, 10, 600'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("settle_ms", o.settle_ms, 0, 600'000));
  PHI_RETURN_IF_ERROR(
      r.Number<size_t>("max_datagram_bytes", o.max_datagram_bytes, kMinSyslogDatagramBytes, 65507));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("max_message_bytes", o.max_message_bytes, 0, 1 << 24));
  if (o.max_message_bytes != 0 && o.max_message_bytes < kMinSyslogDatagramBytes)
    return r.Error(At(node, "max_message_bytes"), "max_message_bytes",
                   "0 (no limit) or 480 and up");
  std::string facility = "local4";
  PHI_RETURN_IF_ERROR(r.String("facility", facility));
  if (!ParseFacility(facility, o.facility))
    return r.Error(At(node, "facility"), "facility",
                   "a facility name (local0..local7, auth, ...) or 0-23");
  PHI_RETURN_IF_ERROR(r.String("hostname", o.hostname));
  PHI_RETURN_IF_ERROR(r.String("app_name", o.app_name));
  if (sink.runner.stream == SinkStream::kEvents) o.msgid = "event";
  PHI_RETURN_IF_ERROR(r.String("msgid", o.msgid));
  PHI_RETURN_IF_ERROR(r.String("sd_id", o.sd_id));
  std::string format = "json";
  PHI_RETURN_IF_ERROR(r.String("format", format));
  if (!ParsePayloadFormat(format, sink.format))
    return r.Error(At(node, "format"), "format", "must be json, cef, leef or ocsf");
  Status valid = ValidateSyslogOptions(o);
  if (!valid.ok()) return Status::Invalid(r.Location(node) + ": syslog sink: " + valid.message());
  return Status::Ok();
}

Status ReadWebhook(MappingReader& r, const YAML::Node& node, const std::string& base_dir,
                   WebhookOptions& o) {
  PHI_RETURN_IF_ERROR(r.String("url", o.url));
  if (o.url.empty()) return r.Error(node, "url", "a webhook sink needs the receiver's URL");
  if (YAML::Node headers = r.Get("headers")) {
    if (!headers.IsMap()) return r.Error(headers, "headers", "expected a mapping of name: value");
    for (const auto& kv : headers) {
      if (!kv.second.IsScalar()) return r.Error(kv.second, "headers", "expected text values");
      o.headers.emplace_back(kv.first.Scalar(), kv.second.Scalar());
    }
  }
  PHI_RETURN_IF_ERROR(r.String("hmac_key_file", o.hmac_key_file));
  o.hmac_key_file = Resolve(base_dir, o.hmac_key_file);
  PHI_RETURN_IF_ERROR(ReadTls(r, base_dir, o.ca_file, o.client_cert_file, o.client_key_file));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("timeout_ms", o.timeout_ms, 10, 600'000));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("request_records", o.batch_records, 1, 10'000));
  std::string shape = "json";
  PHI_RETURN_IF_ERROR(r.String("shape", shape));
  if (shape == "json") {
    o.shape = WebhookOptions::Shape::kJson;
  } else if (shape == "splunk-hec") {
    o.shape = WebhookOptions::Shape::kSplunkHec;
  } else {
    return r.Error(At(node, "shape"), "shape", "must be json or splunk-hec");
  }
  PHI_RETURN_IF_ERROR(r.String("splunk_token_file", o.splunk_token_file));
  o.splunk_token_file = Resolve(base_dir, o.splunk_token_file);
  PHI_RETURN_IF_ERROR(r.Bool("allow_plain_http", o.allow_plain_http));
  return Status::Ok();
}

Status ReadSink(const YAML::Node& node, size_t index, const std::string& origin,
                const std::string& base_dir, SinkConfig& sink) {
  MappingReader r(node, origin, "sinks[" + std::to_string(index) + "].");
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  std::string& name = sink.runner.name;
  PHI_RETURN_IF_ERROR(r.String("name", name));
  if (!IsPlainName(name))
    return r.Error(At(node, "name"), "name",
                   "required: letters, digits, '-', '_' or '.', at most 64");
  PHI_RETURN_IF_ERROR(ReadStream(r, node, sink.runner.stream));
  std::string type;
  PHI_RETURN_IF_ERROR(r.String("type", type));
  if (type == "jsonl") {
    sink.type = SinkConfig::Type::kJsonl;
    PHI_RETURN_IF_ERROR(r.String("path", sink.path));
    if (sink.path.empty())
      return r.Error(At(node, "path"), "path", "a jsonl sink needs the file's path");
    sink.path = Resolve(base_dir, sink.path);
  } else if (type == "syslog") {
    sink.type = SinkConfig::Type::kSyslog;
    PHI_RETURN_IF_ERROR(ReadSyslog(r, node, base_dir, sink));
  } else if (type == "webhook") {
    sink.type = SinkConfig::Type::kWebhook;
    PHI_RETURN_IF_ERROR(ReadWebhook(r, node, base_dir, sink.webhook));
  } else {
    return r.Error(At(node, "type"), "type", "must be jsonl, syslog or webhook");
  }
  if (sink.runner.stream == SinkStream::kAlerts)
    PHI_RETURN_IF_ERROR(ReadFilter(r, node, sink.runner.filter));
  std::string start_at = "beginning";
  PHI_RETURN_IF_ERROR(r.String("start_at", start_at));
  if (start_at != "beginning" && start_at != "end")
    return r.Error(At(node, "start_at"), "start_at", "must be beginning or end");
  sink.runner.start_at_end = start_at == "end";
  PHI_RETURN_IF_ERROR(ReadPseudonyms(r, node, base_dir, sink.pseudonyms));
  uint64_t budget_mb = sink.runner.backlog_budget_bytes >> 20;
  PHI_RETURN_IF_ERROR(r.Number<uint64_t>("backlog_budget_mb", budget_mb, 1, 1 << 20));
  sink.runner.backlog_budget_bytes = budget_mb << 20;
  PHI_RETURN_IF_ERROR(
      r.Number<int64_t>("retry_initial_ms", sink.runner.retry_initial_ms, 10, 3'600'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("retry_max_ms", sink.runner.retry_max_ms,
                                        sink.runner.retry_initial_ms, 3'600'000));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("batch_records", sink.runner.batch_records, 1, 10'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("drain_timeout_ms", sink.drain_timeout_ms, 0, 60'000));
  if (sink.type == SinkConfig::Type::kSyslog && sink.drain_timeout_ms > 0 &&
      sink.syslog.transport != SyslogOptions::Transport::kUdp &&
      sink.syslog.settle_ms >= sink.drain_timeout_ms) {
    return r.Error(At(node, "settle_ms"), "settle_ms",
                   "must be shorter than drain_timeout_ms, or a stop never confirms delivery");
  }
  return r.CheckNoUnknownKeys();
}

}  // namespace

Status ReadSinks(const YAML::Node& node, const std::string& origin, const std::string& base_dir,
                 std::vector<SinkConfig>& out) {
  if (!node.IsSequence()) {
    return Status::Invalid(origin + ":" + std::to_string(node.Mark().line + 1) +
                           ": sinks must be a list of sinks");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    SinkConfig sink;
    PHI_RETURN_IF_ERROR(ReadSink(node[i], i, origin, base_dir, sink));
    if (!names.insert(sink.runner.name).second) {
      return Status::Invalid(origin + ":" + std::to_string(node[i].Mark().line + 1) +
                             ": two sinks are named '" + sink.runner.name + "'");
    }
    out.push_back(std::move(sink));
  }
  return Status::Ok();
}

}  // namespace phi
