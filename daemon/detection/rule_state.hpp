// The memory of the streaming engine, per rule and per key: sliding windows, baselines,
// first-seen values, sequence progress, suppression with the open alert that repeats fold into,
// and each user's risk observations. Keys are 64-bit hashes of the rule's `by` values. Bounded:
// entries beyond a window or history are evicted as event time moves on, and every container
// has a cap. Save/Load give the snapshot the engine stores with its checkpoint.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/common/binary_codec.hpp"
#include "daemon/detection/alert.hpp"
#include "daemon/detection/baseline.hpp"
#include "daemon/detection/dense_hash_map.hpp"
#include "daemon/detection/sliding_window.hpp"

namespace phi {

struct FirstSeenState {
  TimeMicros first_observed = 0;
  // value -> time. Most keys (a user's addresses) have a few dozen values at most: scanned.
  DenseHashMap<TimeMicros, 64> last_seen;
};

// One partial match of a sequence rule: the step it waits for and what it has seen.
struct SequenceProgress {
  size_t step = 0;
  int64_t count = 0;
  TimeMicros started = 0;
  std::vector<uint64_t> sequences;
  std::vector<std::string> patients;

  bool empty() const { return step == 0 && count == 0; }
};

// The oldest partial match, plus a fresher one that restarted at the first step while the
// oldest waits for a later step: when the oldest runs out of time, the fresher one takes over.
struct SequenceState {
  SequenceProgress current;
  SequenceProgress fresh;
};

// Repeats fold into an open alert until suppression ends. Rules that raise no alert (risk
// observations) never report a repeat, so they keep only what decides whether one is new.
struct OpenAlert {
  TimeMicros until = 0;  // suppression ends
  uint64_t last_sequence = 0;
  std::unique_ptr<Alert> alert;  // null for observations
};

struct RiskObservation {
  TimeMicros ts = 0;
  int64_t points = 0;
  uint64_t sequence = 0;
  std::string rule_id;
  std::string patient;
};

struct RuleState {
  std::string fingerprint;
  DenseHashMap<SlidingWindow> windows;
  DenseHashMap<KeyBaseline> key_baselines;
  DenseHashMap<PeerBaseline> peer_baselines;
  DenseHashMap<FirstSeenState> first_seen;
  DenseHashMap<SequenceState> sequences;
  DenseHashMap<OpenAlert> open_alerts;

  void Save(std::string& out) const;
  bool Load(ByteReader& in);
};

using RiskLedger = std::unordered_map<std::string, std::vector<RiskObservation>>;

void SaveAlert(const Alert& alert, std::string& out);
bool LoadAlert(ByteReader& in, Alert& alert);
void SaveRiskLedger(const RiskLedger& ledger, std::string& out);
bool LoadRiskLedger(ByteReader& in, RiskLedger& ledger);

}  // namespace phi
