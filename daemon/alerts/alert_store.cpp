#include "daemon/alerts/alert_store.hpp"

#include <unordered_map>

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

constexpr char kIdPrefix[] = "id/";
constexpr char kLogPrefix[] = "log/";
constexpr char kNextLogKey[] = "alerts/next_log";
constexpr char kStateKey[] = "detection/state";
constexpr char kCountersKey[] = "detection/counters";
// Triage: the state (status, assignee, resolution) and the records, by alert.
constexpr char kTriagePrefix[] = "triage/";
constexpr char kChangePrefix[] = "change/";

std::string ChangePrefix(const std::string& alert_id) {
  return kChangePrefix + alert_id + '/';
}

std::string LogKey(uint64_t position) {
  std::string key = kLogPrefix;
  PutFixed64BE(position, key);
  return key;
}

Result<Alert> Decode(const std::string& value) {
  Alert a;
  ByteReader in(value);
  if (!LoadAlert(in, a)) return Status::Corruption("undecodable alert in the timeline");
  return a;
}

}  // namespace

Status AlertStore::Open() {
  auto next = timeline_.GetAux(AuxFamily::kMeta, kNextLogKey);
  if (!next.ok()) return next.status();
  if (next.value() && next.value()->size() == 8) next_log_ = GetFixed64BE(next.value()->data());
  return Status::Ok();
}

Result<size_t> AlertStore::Apply(const std::vector<AlertChange>& changes, const std::string* state,
                                 const DetectionCounters* counters) {
  // An alert may be created and updated within one batch of changes: keep its latest version,
  // in order of first appearance, so the log names each new alert once.
  std::vector<const Alert*> latest;
  std::unordered_map<std::string_view, size_t> position;
  for (const AlertChange& change : changes) {
    auto [it, inserted] = position.emplace(change.alert.alert_id, latest.size());
    if (inserted) {
      latest.push_back(&change.alert);
    } else if (change.alert.last_sequence > latest[it->second]->last_sequence) {
      latest[it->second] = &change.alert;
    }
  }
  std::vector<AuxWrite> writes;
  size_t fresh = 0;
  uint64_t next_log = next_log_;
  for (const Alert* alert : latest) {
    auto stored = Find(alert->alert_id);
    if (!stored.ok()) return stored.status();
    if (stored.value() && stored.value()->last_sequence >= alert->last_sequence) continue;
    std::string value;
    SaveAlert(*alert, value);
    writes.push_back({AuxFamily::kAlerts, kIdPrefix + alert->alert_id, std::move(value)});
    if (!stored.value())
      writes.push_back({AuxFamily::kAlerts, LogKey(next_log++), alert->alert_id});
    ++fresh;
  }
  if (next_log != next_log_) {
    std::string v;
    PutFixed64BE(next_log, v);
    writes.push_back({AuxFamily::kMeta, kNextLogKey, v});
  }
  if (state) writes.push_back({AuxFamily::kMeta, kStateKey, *state});
  if (counters) {
    std::string v;
    for (uint64_t c : {counters->events, counters->patient_accesses, counters->explained,
                       counters->care_relationship, counters->alerts, counters->observations}) {
      PutVarint(c, v);
    }
    for (uint64_t c : counters->by_explanation) PutVarint(c, v);
    writes.push_back({AuxFamily::kMeta, kCountersKey, v});
  }
  if (writes.empty()) return fresh;
  Status s = timeline_.WriteAux(writes);
  if (!s.ok()) return s;
  next_log_ = next_log;
  return fresh;
}

Result<std::optional<std::string>> AlertStore::LoadDetectionState() const {
  return timeline_.GetAux(AuxFamily::kMeta, kStateKey);
}

Result<std::optional<DetectionCounters>> AlertStore::LoadCounters() const {
  auto value = timeline_.GetAux(AuxFamily::kMeta, kCountersKey);
  if (!value.ok()) return value.status();
  if (!value.value()) return std::optional<DetectionCounters>();
  DetectionCounters c;
  ByteReader in(*value.value());
  for (uint64_t* v : {&c.events, &c.patient_accesses, &c.explained, &c.care_relationship, &c.alerts,
                      &c.observations}) {
    if (!in.GetVarint(*v)) return Status::Corruption("undecodable detection counters");
  }
  // Counts by explanation came later: a timeline written before has none.
  for (uint64_t& v : c.by_explanation) {
    if (in.empty()) break;
    if (!in.GetVarint(v)) return Status::Corruption("undecodable detection counters");
  }
  return std::optional<DetectionCounters>(c);
}

Result<std::optional<Alert>> AlertStore::Find(const std::string& alert_id) const {
  auto value = timeline_.GetAux(AuxFamily::kAlerts, kIdPrefix + alert_id);
  if (!value.ok()) return value.status();
  if (!value.value()) return std::optional<Alert>();
  auto a = Decode(*value.value());
  if (!a.ok()) return a.status();
  auto triage = timeline_.GetAux(AuxFamily::kAlerts, kTriagePrefix + alert_id);
  if (!triage.ok()) return triage.status();
  if (triage.value()) {
    ByteReader in(*triage.value());
    if (!in.GetLengthPrefixed(a.value().status) || !in.GetLengthPrefixed(a.value().assignee) ||
        !in.GetLengthPrefixed(a.value().resolution)) {
      return Status::Corruption("undecodable triage state of alert " + alert_id);
    }
  }
  return std::optional<Alert>(std::move(a.value()));
}

Status AlertStore::Triage(const std::string& alert_id, const std::string& kind,
                          const std::string& by, const std::string& text, const std::string& note,
                          TimeMicros now) {
  auto found = Find(alert_id);
  if (!found.ok()) return found.status();
  if (!found.value()) return Status::NotFound("no alert " + alert_id);
  Alert& a = *found.value();
  const bool resolved = a.status == "resolved";
  if (kind == "acknowledged") {
    if (a.status != "open") return Status::Invalid("alert " + alert_id + " is " + a.status);
    a.status = "acknowledged";
  } else if (kind == "assigned") {
    if (resolved) return Status::Invalid("alert " + alert_id + " is resolved: reopen it first");
    if (text.empty()) return Status::Invalid("assign to whom?");
    a.assignee = text;
  } else if (kind == "noted") {
    if (text.empty()) return Status::Invalid("an empty note");
  } else if (kind == "resolved") {
    if (resolved) return Status::Invalid("alert " + alert_id + " is resolved already");
    if (text != "true_positive" && text != "false_positive" && text != "benign")
      return Status::Invalid("a resolution is true_positive, false_positive or benign");
    a.status = "resolved";
    a.resolution = text;
  } else if (kind == "reopened") {
    if (!resolved) return Status::Invalid("alert " + alert_id + " is not resolved");
    a.status = "open";
    a.resolution.clear();
  } else {
    return Status::Invalid("unknown change '" + kind + "'");
  }
  auto history = History(alert_id);
  if (!history.ok()) return history.status();
  std::string key = ChangePrefix(alert_id);
  PutFixed64BE(history.value().size() + 1, key);
  std::string record;
  PutSignedFixed64BE(now, record);
  for (const std::string* s : {&by, &kind, &text, &note}) PutLengthPrefixed(*s, record);
  std::string state;
  for (const std::string* s : {&a.status, &a.assignee, &a.resolution}) PutLengthPrefixed(*s, state);
  return timeline_.WriteAux({{AuxFamily::kAlerts, key, std::move(record)},
                             {AuxFamily::kAlerts, kTriagePrefix + alert_id, std::move(state)}});
}

Result<std::vector<AlertTriageRecord>> AlertStore::History(const std::string& alert_id) const {
  std::vector<std::pair<std::string, std::string>> rows;
  Status s =
      timeline_.ScanAux(AuxFamily::kAlerts, ChangePrefix(alert_id), "", SIZE_MAX, false, rows);
  if (!s.ok()) return s;
  std::vector<AlertTriageRecord> out;
  for (const auto& row : rows) {
    AlertTriageRecord r;
    ByteReader in(row.second);
    if (!in.GetSignedFixed64BE(r.at) || !in.GetLengthPrefixed(r.by) ||
        !in.GetLengthPrefixed(r.kind) || !in.GetLengthPrefixed(r.text) ||
        !in.GetLengthPrefixed(r.note)) {
      return Status::Corruption("undecodable triage record of alert " + alert_id);
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<std::pair<uint64_t, Alert>>> AlertStore::ReadLog(uint64_t after,
                                                                    size_t limit) const {
  std::vector<std::pair<std::string, std::string>> rows;
  Status s = timeline_.ScanAux(AuxFamily::kAlerts, kLogPrefix, after ? LogKey(after) : "", limit,
                               false, rows);
  if (!s.ok()) return s;
  std::vector<std::pair<uint64_t, Alert>> out;
  for (const auto& [key, id] : rows) {
    auto a = Find(id);
    if (!a.ok()) return a.status();
    if (!a.value()) return Status::Corruption("alert log names a missing alert " + id);
    out.emplace_back(GetFixed64BE(key.data() + sizeof(kLogPrefix) - 1), std::move(*a.value()));
  }
  return out;
}

Result<std::vector<Alert>> AlertStore::List(size_t limit, const AlertFilter& filter) const {
  constexpr size_t kPage = 1000;
  std::vector<Alert> out;
  std::vector<std::pair<std::string, std::string>> rows;
  std::string after;
  do {
    rows.clear();
    Status s = timeline_.ScanAux(AuxFamily::kAlerts, kLogPrefix, after, kPage, true, rows);
    if (!s.ok()) return s;
    for (const auto& row : rows) {
      auto a = Find(row.second);
      if (!a.ok()) return a.status();
      if (a.value() && filter.Matches(*a.value())) out.push_back(std::move(*a.value()));
      if (out.size() == limit) return out;
    }
    if (!rows.empty()) after = rows.back().first;
  } while (rows.size() == kPage);
  return out;
}

}  // namespace phi
