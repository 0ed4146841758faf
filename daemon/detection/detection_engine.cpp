#include "daemon/detection/detection_engine.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

#include "daemon/common/fnv_hash.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/detection/alert_text.hpp"

namespace phi {
namespace {

constexpr size_t kMaxEventIds = 100;
constexpr size_t kMaxPatients = 50;
constexpr size_t kMaxSequencePatients = 5;  // checked on every step: keep the list short
// A sequence in progress keeps the ids of its latest events only (memory per user).
constexpr size_t kMaxSequenceEventIds = 12;
constexpr size_t kMaxWindowEntries = 50'000;
// Idle keys are freed this often (event time); windows expire on their own as events arrive.
constexpr TimeMicros kSweepInterval = 6 * 3600LL * kMicrosPerSecond;
constexpr TimeMicros kBaselineIdle = 35LL * 86400 * kMicrosPerSecond;
constexpr char kStateVersion = 7;  // 7: a key baseline's partial first day
constexpr int kActivityLearningDays = 3;
// A peer group "often" works at an hour when this share of its member-days included it.
constexpr uint32_t kPeerUsualHourPercent = 10;
constexpr uint32_t kPeerLearningMemberDays = 20;
constexpr int64_t kActivityIdleDays = 90;
constexpr int kPeerDaysPerUserDay = 4;
// A walk through the patient list skips MRNs that do not exist or were not opened (two in a
// row at most): a run's neighbours may be this far apart.
constexpr int64_t kRunMaxStep = 3;

uint64_t Fnv(uint64_t h, std::string_view bytes) {
  return Fnv1a(h, bytes);
}

uint64_t PeerGroupKey(EventView& view) {
  return Fnv(Fnv(Fnv(kFnvOffset, view.role()), "\x1f"), view.department());
}

uint64_t HashValue(const FieldValue& v, uint64_t h = kFnvOffset) {
  char tag = static_cast<char>(v.type);
  h = Fnv(h, std::string_view(&tag, 1));
  switch (v.type) {
    case FieldValue::Type::kString:
      return Fnv(h, v.text);
    case FieldValue::Type::kNumber:
      return Fnv(h, std::string_view(reinterpret_cast<const char*>(&v.number), sizeof v.number));
    case FieldValue::Type::kBool:
      return Fnv(h, v.boolean ? "1" : "0");
    case FieldValue::Type::kMissing:
      return h;
  }
  return h;
}

// A (user, patient) key, built without allocating.
uint64_t PairKey(std::string_view user, std::string_view patient) {
  return Fnv(Fnv(Fnv(kFnvOffset, user), "\x1f"), patient);
}

// The number at the end of an identifier ("MRN0001234" -> 1234), for consecutive runs.
bool TrailingNumber(std::string_view s, int64_t& out) {
  size_t start = s.size();
  while (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9') --start;
  if (start == s.size() || s.size() - start > 18) return false;
  std::from_chars(s.data() + start, s.data() + s.size(), out);
  return true;
}

template <typename T>
void AppendCapped(std::vector<T>& v, const T& item, size_t cap) {
  if (v.size() < cap) v.push_back(item);
}

void AppendUnique(std::vector<std::string>& v, const std::string& item, size_t cap) {
  if (item.empty() || std::find(v.begin(), v.end(), item) != v.end()) return;
  AppendCapped(v, item, cap);
}

// "vip_unexplained_access (3), new_network_for_user (1)": the rules behind the recent points.
std::string RuleList(const std::vector<RiskObservation>& ledger, TimeMicros after) {
  std::vector<std::pair<std::string, int64_t>> rules;
  for (const auto& o : ledger) {
    if (o.ts <= after) continue;
    auto it = std::find_if(rules.begin(), rules.end(),
                           [&](const auto& r) { return r.first == o.rule_id; });
    if (it == rules.end()) {
      rules.emplace_back(o.rule_id, o.points);
    } else {
      it->second += o.points;
    }
  }
  std::string out;
  for (size_t i = 0; i < rules.size(); ++i) {
    out += (i ? ", " : "") + rules[i].first + " (" + std::to_string(rules[i].second) + ")";
  }
  return out;
}

std::string SummaryJson(const RobustSummary& s) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"median\":%.1f,\"mad\":%.1f,\"days\":%d}", s.median, s.mad,
                s.samples);
  return buf;
}

}  // namespace

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kEvent:
      return "event";
    case RuleKind::kAggregate:
      return "aggregate";
    case RuleKind::kFirstSeen:
      return "first_seen";
    case RuleKind::kSequence:
      return "sequence";
    case RuleKind::kRisk:
      return "risk_score";
    case RuleKind::kSilence:
      return "silence";
  }
  return "?";
}

bool HashFields(const std::vector<const FieldDef*>& fields, EventView& view, uint64_t& key) {
  uint64_t h = kFnvOffset;
  for (const FieldDef* f : fields) {
    FieldValue v = f->get(view);
    if (!v.present()) return false;
    h = HashValue(v, h);
  }
  key = h;
  return true;
}

DetectionEngine::DetectionEngine(std::shared_ptr<const RuleSet> rules, DetectionSettings settings)
    : rules_(std::move(rules)),
      settings_(std::move(settings)),
      sensitive_(settings_.sensitive_classes) {
  states_.resize(rules_->rules.size());
  for (size_t i = 0; i < states_.size(); ++i) states_[i].fingerprint = rules_->rules[i].fingerprint;
}

bool DetectionEngine::Matches(const Rule& rule, EventView& view) const {
  if (!rule.when.Evaluate(view)) return false;
  for (const auto& exception : rule.exceptions) {
    if (exception.Evaluate(view)) return false;
  }
  return true;
}

void DetectionEngine::Process(const Event& event, const ContextSnapshot* context,
                              std::vector<AlertChange>& out) {
  if (event.sequence != 0) {  // 0: an event that is not in the timeline (offline tests)
    if (event.sequence <= last_sequence_) return;
    last_sequence_ = event.sequence;
  }
  if (event.implausible_time) {
    // A time in 2099 (or 1970) must not move the engine's clock: windows, days and sweeps
    // would jump and later events would dodge them. Judged at the latest plausible time.
    Event at_latest = event;
    at_latest.ts = std::max(latest_plausible_ts_, last_sweep_);  // the latter survives restarts
    Evaluate(at_latest, context, out);
    return;
  }
  latest_plausible_ts_ = std::max(latest_plausible_ts_, event.ts);
  Evaluate(event, context, out);
}

void DetectionEngine::Evaluate(const Event& event, const ContextSnapshot* context,
                               std::vector<AlertChange>& out) {
  EventView view(event, context, settings_, {&memory_, &sensitive_});
  ++counters_.events;
  UserActivity* activity = PrepareHistory(view);
  if (!event.patient.empty() && !event.user.empty()) {
    ++counters_.patient_accesses;
    Explanation x = view.explanation();
    ++counters_.by_explanation[static_cast<size_t>(x)];
    if (x != Explanation::kNone) ++counters_.explained;
    if (view.care_relationship()) ++counters_.care_relationship;
  }
  for (size_t i = 0; i < rules_->rules.size(); ++i) ProcessRule(i, view, out);
  Learn(view, activity);
  if (event.ts - last_sweep_ >= kSweepInterval) Sweep(event.ts);
}

UserActivity* DetectionEngine::PrepareHistory(EventView& view) {
  const Event& e = view.event();
  if (e.user.empty()) return nullptr;
  UserActivity& a = activity_[HashText(e.user)];
  if (a.peer_group == 0) a.peer_group = PeerGroupKey(view);
  const int hour = view.local_hour();
  UserHistory h;
  h.usual_hour = a.UsualHour(hour, kActivityLearningDays);
  auto peers = peer_hours_.find(a.peer_group);
  h.peers_usual_hour = peers == peer_hours_.end() ||
                       peers->second.Usual(hour, kPeerUsualHourPercent, kPeerLearningMemberDays);
  h.active_days = a.active_days;
  h.session_start = a.SessionStartAt(e.ts);
  h.usual_record_count = a.UsualRecordCount(view.local_day());
  if (peers != peer_hours_.end()) h.peers = &peers->second;
  h.activity = &a;
  view.SetHistory(h);
  return &a;
}

void DetectionEngine::Learn(EventView& view, UserActivity* activity) {
  const Event& e = view.event();
  if (activity) {
    activity->Record(e.ts, view.local_day(), view.local_hour(), e.record_count,
                     peer_hours_[activity->peer_group]);
  }
  if (e.patient.empty() || e.user.empty() || !view.employee() || !view.patient()) return;
  const Explanation x = view.explanation();
  if (StrengthOf(x) == ExplanationStrength::kStrong) {
    const EncounterRecord* episode = view.explanation_episode();
    if (x == Explanation::kOperationsRole || !episode) return;  // derived again next time
    const bool mine = x == Explanation::kAttending || x == Explanation::kAppointmentProvider ||
                      x == Explanation::kCaseload;
    const bool own_department = episode->department == view.employee()->department;
    // The user's own episodes come back as caseload, the own department's as follow-up.
    memory_.LearnStrong(view.access_facts(), /*remember_pair=*/!mine && !own_department,
                        /*remember_team=*/!own_department);
  }
  LearnWork(view);
}

void DetectionEngine::LearnWork(EventView& view) {
  const RoleClass role = view.role_class();
  if (role != RoleClass::kClinical && role != RoleClass::kUnknown) return;
  const Explanation x = view.explanation();
  // Work on the user's own team's patients says nothing about other departments.
  if (x == Explanation::kDepartmentEncounter || x == Explanation::kDepartmentAppointment ||
      x == Explanation::kDepartmentFollowUp) {
    return;
  }
  const uint64_t* departments = nullptr;
  size_t n = view.current_departments(departments);
  const uint64_t* colleagues = nullptr;
  size_t m = view.clinicians(colleagues);
  memory_.LearnWork(view.access_facts(), departments, n, colleagues, m);
}

void DetectionEngine::ProcessRule(size_t index, EventView& view, std::vector<AlertChange>& out) {
  const Rule& rule = rules_->rules[index];
  if (rule.kind == RuleKind::kRisk || rule.kind == RuleKind::kSilence || !Matches(rule, view)) {
    return;
  }
  RuleState& state = states_[index];
  const Event& e = view.event();
  AlertFigures figures;
  Match match;
  match.figures = &figures;
  bool matched = false;
  uint64_t key = 0;
  switch (rule.kind) {
    case RuleKind::kEvent:
      matched = true;
      match.sequences.push_back(e.sequence);
      if (!e.patient.empty()) match.patients.push_back(e.patient);
      break;
    case RuleKind::kAggregate:
      matched = HashFields(rule.aggregate.by, view, key) &&
                EvaluateAggregate(rule, state, view, key, figures, match);
      break;
    case RuleKind::kFirstSeen:
      matched = HashFields(rule.first_seen.by, view, key) &&
                EvaluateFirstSeen(rule, state, view, key, figures);
      match.sequences.push_back(e.sequence);
      if (!e.patient.empty()) match.patients.push_back(e.patient);
      match.suppress_key = key;
      break;
    case RuleKind::kSequence:
      matched = HashFields(rule.sequence.by, view, key) &&
                EvaluateSequence(rule, state, view, key, figures, match);
      break;
    case RuleKind::kRisk:
    case RuleKind::kSilence:
      break;
  }
  if (!matched) return;
  // Points count once per alert (or per suppressed observation), not per repeat.
  if (Raise(index, view, figures, match, out) && rule.risk_points > 0) AddRisk(rule, view, out);
}

namespace {

WindowPayload PayloadOf(AggregateSpec::Measure measure) {
  switch (measure) {
    case AggregateSpec::Measure::kDistinct:
    case AggregateSpec::Measure::kConsecutiveRun:
      return WindowPayload::kValue;
    case AggregateSpec::Measure::kSum:
      return WindowPayload::kAmount;
    case AggregateSpec::Measure::kCount:
      break;
  }
  return WindowPayload::kNone;
}

// The baseline's figures for the alert: built only when the rule fires.
void DescribeBaseline(const BaselineSpec& b, const RobustSummary& own, const RobustSummary& group,
                      bool own_counts, bool group_counts, double median, EventView& view,
                      AlertFigures& figures) {
  std::string peer_group = std::string(view.role()) + "/" + std::string(view.department());
  figures.baseline_json =
      "{\"user\":" + SummaryJson(own) + ",\"peers\":" + SummaryJson(group) + ",\"peer_group\":";
  AppendJsonString(peer_group, figures.baseline_json);
  char buf[128];
  std::snprintf(buf, sizeof buf,
                ",\"factor\":%.1f,\"peer_factor\":%.1f,\"min\":%lld,\"used_median\":%.1f}",
                b.factor, b.peer_factor, static_cast<long long>(b.min), median);
  figures.baseline_json += buf;
  if (own_counts) figures.user_median = own.median;
  if (group_counts) figures.peer_median = group.median;
  figures.peer_group = std::move(peer_group);
}

}  // namespace

bool DetectionEngine::EvaluateAggregate(const Rule& rule, RuleState& state, EventView& view,
                                        uint64_t key, AlertFigures& figures, Match& match) {
  const AggregateSpec& a = rule.aggregate;
  const Event& e = view.event();
  uint64_t value = 0;
  int64_t amount = 1;
  bool counted = true;
  if (a.field) {
    FieldValue v = a.field->get(view);
    if (!v.present()) {
      // Nothing to add; with a baseline the event still marks an active day (a day with
      // nothing to count is a day of history too).
      if (!a.has_baseline) return false;
      counted = false;
    }
    switch (counted ? a.measure : AggregateSpec::Measure::kCount) {
      case AggregateSpec::Measure::kDistinct:
        value = HashValue(v);
        break;
      case AggregateSpec::Measure::kSum:
        amount = v.number;
        break;
      case AggregateSpec::Measure::kConsecutiveRun: {
        int64_t n = 0;
        if (v.type != FieldValue::Type::kString || !TrailingNumber(v.text, n)) return false;
        value = static_cast<uint64_t>(n);
        break;
      }
      case AggregateSpec::Measure::kCount:
        break;
    }
  }
  SlidingWindow& w = state.windows.try_emplace(key, PayloadOf(a.measure)).first;
  if (counted) {
    w.Add(e.ts, e.sequence, value, amount);
    w.AddPatient(e.patient);
  }
  w.Expire(e.ts - a.window, kMaxWindowEntries);
  int64_t measured = 0;
  switch (a.measure) {
    case AggregateSpec::Measure::kCount:
      measured = static_cast<int64_t>(w.count());
      break;
    case AggregateSpec::Measure::kDistinct:
      measured = static_cast<int64_t>(w.distinct());
      break;
    case AggregateSpec::Measure::kSum:
      measured = w.sum();
      break;
    case AggregateSpec::Measure::kConsecutiveRun:
      measured = w.ConsecutiveRun(static_cast<int64_t>(value), kRunMaxStep);
      break;
  }
  int64_t threshold = a.threshold;
  if (a.has_baseline) {
    const BaselineSpec& b = a.baseline;
    KeyBaseline& kb = state.key_baselines[key];
    PeerBaseline& peers = state.peer_baselines[PeerGroupKey(view)];
    int64_t day = view.local_day();
    if (kb.day != day) {
      if (kb.day != INT64_MIN && !kb.first_day) {
        kb.history.Push(kb.peak);
        peers.Push(kb.peak);
      }
      kb.first_day = kb.day == INT64_MIN;
      kb.day = day;
      kb.peak = 0;
    }
    kb.peak = std::max<uint32_t>(kb.peak, static_cast<uint32_t>(std::max<int64_t>(measured, 0)));
    if (!counted) return false;
    // The threshold is never below `min`: the summaries are only needed above it.
    if (measured <= b.min) return false;
    const RobustSummary own = kb.history.Summarise();
    const RobustSummary& group = peers.Summarise();
    bool own_counts = own.samples > 0 && b.of != BaselineSpec::Of::kPeers;
    // A peer group's member-days come fast and start partial: it needs four times the days.
    bool group_counts =
        group.samples >= kPeerDaysPerUserDay * b.min_days && b.of != BaselineSpec::Of::kUser;
    // Neither the user (a day at least) nor the peers have history enough to compare with.
    if (!own_counts && !group_counts) return false;
    // The bar is a multiple of the user's own median (even from a day or two: someone busier
    // than their peers is judged against themself) and of the peers', whichever is higher; the
    // spread of either (median absolute deviation) widens it for people whose days vary a lot.
    double median = 0, mad = 0, limit = static_cast<double>(b.min);
    if (own_counts) {
      median = own.median;
      mad = own.mad;
      limit = std::max(limit, b.factor * own.median);
    }
    if (group_counts) {
      median = std::max(median, group.median);
      mad = std::max(mad, group.mad);
      limit = std::max(limit, b.peer_factor * group.median);
    }
    if (b.mad > 0) limit = std::max(limit, median + b.mad * mad);
    threshold = static_cast<int64_t>(limit);
    if (measured <= threshold) return false;
    DescribeBaseline(b, own, group, own_counts, group_counts, median, view, figures);
  }
  figures.value = measured;
  figures.threshold = threshold;
  if (measured <= threshold) return false;
  match.sequences = w.LastSequences(kMaxEventIds);
  match.patients = w.RecentPatients();
  match.suppress_key = key;
  return true;
}

bool DetectionEngine::EvaluateFirstSeen(const Rule& rule, RuleState& state, EventView& view,
                                        uint64_t key, AlertFigures& figures) {
  const FirstSeenSpec& spec = rule.first_seen;
  const Event& e = view.event();
  FieldValue v = spec.value->get(view);
  if (!v.present()) return false;
  FirstSeenState& f = state.first_seen[key];
  if (f.last_seen.empty() && f.first_observed == 0) f.first_observed = e.ts;
  uint64_t value = HashValue(v);
  auto [last_seen, inserted] = f.last_seen.try_emplace(value, e.ts);
  bool is_new = inserted || e.ts - last_seen > spec.history;
  last_seen = e.ts;
  bool learned = e.ts - f.first_observed >= spec.learning;
  if (!is_new || !learned) return false;  // the common case: nothing to explain
  figures.value = static_cast<int64_t>(f.last_seen.size());
  std::string text;
  AppendFieldValueText(v, text);
  figures.extra_json = "\"first_seen\":{\"value\":";
  AppendJsonString(text, figures.extra_json);
  figures.extra_json += ",\"observed_since\":\"";
  AppendIsoTime(f.first_observed, figures.extra_json);
  figures.extra_json += "\",\"known_values\":" + std::to_string(f.last_seen.size() - 1) + "}";
  figures.detail = text + " had not been seen for this " +
                   std::string(spec.by.size() == 1 ? spec.by[0]->name : "key") + " before (" +
                   std::to_string(f.last_seen.size() - 1) + " other value(s) seen since " +
                   FormatIsoTime(f.first_observed).substr(0, 10) + ")";
  return true;
}

bool DetectionEngine::EvaluateSequence(const Rule& rule, RuleState& state, EventView& view,
                                       uint64_t key, AlertFigures& figures, Match& match) {
  const SequenceSpec& spec = rule.sequence;
  const Event& e = view.event();
  SequenceState* found = state.sequences.find(key);
  if (!found) {
    // Most events start nothing: keep state only for keys with a match in progress.
    if (!spec.steps[0].when.Evaluate(view)) return false;
    found = &state.sequences.try_emplace(key).first;
  }
  SequenceState& s = *found;
  auto stale = [&](const SequenceProgress& p) {
    return !p.empty() && e.ts - p.started > spec.within;
  };
  if (stale(s.fresh)) s.fresh = SequenceProgress{};
  if (stale(s.current)) {
    s.current = std::move(s.fresh);
    s.fresh = SequenceProgress{};
  }
  // Counts the event toward a partial match's step; true when that completes the step.
  auto advance = [&](SequenceProgress& p) {
    const SequenceStep& step = spec.steps[p.step];
    if (!step.when.Evaluate(view)) return false;
    if (p.empty()) p.started = e.ts;
    ++p.count;
    if (p.sequences.size() == kMaxSequenceEventIds) p.sequences.erase(p.sequences.begin());
    p.sequences.push_back(e.sequence);
    AppendUnique(p.patients, e.patient, kMaxSequencePatients);
    if (p.count < step.count) return false;
    ++p.step;
    p.count = 0;
    return true;
  };
  if (!advance(s.current)) {
    // Waiting for a later step: the event may start a fresher match instead.
    if (s.current.step > 0 && (s.fresh.step == 0 || s.fresh.step < s.current.step))
      advance(s.fresh);
    return false;
  }
  if (s.current.step < spec.steps.size()) return false;
  figures.value = static_cast<int64_t>(spec.steps.size());
  figures.threshold = static_cast<int64_t>(spec.steps.size());
  figures.extra_json =
      "\"span_seconds\":" + std::to_string((e.ts - s.current.started) / kMicrosPerSecond);
  match.sequences = std::move(s.current.sequences);
  match.patients = std::move(s.current.patients);
  match.suppress_key = key;
  s = SequenceState{};
  return true;
}

void DetectionEngine::AddRisk(const Rule& rule, EventView& view, std::vector<AlertChange>& out) {
  const Event& e = view.event();
  ++counters_.observations;
  auto& ledger = risk_[e.user];
  ledger.push_back({e.ts, rule.risk_points, e.sequence, rule.id, e.patient});
  TimeMicros longest = 0;
  for (const Rule& r : rules_->rules) {
    if (r.kind == RuleKind::kRisk) longest = std::max(longest, r.risk.window);
  }
  auto expired = std::find_if(ledger.begin(), ledger.end(),
                              [&](const RiskObservation& o) { return o.ts > e.ts - longest; });
  ledger.erase(ledger.begin(), expired);
  for (size_t i = 0; i < rules_->rules.size(); ++i) {
    const Rule& r = rules_->rules[i];
    if (r.kind != RuleKind::kRisk) continue;
    int64_t points = 0;
    Match match;
    AlertFigures figures;
    std::string observations = "\"observations\":[";
    for (const auto& o : ledger) {
      if (o.ts <= e.ts - r.risk.window) continue;
      points += o.points;
      AppendCapped(match.sequences, o.sequence, kMaxEventIds);
      AppendUnique(match.patients, o.patient, kMaxPatients);
      if (observations.back() != '[') observations += ',';
      observations += "{\"rule\":";
      AppendJsonString(o.rule_id, observations);
      observations += ",\"points\":" + std::to_string(o.points) + ",\"ts\":\"";
      AppendIsoTime(o.ts, observations);
      observations += "\"}";
    }
    if (points < r.risk.threshold) continue;
    figures.value = points;
    figures.threshold = r.risk.threshold;
    figures.extra_json = observations + "]";
    const auto in_window = std::count_if(
        ledger.begin(), ledger.end(), [&](const auto& o) { return o.ts > e.ts - r.risk.window; });
    figures.detail = "The points came from " + std::to_string(in_window) +
                     " observation(s) by rules " + RuleList(ledger, e.ts - r.risk.window);
    match.figures = &figures;
    uint64_t user_key = Fnv(kFnvOffset, e.user);
    match.suppress_key = user_key;
    Raise(i, view, figures, match, out);
  }
}

Severity DetectionEngine::Escalated(const Rule& rule, EventView& view) const {
  Severity severity = rule.severity;
  for (const auto& esc : rule.escalations) {
    if (esc.to > severity && esc.when.Evaluate(view)) severity = esc.to;
  }
  return severity;
}

bool DetectionEngine::Raise(size_t index, EventView& view, AlertFigures& figures, Match& match,
                            std::vector<AlertChange>& out) {
  const Rule& rule = rules_->rules[index];
  RuleState& state = states_[index];
  const Event& e = view.event();
  uint64_t key = match.suppress_key;
  if (!rule.suppress.by.empty()) {
    if (!HashFields(rule.suppress.by, view, key)) key = match.suppress_key;
  } else if (rule.kind == RuleKind::kEvent) {
    key = PairKey(e.user, e.patient);
  }
  TimeMicros duration = rule.suppress.duration;
  if (duration == 0 && rule.kind == RuleKind::kAggregate) duration = rule.aggregate.window;
  if (duration == 0 && rule.kind == RuleKind::kRisk) duration = rule.risk.window;
  OpenAlert* open = state.open_alerts.find(key);
  if (duration > 0 && open && e.ts < open->until) {
    if (e.sequence <= open->last_sequence) return false;
    open->last_sequence = e.sequence;
    if (!open->alert) return false;  // an observation: repeats are never reported
    Alert& a = *open->alert;
    ++a.count;
    a.last_ts = e.ts;
    a.last_sequence = e.sequence;
    AppendCapped(a.event_ids, e.sequence, kMaxEventIds);
    for (const auto& p : match.patients) AppendUnique(a.patients, p, kMaxPatients);
    if (rule.raises_alert) {
      a.severity = std::max(a.severity, Escalated(rule, view));  // a repeat may be worse
      out.push_back({a, false});
    }
    return false;
  }
  Alert a;
  // An event outside the timeline (a parse error) has no sequence: its time names the alert.
  a.alert_id =
      (e.sequence != 0 ? std::to_string(e.sequence) : "t" + std::to_string(e.ts)) + "-" + rule.id;
  a.rule_id = rule.id;
  a.severity = Escalated(rule, view);
  a.ts = a.last_ts = e.ts;
  a.user = e.user;
  a.patients = std::move(match.patients);
  // The words below name this event's patient: list it even where a cap (a sequence's first
  // few, a risk ledger's fifty) left it out, so that `patients` holds every MRN the alert
  // shows and a sink's pseudonymiser finds them all.
  if (!e.patient.empty() &&
      std::find(a.patients.begin(), a.patients.end(), e.patient) == a.patients.end()) {
    a.patients.push_back(e.patient);
  }
  if (rule.raises_alert || report_observations_) {  // an observation's words are never read
    a.summary = RenderSummary(rule, view, figures, 1);
    a.explanation = RenderExplanation(rule, view, figures);
    a.evidence = RenderEvidence(rule, view, figures);
  }
  a.event_ids = std::move(match.sequences);
  a.tags = rule.tags;
  a.last_sequence = e.sequence;
  if (duration > 0) {
    OpenAlert& o = state.open_alerts[key];
    o.until = e.ts + duration;
    o.last_sequence = e.sequence;
    o.alert = rule.raises_alert ? std::make_unique<Alert>(a) : nullptr;
  }
  if (rule.raises_alert) {
    ++counters_.alerts;
    out.push_back({std::move(a), true});
  } else if (report_observations_) {
    out.push_back({std::move(a), true, true});
  }
  return true;
}

void DetectionEngine::Sweep(TimeMicros now) {
  const bool new_day = now / (86400 * kMicrosPerSecond) != last_sweep_ / (86400 * kMicrosPerSecond);
  last_sweep_ = now;
  for (size_t i = 0; i < states_.size(); ++i) {
    const Rule& rule = rules_->rules[i];
    RuleState& s = states_[i];
    s.windows.erase_if([&](uint64_t, const SlidingWindow& w) {
      return w.empty() || w.newest_ts() <= now - rule.aggregate.window;
    });
    for (auto& [key, w] : s.windows) w.ShrinkToFit();
    s.open_alerts.erase_if([&](uint64_t, const OpenAlert& o) { return o.until <= now; });
    s.key_baselines.erase_if([&](uint64_t, const KeyBaseline& b) {
      return (now / kMicrosPerSecond / 86400) - b.day > kBaselineIdle / kMicrosPerSecond / 86400;
    });
    // The same edges as evaluation: forgotten only once evaluation would ignore them too.
    for (auto& [key, f] : s.first_seen) {
      f.last_seen.erase_if(
          [&](uint64_t, TimeMicros seen) { return seen < now - rule.first_seen.history; });
      f.last_seen.shrink_to_fit();
    }
    s.first_seen.erase_if([](uint64_t, const FirstSeenState& f) { return f.last_seen.empty(); });
    s.sequences.erase_if([&](uint64_t, const SequenceState& q) {
      return std::max(q.current.started, q.fresh.started) < now - rule.sequence.within;
    });
    s.windows.shrink_to_fit();
    s.open_alerts.shrink_to_fit();
    s.key_baselines.shrink_to_fit();
    s.first_seen.shrink_to_fit();
    s.sequences.shrink_to_fit();
  }
  TimeMicros longest = 0;
  for (const Rule& r : rules_->rules) {
    if (r.kind == RuleKind::kRisk) longest = std::max(longest, r.risk.window);
  }
  // Per-user and per-pair memories count in days: one pass a day is enough (they are large).
  if (new_day) {
    int64_t today = now / kMicrosPerSecond / 86400;
    activity_.erase_if(
        [&](uint64_t, const UserActivity& a) { return today - a.last_day > kActivityIdleDays; });
    activity_.shrink_to_fit();
    memory_.Sweep(today);
  }
  std::erase_if(risk_, [&](const auto& kv) {
    return kv.second.empty() || kv.second.back().ts <= now - longest;
  });
  for (auto& [user, ledger] : risk_) ledger.shrink_to_fit();
}

void DetectionEngine::ReplaceRules(std::shared_ptr<const RuleSet> rules) {
  std::vector<RuleState> states(rules->rules.size());
  for (size_t i = 0; i < rules->rules.size(); ++i) {
    const Rule& r = rules->rules[i];
    states[i].fingerprint = r.fingerprint;
    for (size_t k = 0; k < rules_->rules.size(); ++k) {
      if (rules_->rules[k].id == r.id && states_[k].fingerprint == r.fingerprint) {
        states[i] = std::move(states_[k]);
      }
    }
  }
  rules_ = std::move(rules);
  states_ = std::move(states);
}

void DetectionEngine::SaveState(std::string& out) const {
  out += kStateVersion;
  PutVarint(last_sequence_, out);
  PutFixed64BE(static_cast<uint64_t>(last_sweep_), out);
  for (uint64_t c : {counters_.events, counters_.patient_accesses, counters_.explained,
                     counters_.care_relationship, counters_.alerts, counters_.observations}) {
    PutVarint(c, out);
  }
  for (uint64_t c : counters_.by_explanation) PutVarint(c, out);
  PutVarint(states_.size(), out);
  for (size_t i = 0; i < states_.size(); ++i) {
    PutLengthPrefixed(rules_->rules[i].id, out);
    states_[i].Save(out);
  }
  SaveRiskLedger(risk_, out);
  SaveActivity(activity_, peer_hours_, out);
  memory_.Save(out);
}

Status DetectionEngine::RestoreState(std::string_view data) {
  if (data.empty() || data[0] != kStateVersion) {
    return Status::Corruption("detection state has an unknown format version");
  }
  ByteReader in(data.substr(1));
  uint64_t sweep, rules;
  bool ok = in.GetVarint(last_sequence_) && in.GetFixed64BE(sweep);
  for (uint64_t* c : {&counters_.events, &counters_.patient_accesses, &counters_.explained,
                      &counters_.care_relationship, &counters_.alerts, &counters_.observations}) {
    ok = ok && in.GetVarint(*c);
  }
  for (uint64_t& c : counters_.by_explanation) ok = ok && in.GetVarint(c);
  ok = ok && in.GetVarint(rules);
  last_sweep_ = static_cast<TimeMicros>(sweep);
  for (uint64_t r = 0; ok && r < rules; ++r) {
    std::string id;
    RuleState state;
    ok = in.GetLengthPrefixed(id) && state.Load(in);
    for (size_t i = 0; ok && i < states_.size(); ++i) {
      if (rules_->rules[i].id == id && rules_->rules[i].fingerprint == state.fingerprint) {
        states_[i] = std::move(state);
        break;
      }
    }
  }
  ok = ok && LoadRiskLedger(in, risk_) && LoadActivity(in, activity_, peer_hours_) &&
       memory_.Load(in);
  if (!ok) return Status::Corruption("detection state is truncated or damaged");
  return Status::Ok();
}

}  // namespace phi
