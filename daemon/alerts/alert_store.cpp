#include "daemon/alerts/alert_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "daemon/common/binary_codec.hpp"
#include "daemon/common/time_util.hpp"

namespace phi {
namespace {

constexpr char kIdPrefix[] = "id/";
// Creation order (alert ids), for listing newest first.
constexpr char kLogPrefix[] = "log/";
constexpr char kNextLogKey[] = "alerts/next_log";
// The alert log: every change, as an AlertRecord.
constexpr char kRecordPrefix[] = "rec/";
constexpr char kNextRecordKey[] = "alerts/next_record";
constexpr char kStateKey[] = "detection/state";
constexpr char kCountersKey[] = "detection/counters";
// Triage: the state (status, assignee, resolution) and the records, by alert.
constexpr char kTriagePrefix[] = "triage/";
constexpr char kChangePrefix[] = "change/";

std::string ChangePrefix(const std::string& alert_id) {
  return kChangePrefix + alert_id + '/';
}

std::string PositionKey(const char* prefix, uint64_t position) {
  std::string key = prefix;
  PutFixed64BE(position, key);
  return key;
}

std::string LogKey(uint64_t position) {
  return PositionKey(kLogPrefix, position);
}

// Appends are serialised in the process (detection's worker, a reviewer's change through the
// control socket, a sink reporting its backlog); waiting sinks are woken after each.
std::mutex append_mu;
std::mutex wait_mu;
std::condition_variable appended;
uint64_t append_generation = 0;  // GUARDED_BY(wait_mu)

Result<uint64_t> ReadCounter(const Timeline& timeline, const char* key) {
  auto value = timeline.GetAux(AuxFamily::kMeta, key);
  if (!value.ok()) return value.status();
  if (value.value() && value.value()->size() == 8) return GetFixed64BE(value.value()->data());
  return uint64_t{1};
}

AuxWrite CounterWrite(const char* key, uint64_t next) {
  std::string v;
  PutFixed64BE(next, v);
  return {AuxFamily::kMeta, key, std::move(v)};
}

Result<Alert> Decode(const std::string& value) {
  Alert a;
  ByteReader in(value);
  if (!LoadAlert(in, a)) return Status::Corruption("undecodable alert in the timeline");
  return a;
}

}  // namespace

void AlertStore::WaitForAppend(std::chrono::milliseconds timeout, const std::atomic<bool>& stop) {
  std::unique_lock<std::mutex> lock(wait_mu);
  const uint64_t seen = append_generation;
  // `stop` is set before WakeWaiters() takes the lock: read under it, it is never missed.
  appended.wait_for(lock, timeout, [&] { return append_generation != seen || stop.load(); });
}

void AlertStore::WakeWaiters() {
  {
    std::lock_guard<std::mutex> lock(wait_mu);
    ++append_generation;
  }
  appended.notify_all();
}

Result<uint64_t> AlertStore::NextPosition() const {
  return ReadCounter(timeline_, kNextRecordKey);
}

Result<uint64_t> AlertStore::ApproximateBytesAfter(uint64_t position) const {
  auto last = LastPosition();
  if (!last.ok()) return last.status();
  if (last.value() <= position) return uint64_t{0};
  auto estimate =
      timeline_.ApproximateAuxBytes(AuxFamily::kAlerts, PositionKey(kRecordPrefix, position + 1),
                                    PositionKey(kRecordPrefix, UINT64_MAX));
  if (!estimate.ok()) return estimate.status();
  // RocksDB's estimate of what is still in a memtable can be far too low: the newest record's
  // size times the count is the floor.
  auto newest = timeline_.GetAux(AuxFamily::kAlerts, PositionKey(kRecordPrefix, last.value()));
  if (!newest.ok()) return newest.status();
  const uint64_t record_bytes = newest.value() ? newest.value()->size() : 0;
  return std::max(estimate.value(), (last.value() - position) * record_bytes);
}

Result<uint64_t> AlertStore::LastPosition() const {
  auto next = NextPosition();
  if (!next.ok()) return next.status();
  return next.value() - 1;
}

void AlertStore::AppendRecord(AlertRecord record, uint64_t& next, std::vector<AuxWrite>& writes) {
  std::string value;
  SaveAlertRecord(record, value);
  // The alert log is append-only: each record is sealed into the hash chain.
  writes.push_back({AuxFamily::kAlerts, PositionKey(kRecordPrefix, next++), std::move(value),
                    /*erase=*/false, /*sealed=*/true});
}

Result<size_t> AlertStore::Apply(const std::vector<AlertChange>& changes, const std::string* state,
                                 const DetectionCounters* counters) {
  // An alert may be created and updated within one batch of changes: keep its latest version,
  // in order of first appearance, so the log has one record of each alert per batch.
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
  std::lock_guard<std::mutex> lock(append_mu);
  auto next_log = ReadCounter(timeline_, kNextLogKey);
  if (!next_log.ok()) return next_log.status();
  auto next_record = NextPosition();
  if (!next_record.ok()) return next_record.status();
  const uint64_t first_log = next_log.value(), first_record = next_record.value();
  std::vector<AuxWrite> writes;
  size_t fresh = 0;
  const TimeMicros now = WallClockNow();
  for (const Alert* alert : latest) {
    auto stored = Find(alert->alert_id);
    if (!stored.ok()) return stored.status();
    if (stored.value() && stored.value()->last_sequence >= alert->last_sequence) continue;
    std::string value;
    SaveAlert(*alert, value);
    writes.push_back({AuxFamily::kAlerts, kIdPrefix + alert->alert_id, std::move(value)});
    AlertRecord record;
    record.change = stored.value() ? "grew" : "created";
    record.at = now;
    record.by = kDetectionActor;
    record.alert = *alert;
    if (stored.value()) {
      // A reviewer's status, assignee and resolution stay with the alert as it grows.
      record.alert.status = stored.value()->status;
      record.alert.assignee = stored.value()->assignee;
      record.alert.resolution = stored.value()->resolution;
    } else {
      writes.push_back({AuxFamily::kAlerts, LogKey(next_log.value()++), alert->alert_id,
                        /*erase=*/false, /*sealed=*/true});
    }
    AppendRecord(std::move(record), next_record.value(), writes);
    ++fresh;
  }
  if (next_log.value() != first_log) writes.push_back(CounterWrite(kNextLogKey, next_log.value()));
  if (next_record.value() != first_record)
    writes.push_back(CounterWrite(kNextRecordKey, next_record.value()));
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
  if (fresh) WakeWaiters();
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
  std::lock_guard<std::mutex> lock(append_mu);
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
  auto next_record = NextPosition();
  if (!next_record.ok()) return next_record.status();
  std::vector<AuxWrite> writes = {{AuxFamily::kAlerts, key, std::move(record), false, true},
                                  {AuxFamily::kAlerts, kTriagePrefix + alert_id, std::move(state)}};
  AppendRecord({.change = kind, .at = now, .by = by, .text = text, .note = note, .alert = a},
               next_record.value(), writes);
  writes.push_back(CounterWrite(kNextRecordKey, next_record.value()));
  Status s = timeline_.WriteAux(writes);
  if (s.ok()) WakeWaiters();
  return s;
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

Result<std::vector<AlertRecord>> AlertStore::ReadRecords(uint64_t after, size_t limit) const {
  std::vector<std::pair<std::string, std::string>> rows;
  Status s = timeline_.ScanAux(AuxFamily::kAlerts, kRecordPrefix,
                               after ? PositionKey(kRecordPrefix, after) : "", limit, false, rows);
  if (!s.ok()) return s;
  std::vector<AlertRecord> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ByteReader in(rows[i].second);
    out[i].position = GetFixed64BE(rows[i].first.data() + sizeof(kRecordPrefix) - 1);
    if (!LoadAlertRecord(in, out[i])) {
      return Status::Corruption("undecodable record " + std::to_string(out[i].position) +
                                " in the alert log");
    }
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
