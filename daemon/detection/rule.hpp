// A compiled rule: what the YAML in rules/ becomes after validation. Conditions are compiled
// trees and fields are pointers into the field table, so evaluating a rule parses nothing.
// Kinds: an event rule fires on one event; an aggregate counts over a sliding window (optionally
// against a learned baseline); first_seen fires on a value never seen for a key; a sequence
// fires on ordered steps by key within a span; risk adds up other rules' points per user;
// silence watches the feeds themselves (a source that sends nothing for too long).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/detection/alert.hpp"
#include "daemon/detection/condition_compiler.hpp"
#include "daemon/detection/event_fields.hpp"

namespace phi {

enum class RuleKind : uint8_t { kEvent, kAggregate, kFirstSeen, kSequence, kRisk, kSilence };
std::string_view RuleKindName(RuleKind kind);

struct BaselineSpec {
  enum class Of : uint8_t { kUser, kPeers, kBoth };
  Of of = Of::kBoth;
  double factor = 5.0;       // fire above factor x the user's baseline (median of daily values)
  double peer_factor = 5.0;  // ...and above peer_factor x the peers' (default: factor)
  double mad = 0;            // and above median + mad x MAD, when set
  int64_t min = 1;           // never fire at or below this value
  // The user's own baseline counts from its first day (a floor); the peer group's once it has
  // 4 x min_days member-days (they come fast and start partial).
  int min_days = 7;
};

struct AggregateSpec {
  enum class Measure : uint8_t { kCount, kDistinct, kSum, kConsecutiveRun };
  Measure measure = Measure::kCount;
  const FieldDef* field = nullptr;  // distinct(field), sum(field), consecutive(field)
  std::vector<const FieldDef*> by;
  TimeMicros window = 0;
  int64_t threshold = 0;  // constant threshold (fire when the measure exceeds it)
  bool has_baseline = false;
  BaselineSpec baseline;
};

struct FirstSeenSpec {
  std::vector<const FieldDef*> by;
  const FieldDef* value = nullptr;
  TimeMicros history = 0;   // a value not seen for this long counts as new again
  TimeMicros learning = 0;  // no alert until the key has been observed this long
};

struct SequenceStep {
  CompiledCondition when;
  int64_t count = 1;
};

struct SequenceSpec {
  std::vector<const FieldDef*> by;
  TimeMicros within = 0;
  std::vector<SequenceStep> steps;
};

struct RiskSpec {
  TimeMicros window = 0;
  int64_t threshold = 0;
};

struct SilenceSpec {
  TimeMicros after = 0;              // wall-clock time without any event from the source
  std::vector<std::string> sources;  // empty: every configured source
};

struct SuppressSpec {
  std::vector<const FieldDef*> by;  // empty: user and patients of the alert
  TimeMicros duration = 0;          // 0: every match is its own alert
};

// "{user} opened {patient}": literal text and field references, plus {count}, {threshold},
// {value} (the measure), {baseline}.
struct SummaryTemplate {
  struct Part {
    std::string literal;
    const FieldDef* field = nullptr;
    std::string special;  // count, threshold, value, baseline
  };
  std::vector<Part> parts;
};

struct Rule {
  std::string id;
  std::string description;
  std::string file;
  int line = 0;
  Severity severity = Severity::kMedium;
  std::vector<std::string> tags;
  RuleKind kind = RuleKind::kEvent;
  CompiledCondition when;
  std::vector<CompiledCondition> exceptions;
  struct Escalation {
    CompiledCondition when;
    Severity to = Severity::kHigh;
  };
  std::vector<Escalation> escalations;
  AggregateSpec aggregate;
  FirstSeenSpec first_seen;
  SequenceSpec sequence;
  RiskSpec risk;
  SilenceSpec silence;
  SuppressSpec suppress;
  SummaryTemplate summary;
  int64_t risk_points = 0;   // points toward the user's risk score when the rule matches
  bool raises_alert = true;  // false: an observation that only adds risk points
  std::vector<const FieldDef*> explain_fields;  // every field the rule reads
  std::string fingerprint;  // changes when the definition changes (state kept across reloads)
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<std::string> files;
};

}  // namespace phi
