#include "daemon/config/sink_config_reader.hpp"

#include <set>

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

Status ReadSink(const YAML::Node& node, size_t index, const std::string& origin,
                const std::string& base_dir, SinkConfig& sink) {
  MappingReader r(node, origin, "sinks[" + std::to_string(index) + "].");
  PHI_RETURN_IF_ERROR(r.CheckIsMap());
  std::string& name = sink.runner.name;
  PHI_RETURN_IF_ERROR(r.String("name", name));
  if (!IsPlainName(name))
    return r.Error(At(node, "name"), "name",
                   "required: letters, digits, '-', '_' or '.', at most 64");
  std::string type;
  PHI_RETURN_IF_ERROR(r.String("type", type));
  if (type == "jsonl") {
    sink.type = SinkConfig::Type::kJsonl;
    PHI_RETURN_IF_ERROR(r.String("path", sink.path));
    if (sink.path.empty())
      return r.Error(At(node, "path"), "path", "a jsonl sink needs the file's path");
    sink.path = Resolve(base_dir, sink.path);
  } else {
    return r.Error(At(node, "type"), "type", "must be jsonl, syslog or webhook");
  }
  PHI_RETURN_IF_ERROR(ReadFilter(r, node, sink.runner.filter));
  PHI_RETURN_IF_ERROR(ReadPseudonyms(r, node, base_dir, sink.pseudonyms));
  uint64_t budget_mb = sink.runner.backlog_budget_bytes >> 20;
  PHI_RETURN_IF_ERROR(r.Number<uint64_t>("backlog_budget_mb", budget_mb, 1, 1 << 20));
  sink.runner.backlog_budget_bytes = budget_mb << 20;
  PHI_RETURN_IF_ERROR(
      r.Number<int64_t>("retry_initial_ms", sink.runner.retry_initial_ms, 10, 3'600'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("retry_max_ms", sink.runner.retry_max_ms,
                                        sink.runner.retry_initial_ms, 3'600'000));
  PHI_RETURN_IF_ERROR(r.Number<size_t>("batch_records", sink.runner.batch_records, 1, 10'000));
  PHI_RETURN_IF_ERROR(r.Number<int64_t>("drain_timeout_ms", sink.drain_timeout_ms, 0, 600'000));
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
