#include "daemon/detection/rule_state.hpp"

namespace phi {
namespace {

// Writes a hash map as count + (key, value) pairs with the given value writer.
template <typename Map, typename Fn>
void PutMap(const Map& m, std::string& out, Fn put_value) {
  PutVarint(m.size(), out);
  for (const auto& [k, v] : m) {
    PutFixed64BE(k, out);
    put_value(v);
  }
}
template <typename Map, typename Fn>
bool GetMap(ByteReader& in, Map& m, Fn get_value) {
  uint64_t n;
  if (!in.GetVarint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k;
    if (!in.GetFixed64BE(k) || !get_value(m[k])) return false;
  }
  return true;
}

}  // namespace

void SaveAlert(const Alert& a, std::string& out) {
  for (const std::string* s :
       {&a.alert_id, &a.rule_id, &a.user, &a.summary, &a.explanation, &a.status}) {
    PutLengthPrefixed(*s, out);
  }
  PutVarint(static_cast<uint64_t>(a.severity), out);
  PutSignedFixed64BE(a.ts, out);
  PutSignedFixed64BE(a.last_ts, out);
  PutStringList(a.patients, out);
  PutVarintList(a.event_ids, out);
  PutStringList(a.tags, out);
  PutVarint(a.count, out);
  PutVarint(a.last_sequence, out);
  PutLengthPrefixed(a.evidence, out);
}

bool LoadAlert(ByteReader& in, Alert& a) {
  for (std::string* s : {&a.alert_id, &a.rule_id, &a.user, &a.summary, &a.explanation, &a.status}) {
    if (!in.GetLengthPrefixed(*s)) return false;
  }
  uint64_t severity;
  if (!in.GetVarint(severity) || severity > 3) return false;
  a.severity = static_cast<Severity>(severity);
  return in.GetSignedFixed64BE(a.ts) && in.GetSignedFixed64BE(a.last_ts) &&
         in.GetStringList(a.patients) && in.GetVarintList(a.event_ids) &&
         in.GetStringList(a.tags) && in.GetVarint(a.count) && in.GetVarint(a.last_sequence) &&
         in.GetLengthPrefixed(a.evidence);
}

void RuleState::Save(std::string& out) const {
  PutLengthPrefixed(fingerprint, out);
  PutMap(windows, out, [&](const SlidingWindow& w) { w.Save(out); });
  PutMap(key_baselines, out, [&](const KeyBaseline& b) {
    PutSignedFixed64BE(b.day, out);
    PutVarint(b.peak, out);
    PutVarint(b.first_day ? 1 : 0, out);
    b.history.Save(out);
  });
  PutMap(peer_baselines, out, [&](const PeerBaseline& b) { b.Save(out); });
  PutMap(first_seen, out, [&](const FirstSeenState& f) {
    PutSignedFixed64BE(f.first_observed, out);
    PutMap(f.last_seen, out, [&](TimeMicros t) { PutSignedFixed64BE(t, out); });
  });
  auto put_progress = [&](const SequenceProgress& s) {
    PutVarint(s.step, out);
    PutSignedFixed64BE(s.count, out);
    PutSignedFixed64BE(s.started, out);
    PutVarintList(s.sequences, out);
    PutStringList(s.patients, out);
  };
  PutMap(sequences, out, [&](const SequenceState& s) {
    put_progress(s.current);
    put_progress(s.fresh);
  });
  PutMap(open_alerts, out, [&](const OpenAlert& o) {
    PutSignedFixed64BE(o.until, out);
    PutVarint(o.last_sequence, out);
    PutVarint(o.alert ? 1 : 0, out);
    if (o.alert) SaveAlert(*o.alert, out);
  });
}

bool RuleState::Load(ByteReader& in) {
  if (!in.GetLengthPrefixed(fingerprint)) return false;
  bool ok = GetMap(in, windows, [&](SlidingWindow& w) { return w.Load(in); });
  ok = ok && GetMap(in, key_baselines, [&](KeyBaseline& b) {
         uint64_t peak, first;
         if (!in.GetSignedFixed64BE(b.day) || !in.GetVarint(peak) || !in.GetVarint(first))
           return false;
         b.peak = static_cast<uint32_t>(peak);
         b.first_day = first != 0;
         return b.history.Load(in);
       });
  ok = ok && GetMap(in, peer_baselines, [&](PeerBaseline& b) { return b.Load(in); });
  ok = ok && GetMap(in, first_seen, [&](FirstSeenState& f) {
         return in.GetSignedFixed64BE(f.first_observed) &&
                GetMap(in, f.last_seen, [&](TimeMicros& t) { return in.GetSignedFixed64BE(t); });
       });
  auto get_progress = [&](SequenceProgress& s) {
    uint64_t step;
    if (!in.GetVarint(step)) return false;
    s.step = step;
    return in.GetSignedFixed64BE(s.count) && in.GetSignedFixed64BE(s.started) &&
           in.GetVarintList(s.sequences) && in.GetStringList(s.patients);
  };
  ok = ok && GetMap(in, sequences, [&](SequenceState& s) {
         return get_progress(s.current) && get_progress(s.fresh);
       });
  ok = ok && GetMap(in, open_alerts, [&](OpenAlert& o) {
         uint64_t has_alert;
         if (!in.GetSignedFixed64BE(o.until) || !in.GetVarint(o.last_sequence) ||
             !in.GetVarint(has_alert) || has_alert > 1) {
           return false;
         }
         if (has_alert == 0) return true;
         o.alert = std::make_unique<Alert>();
         return LoadAlert(in, *o.alert);
       });
  return ok;
}

void SaveRiskLedger(const RiskLedger& ledger, std::string& out) {
  PutVarint(ledger.size(), out);
  for (const auto& [user, obs] : ledger) {
    PutLengthPrefixed(user, out);
    PutVarint(obs.size(), out);
    for (const auto& o : obs) {
      PutSignedFixed64BE(o.ts, out);
      PutSignedFixed64BE(o.points, out);
      PutVarint(o.sequence, out);
      PutLengthPrefixed(o.rule_id, out);
      PutLengthPrefixed(o.patient, out);
    }
  }
}

bool LoadRiskLedger(ByteReader& in, RiskLedger& ledger) {
  uint64_t users;
  if (!in.GetVarint(users)) return false;
  for (uint64_t i = 0; i < users; ++i) {
    std::string user;
    uint64_t n;
    if (!in.GetLengthPrefixed(user) || !in.GetVarint(n)) return false;
    auto& obs = ledger[user];
    for (uint64_t k = 0; k < n; ++k) {
      RiskObservation o;
      if (!in.GetSignedFixed64BE(o.ts) || !in.GetSignedFixed64BE(o.points) ||
          !in.GetVarint(o.sequence) || !in.GetLengthPrefixed(o.rule_id) ||
          !in.GetLengthPrefixed(o.patient)) {
        return false;
      }
      obs.push_back(std::move(o));
    }
  }
  return true;
}

}  // namespace phi
