// The streaming detection engine: evaluates every committed event once, in timeline order,
// against the compiled rule set, keeping windows, baselines, first-seen values, sequences,
// suppression and risk scores in bounded memory. It knows nothing of storage or outputs: it
// returns alert changes, and gives its state as a snapshot to be stored with its checkpoint.
// Deterministic: the same state and events give the same alerts with the same ids (event time
// only, never the wall clock), which is what makes replay after a crash duplicate-free.
// Not thread-safe: one thread processes events.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/context/context_snapshot.hpp"
#include "daemon/detection/alert_text.hpp"
#include "daemon/detection/detection_settings.hpp"
#include "daemon/detection/explanation_memory.hpp"
#include "daemon/detection/rule.hpp"
#include "daemon/detection/rule_state.hpp"
#include "daemon/detection/sensitive_records.hpp"
#include "daemon/detection/user_activity.hpp"
#include "daemon/event/event.hpp"

namespace phi {

struct AlertChange {
  Alert alert;
  bool created = true;       // false: a grouped repeat updated an open alert
  bool observation = false;  // a rule with `alert: false` matched (only when reported)
};

struct DetectionCounters {
  uint64_t events = 0;
  uint64_t patient_accesses = 0;   // events by a user about a patient
  uint64_t explained = 0;          // of those, explained (strongly or weakly)
  uint64_t care_relationship = 0;  // of those, strongly by an encounter or appointment
  uint64_t alerts = 0;
  uint64_t observations = 0;                                 // risk points added
  std::array<uint64_t, kExplanationCount> by_explanation{};  // patient accesses by explanation
};

class DetectionEngine {
 public:
  DetectionEngine(std::shared_ptr<const RuleSet> rules, DetectionSettings settings);

  // REQUIRES: events arrive in increasing sequence; an event at or below last_sequence() is
  // ignored (it was processed before the snapshot being replayed from).
  void Process(const Event& event, const ContextSnapshot* context, std::vector<AlertChange>& out);

  // Also report observations (rules with `alert: false`) as changes: for rule test cases.
  void set_report_observations(bool on) { report_observations_ = on; }

  // Hot reload: rules whose definition did not change keep their state.
  void ReplaceRules(std::shared_ptr<const RuleSet> rules);
  const RuleSet& rules() const { return *rules_; }

  void SaveState(std::string& out) const;
  Status RestoreState(std::string_view data);

  uint64_t last_sequence() const { return last_sequence_; }
  const DetectionCounters& counters() const { return counters_; }

  // The users the engine holds state for (for "detection state per active user").
  size_t tracked_users() const { return activity_.size(); }
  size_t learned_explanation_bytes() const { return memory_.bytes(); }

 private:
  struct Match {
    AlertFigures* figures = nullptr;
    std::vector<uint64_t> sequences;
    std::vector<std::string> patients;
    uint64_t suppress_key = 0;
  };

  bool Matches(const Rule& rule, EventView& view) const;
  // Process without the duplicate and implausible-time handling.
  void Evaluate(const Event& event, const ContextSnapshot* context, std::vector<AlertChange>& out);
  void ProcessRule(size_t index, EventView& view, std::vector<AlertChange>& out);
  bool EvaluateAggregate(const Rule& rule, RuleState& state, EventView& view, uint64_t key,
                         AlertFigures& figures, Match& match);
  bool EvaluateFirstSeen(const Rule& rule, RuleState& state, EventView& view, uint64_t key,
                         AlertFigures& figures);
  bool EvaluateSequence(const Rule& rule, RuleState& state, EventView& view, uint64_t key,
                        AlertFigures& figures, Match& match);
  void AddRisk(const Rule& rule, EventView& view, std::vector<AlertChange>& out);
  // Creates an alert, or folds a repeat into the open one; true when a new one was created
  // (for rules that raise none, a new observation).
  bool Raise(size_t index, EventView& view, AlertFigures& figures, Match& match,
             std::vector<AlertChange>& out);
  void Sweep(TimeMicros now);
  // The rule's severity, raised by the escalations that hold for the event.
  Severity Escalated(const Rule& rule, EventView& view) const;
  // Before rules run: what the engine knows of the user. After: what it learns from the event.
  UserActivity* PrepareHistory(EventView& view);
  void Learn(EventView& view, UserActivity* activity);
  // Which departments the user works with (beyond their own team's patients).
  void LearnWork(EventView& view);

  std::shared_ptr<const RuleSet> rules_;
  DetectionSettings settings_;
  std::vector<RuleState> states_;  // parallel to rules_->rules
  RiskLedger risk_;
  ActivityLedger activity_;
  PeerHoursLedger peer_hours_;
  ExplanationMemory memory_;
  SensitiveRecordIndex sensitive_;
  uint64_t last_sequence_ = 0;
  TimeMicros latest_plausible_ts_ = 0;  // the engine's clock for implausible-time events
  bool report_observations_ = false;
  TimeMicros last_sweep_ = 0;
  DetectionCounters counters_;
  std::string key_buffer_;
};

// A 64-bit key for the values of `fields` in the event; false when one of them is missing.
bool HashFields(const std::vector<const FieldDef*>& fields, EventView& view, uint64_t& key);

}  // namespace phi
