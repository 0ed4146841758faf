// The memory of the streaming engine, per rule and per key: sliding windows, baselines,
// first-seen values, sequence progress, suppression with the open alert that repeats fold into,
// and each user's risk observations. Keys are 64-bit hashes of the rule's `by` values. Bounded:
// entries beyond a window or history are evicted as event time moves on, and every container
// has a cap. Save/Load give the snapshot the engine stores with its checkpoint.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/common/binary_codec.hpp"
#include "daemon/detection/alert.hpp"
#include "daemon/detection/baseline.hpp"

namespace phi {

struct WindowEntry {
  TimeMicros ts = 0;
  uint64_t value = 0;  // hash of the measured value (distinct) or its number (consecutive)
  int64_t amount = 1;  // sum()
  uint64_t sequence = 0;
};

struct WindowState {
  std::deque<WindowEntry> entries;
  std::unordered_map<uint64_t, uint32_t> distinct;  // value -> occurrences in the window
  std::map<int64_t, uint32_t> numbers;              // consecutive(): numeric values in the window
  int64_t sum = 0;
  std::vector<std::string> recent_patients;  // the last few distinct patients, for the alert
};

struct FirstSeenState {
  TimeMicros first_observed = 0;
  std::unordered_map<uint64_t, TimeMicros> last_seen;  // value -> time
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

struct OpenAlert {
  TimeMicros until = 0;  // suppression ends
  Alert alert;
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
  std::unordered_map<uint64_t, WindowState> windows;
  std::unordered_map<uint64_t, KeyBaseline> key_baselines;
  std::unordered_map<uint64_t, PeerBaseline> peer_baselines;
  std::unordered_map<uint64_t, FirstSeenState> first_seen;
  std::unordered_map<uint64_t, SequenceState> sequences;
  std::unordered_map<uint64_t, OpenAlert> open_alerts;

  void Save(std::string& out) const;
  bool Load(ByteReader& in);
};

using RiskLedger = std::unordered_map<std::string, std::deque<RiskObservation>>;

void SaveAlert(const Alert& alert, std::string& out);
bool LoadAlert(ByteReader& in, Alert& alert);
void SaveRiskLedger(const RiskLedger& ledger, std::string& out);
bool LoadRiskLedger(ByteReader& in, RiskLedger& ledger);

}  // namespace phi
