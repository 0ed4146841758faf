// Rule files -> RuleSet: a valid file compiles, and every error is collected (not just the
// first) with the file, the line and the key it is about, as `phi-auditctl rules check` shows.
#include "daemon/detection/rule_loader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/detection/detection_engine.hpp"
#include "tests/unit/detection/detection_test_support.hpp"

namespace phi {
namespace {

using testing::MessageLines;
using testing::ScratchDir;
using testing::WriteRuleFile;

// The errors that start with `prefix` ("file:line: key: ").
std::vector<std::string> Starting(const std::vector<std::string>& errors,
                                  const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    if (e.rfind(prefix, 0) == 0) out.push_back(e);
  }
  return out;
}

const Rule* FindRule(const RuleSet& set, std::string_view id) {
  for (const Rule& r : set.rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

TEST(RuleLoader, ValidFileCompilesEveryKind) {
  ScratchDir dir;
  std::string path = WriteRuleFile(dir, "valid.yaml", R"yaml(rules:
  - id: vip_view
    description: a VIP record was opened
    severity: high
    tags: [scenario:vip]
    when: action == 'view' and patient startswith 'VIP'
    except:
      - user == 'auditor'
    escalate:
      - {when: record_type == 'psych', to: critical}
    summary: "{user} opened {patient}"
    suppress: {by: [user, patient], for: 24h}
    risk: 3
  - id: burst
    severity: low
    when: action == 'view'
    aggregate: {by: [user], window: 10m, measure: distinct(patient), threshold: 20}
    summary: "{user} opened {value} patients (threshold {threshold})"
  - id: new_ws
    severity: medium
    when: workstation exists
    first_seen: {by: user, value: workstation, history: 30d, learning: 7d}
    summary: "{user} used {workstation}"
  - id: view_export
    severity: high
    when: action in ('view', 'export')
    sequence:
      by: [user]
      within: 30m
      steps:
        - {when: action == 'view', count: 3}
        - {when: action == 'export'}
    summary: "{user} viewed then exported"
  - id: peek
    severity: low
    when: record_type == 'psych'
    summary: "{user} peeked"
    alert: false
    risk: 2
  - id: score
    severity: high
    risk_score: {window: 24h, threshold: 8}
    summary: "{user} gathered {value} points"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({path});
  ASSERT_TRUE(loaded.errors.empty()) << MessageLines(loaded.errors);
  ASSERT_TRUE(loaded.rules);
  const RuleSet& set = *loaded.rules;
  ASSERT_EQ(set.rules.size(), 6u);
  EXPECT_EQ(set.files, std::vector<std::string>{path});

  const Rule& vip = set.rules[0];
  EXPECT_EQ(vip.id, "vip_view");
  EXPECT_EQ(vip.file, path);
  EXPECT_EQ(vip.line, 2);
  EXPECT_EQ(vip.kind, RuleKind::kEvent);
  EXPECT_EQ(vip.severity, Severity::kHigh);
  EXPECT_EQ(vip.tags, std::vector<std::string>{"scenario:vip"});
  EXPECT_EQ(vip.exceptions.size(), 1u);
  ASSERT_EQ(vip.escalations.size(), 1u);
  EXPECT_EQ(vip.escalations[0].to, Severity::kCritical);
  EXPECT_EQ(vip.suppress.duration, 24LL * 3600 * kMicrosPerSecond);
  ASSERT_EQ(vip.suppress.by.size(), 2u);
  EXPECT_EQ(vip.suppress.by[1]->name, "patient");
  EXPECT_EQ(vip.risk_points, 3);
  EXPECT_TRUE(vip.raises_alert);

  const Rule& burst = set.rules[1];
  EXPECT_EQ(burst.kind, RuleKind::kAggregate);
  EXPECT_EQ(burst.aggregate.measure, AggregateSpec::Measure::kDistinct);
  ASSERT_NE(burst.aggregate.field, nullptr);
  EXPECT_EQ(burst.aggregate.field->name, "patient");
  EXPECT_EQ(burst.aggregate.window, 600 * kMicrosPerSecond);
  EXPECT_EQ(burst.aggregate.threshold, 20);
  EXPECT_FALSE(burst.aggregate.has_baseline);

  const Rule& ws = set.rules[2];
  EXPECT_EQ(ws.kind, RuleKind::kFirstSeen);
  ASSERT_EQ(ws.first_seen.by.size(), 1u);
  EXPECT_EQ(ws.first_seen.by[0]->name, "user");
  EXPECT_EQ(ws.first_seen.value->name, "workstation");
  EXPECT_EQ(ws.first_seen.history, 30LL * 86400 * kMicrosPerSecond);
  EXPECT_EQ(ws.first_seen.learning, 7LL * 86400 * kMicrosPerSecond);

  const Rule& seq = set.rules[3];
  EXPECT_EQ(seq.kind, RuleKind::kSequence);
  EXPECT_EQ(seq.sequence.within, 1800 * kMicrosPerSecond);
  ASSERT_EQ(seq.sequence.steps.size(), 2u);
  EXPECT_EQ(seq.sequence.steps[0].count, 3);
  EXPECT_EQ(seq.sequence.steps[1].count, 1);

  EXPECT_FALSE(set.rules[4].raises_alert);
  EXPECT_EQ(set.rules[4].risk_points, 2);

  const Rule& score = set.rules[5];
  EXPECT_EQ(score.kind, RuleKind::kRisk);
  EXPECT_EQ(score.risk.window, 86400 * kMicrosPerSecond);
  EXPECT_EQ(score.risk.threshold, 8);

  // The fingerprint follows the definition: the same text gives the same one, a change another.
  RuleLoadResult again = LoadRuleFiles({path});
  ASSERT_TRUE(again.rules);
  EXPECT_EQ(again.rules->rules[1].fingerprint, burst.fingerprint);
  EXPECT_NE(burst.fingerprint, vip.fingerprint);
}

TEST(RuleLoader, BaselineSpecIsRead) {
  ScratchDir dir;
  std::string path = WriteRuleFile(dir, "b.yaml", R"yaml(rules:
  - id: spike
    severity: high
    when: action == 'view'
    aggregate:
      by: [user]
      window: 24h
      measure: distinct(patient)
      baseline: {of: user, factor: 3, mad: 4, min: 10, min_days: 3}
    summary: "{user} {value} {baseline}"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({path});
  ASSERT_TRUE(loaded.rules) << MessageLines(loaded.errors);
  const AggregateSpec& a = loaded.rules->rules[0].aggregate;
  EXPECT_TRUE(a.has_baseline);
  EXPECT_EQ(a.baseline.of, BaselineSpec::Of::kUser);
  EXPECT_DOUBLE_EQ(a.baseline.factor, 3.0);
  EXPECT_DOUBLE_EQ(a.baseline.mad, 4.0);
  EXPECT_EQ(a.baseline.min, 10);
  EXPECT_EQ(a.baseline.min_days, 3);
}

// One file with one mistake per rule: every one is reported, each naming file, line and key.
TEST(RuleLoader, CollectsEveryErrorWithFileLineAndKey) {
  ScratchDir dir;
  std::string path = WriteRuleFile(dir, "broken.yaml", R"yaml(rules:
  - id: unknown_key
    severity: low
    when: action == 'view'
    summary: "s"
    colour: red
  - id: bad_severity
    severity: urgent
    when: action == 'view'
    summary: "s"
  - id: bad_duration
    severity: low
    when: action == 'view'
    summary: "s"
    suppress: {by: [user], for: 10 minutes}
  - id: unknown_fields
    severity: low
    when: action == 'view'
    aggregate:
      by: [user, ward]
      window: 1h
      measure: distinct(bed)
      threshold: 3
    summary: "{user} saw {room}"
  - id: bad_condition
    severity: low
    when: action == 'view' and ward == 'x'
    summary: "s"
  - id: silent
    severity: low
    when: action == 'view'
    summary: "s"
    alert: false
  - id: two_kinds
    severity: low
    when: action == 'view'
    aggregate: {by: user, window: 1h, measure: count, threshold: 3}
    first_seen: {by: user, value: workstation, history: 30d}
    summary: "s"
  - id: fine
    severity: low
    when: action == 'view'
    summary: "s"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({path});
  EXPECT_FALSE(loaded.rules) << "a rule set with errors must not be used";
  const auto& errors = loaded.errors;
  auto expect_one = [&](const std::string& prefix, std::string_view what) {
    auto found = Starting(errors, path + ":" + prefix);
    ASSERT_EQ(found.size(), 1u) << "no single error starting " << path << ":" << prefix
                                << MessageLines(errors);
    EXPECT_NE(found[0].find(what), std::string::npos) << found[0];
  };
  // Unknown keys are checked before the id is read, so this one names the rule by index only.
  expect_one("6: rules[0].colour: ", "unknown key (expected one of: ");
  expect_one("8: rules[1] (bad_severity).severity: ", "expected low, medium, high or critical");
  expect_one("15: rules[2] (bad_duration).suppress.for: ", "expected a duration such as 90s");
  expect_one("20: rules[3] (unknown_fields).aggregate.by: ", "unknown field 'ward'");
  expect_one("22: rules[3] (unknown_fields).aggregate.measure: ", "unknown field 'bed'");
  expect_one("24: rules[3] (unknown_fields).summary: ", "unknown field '{room}'");
  expect_one("27: rules[4] (bad_condition).when: ", "column ");
  expect_one("29: rules[5] (silent).alert: ", "must add risk points");
  expect_one("34: rules[6] (two_kinds): ", "use at most one of");
  EXPECT_EQ(errors.size(), 9u) << MessageLines(errors);
  EXPECT_TRUE(Starting(errors, path + ":39:").empty()) << "the valid rule has no error";
}

TEST(RuleLoader, DuplicateIdAcrossFilesNamesTheSecondFile) {
  ScratchDir dir;
  const char* rule = R"yaml(rules:
  - id: other
    severity: low
    when: action == 'print'
    summary: "s"
  - id: twice
    severity: low
    when: action == 'view'
    summary: "s"
)yaml";
  std::string a = WriteRuleFile(dir, "a.yaml", rule);
  std::string b = WriteRuleFile(dir, "b.yaml", R"yaml(rules:
  - id: twice
    severity: high
    when: action == 'export'
    summary: "s"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({a, b});
  EXPECT_FALSE(loaded.rules);
  ASSERT_EQ(loaded.errors.size(), 1u) << MessageLines(loaded.errors);
  EXPECT_EQ(loaded.errors[0], b + ":2: rules[0] (twice).id: rule id 'twice' is used twice");
}

TEST(RuleLoader, NotYamlAndUnknownTopLevelKeyAreReported) {
  ScratchDir dir;
  std::string bad = WriteRuleFile(dir, "bad.yaml", "rules:\n  - id: x\n    when: [unclosed\n");
  std::string odd = WriteRuleFile(dir, "odd.yaml", "rules: []\nrulez: []\n");
  RuleLoadResult loaded = LoadRuleFiles({bad, odd});
  EXPECT_FALSE(loaded.rules);
  EXPECT_EQ(Starting(loaded.errors, bad + ":").size(), 1u) << MessageLines(loaded.errors);
  EXPECT_EQ(Starting(loaded.errors, odd + ":2: rulez: unknown key").size(), 1u)
      << MessageLines(loaded.errors);
}

TEST(RuleLoader, ListsAndMacrosAreSharedAcrossFiles) {
  ScratchDir dir;
  std::string common = WriteRuleFile(dir, "00_common.yaml", R"yaml(lists:
  service_accounts: [svc_batch, svc_backup]
macros:
  person: "not user in service_accounts"
)yaml");
  std::string rules = WriteRuleFile(dir, "10_rules.yaml", R"yaml(rules:
  - id: person_view
    severity: low
    when: person and action == 'view'
    summary: "{user} viewed {patient}"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({common, rules});
  ASSERT_TRUE(loaded.rules) << MessageLines(loaded.errors);
  ASSERT_EQ(loaded.rules->rules.size(), 1u);

  // The macro and the list from the first file decide in the rule of the second.
  DetectionEngine engine(loaded.rules, DetectionSettings{});
  std::vector<AlertChange> out;
  Event e;
  e.ts = 1'800'000'000LL * kMicrosPerSecond;
  e.action = "view";
  e.patient = "P1";
  e.user = "svc_backup";
  e.sequence = 1;
  engine.Process(e, nullptr, out);
  EXPECT_TRUE(out.empty());
  e.user = "alice";
  e.sequence = 2;
  engine.Process(e, nullptr, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].alert.rule_id, "person_view");

  // Without the shared file the macro is unknown.
  RuleLoadResult alone = LoadRuleFiles({rules});
  EXPECT_FALSE(alone.rules);
  EXPECT_EQ(Starting(alone.errors, rules + ":4: rules[0] (person_view).when: ").size(), 1u)
      << MessageLines(alone.errors);
}

TEST(RuleLoader, ListDefinedInTwoFilesIsAnError) {
  ScratchDir dir;
  std::string a = WriteRuleFile(dir, "a.yaml", "lists:\n  staff: [a, b]\n");
  std::string b = WriteRuleFile(dir, "b.yaml", "rules: []\nlists:\n  staff: [c]\n");
  RuleLoadResult loaded = LoadRuleFiles({a, b});
  EXPECT_FALSE(loaded.rules);
  ASSERT_EQ(loaded.errors.size(), 1u) << MessageLines(loaded.errors);
  EXPECT_EQ(loaded.errors[0], b + ":3: lists.staff: defined twice");
}

// Was a bug (now fixed, kept as a regression test): a broken macro is reported as "lists and
// macros: macro 'person': ..." without the file or line that defines it, and because the library
// failed no rule is compiled, so the rule errors of the same load (here a bad severity) are not
// collected at all.
TEST(RuleLoader, MacroErrorNamesItsFileAndRuleErrorsAreStillCollected) {
  ScratchDir dir;
  std::string common = WriteRuleFile(dir, "00_common.yaml", R"yaml(macros:
  person: "not user in no_such_list"
)yaml");
  std::string rules = WriteRuleFile(dir, "10_rules.yaml", R"yaml(rules:
  - id: x
    severity: urgent
    when: action == 'view'
    summary: "s"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({common, rules});
  EXPECT_FALSE(loaded.rules);
  EXPECT_EQ(Starting(loaded.errors, common + ":2: macros.person: ").size(), 1u)
      << MessageLines(loaded.errors);
  EXPECT_EQ(Starting(loaded.errors, rules + ":3: rules[0] (x).severity: ").size(), 1u)
      << MessageLines(loaded.errors);
}

// Was a bug (now fixed, kept as a regression test): a required key that is missing is reported at
// line 0 ("r.yaml:0: ...aggregate.window"): Errors::Add has no node to take the line from. The line
// of the enclosing mapping (here the aggregate's, line 5) would let the reader find it.
TEST(RuleLoader, MissingKeyIsReportedAtTheLineOfItsParent) {
  ScratchDir dir;
  std::string path = WriteRuleFile(dir, "r.yaml", R"yaml(rules:
  - id: no_window
    severity: low
    when: action == 'view'
    aggregate: {by: user, measure: count, threshold: 3}
    summary: "s"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({path});
  EXPECT_FALSE(loaded.rules);
  ASSERT_EQ(loaded.errors.size(), 1u) << MessageLines(loaded.errors);
  EXPECT_EQ(loaded.errors[0].rfind(path + ":5: rules[0] (no_window).aggregate.window: ", 0), 0u)
      << loaded.errors[0];
}

TEST(RuleLoader, DisabledRulesAreLeftOut) {
  ScratchDir dir;
  std::string path = WriteRuleFile(dir, "r.yaml", R"yaml(rules:
  - id: on
    severity: low
    when: action == 'view'
    summary: "s"
    enabled: true
  - id: off
    severity: low
    when: action == 'view'
    summary: "s"
    enabled: false
  - id: default_on
    severity: low
    when: action == 'print'
    summary: "s"
)yaml");
  RuleLoadResult loaded = LoadRuleFiles({path});
  ASSERT_TRUE(loaded.rules) << MessageLines(loaded.errors);
  ASSERT_EQ(loaded.rules->rules.size(), 2u);
  EXPECT_NE(FindRule(*loaded.rules, "on"), nullptr);
  EXPECT_EQ(FindRule(*loaded.rules, "off"), nullptr);
  EXPECT_NE(FindRule(*loaded.rules, "default_on"), nullptr);
}

TEST(RuleLoader, LoadRuleDirectoryReadsYamlFilesInNameOrder) {
  ScratchDir dir;
  WriteRuleFile(dir, "20_b.yaml",
                "rules:\n  - {id: b, severity: low, when: \"action == 'b'\", summary: s}\n");
  WriteRuleFile(dir, "10_a.yaml",
                "rules:\n  - {id: a, severity: low, when: \"action == 'a'\", summary: s}\n");
  WriteRuleFile(dir, "notes.txt", "not a rule file");
  RuleLoadResult loaded = LoadRuleDirectory(dir.path().string());
  ASSERT_TRUE(loaded.rules) << MessageLines(loaded.errors);
  ASSERT_EQ(loaded.rules->rules.size(), 2u);
  EXPECT_EQ(loaded.rules->rules[0].id, "a");
  EXPECT_EQ(loaded.rules->rules[1].id, "b");
  EXPECT_EQ(loaded.rules->files.size(), 2u);

  RuleLoadResult missing = LoadRuleDirectory((dir / "nope").string());
  EXPECT_FALSE(missing.rules);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_NE(missing.errors[0].find("cannot read the rule directory"), std::string::npos);
}

TEST(RuleLoader, LoadRuleTextCompilesTextFromMemoryUnderItsName) {
  RuleLoadResult ok = LoadRuleText("memory.yaml", R"yaml(rules:
  - id: exports
    severity: high
    when: "action == 'export'"
    summary: "{user} exported"
)yaml");
  ASSERT_TRUE(ok.rules) << MessageLines(ok.errors);
  ASSERT_EQ(ok.rules->rules.size(), 1u);
  EXPECT_EQ(ok.rules->rules[0].file, "memory.yaml");

  RuleLoadResult bad = LoadRuleText("memory.yaml", "rules:\n  - id: x\n    severity: extreme\n");
  EXPECT_FALSE(bad.rules);
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_EQ(bad.errors[0].rfind("memory.yaml:3: ", 0), 0u) << bad.errors[0];
}

// Found by fuzzing: a scalar where a mapping belongs threw out of the loader (yaml-cpp's
// BadSubscript), which would end `rules check` and the daemon's reload.
TEST(RuleLoader, WrongShapesAreErrorsNotExceptions) {
  RuleLoadResult loaded = LoadRuleText("shapes.yaml", R"yaml(lists: [a, b]
rules:
  - id: scalar_suppress
    severity: high
    when: "action == 'export'"
    summary: "exported"
    suppress: 1h
exceptions: [x]
)yaml");
  EXPECT_FALSE(loaded.rules);
  EXPECT_EQ(Starting(loaded.errors, "shapes.yaml:1: lists and macros: unexpected shape").size(), 1u)
      << MessageLines(loaded.errors);
  EXPECT_EQ(
      Starting(loaded.errors, "shapes.yaml:7: rules[0] (scalar_suppress): unexpected shape").size(),
      1u)
      << MessageLines(loaded.errors);
}

TEST(RuleLoader, ParseDurationAcceptsUnits) {
  TimeMicros d = -1;
  EXPECT_TRUE(ParseDuration("90s", d));
  EXPECT_EQ(d, 90 * kMicrosPerSecond);
  EXPECT_TRUE(ParseDuration("15m", d));
  EXPECT_EQ(d, 900 * kMicrosPerSecond);
  EXPECT_TRUE(ParseDuration("24h", d));
  EXPECT_EQ(d, 86400 * kMicrosPerSecond);
  EXPECT_TRUE(ParseDuration("14d", d));
  EXPECT_EQ(d, 14LL * 86400 * kMicrosPerSecond);
  EXPECT_TRUE(ParseDuration("0s", d));
  EXPECT_EQ(d, 0);
}

TEST(RuleLoader, ParseDurationRejectsMalformedText) {
  for (std::string_view text :
       {"", "s", "10", "10x", "1.5h", "-5m", "+5m", " 5m", "5 m", "5M", "m5", "5mm", "1h30m"}) {
    TimeMicros d = 123;
    EXPECT_FALSE(ParseDuration(text, d)) << "'" << text << "'";
    EXPECT_EQ(d, 123) << "'" << text << "' changed the output";
  }
}

// Was a bug (now fixed, kept as a regression test): 9999999999d is 8.6e23 microseconds, beyond
// int64; ParseDuration multiplies without a range check (signed overflow) and returns true with a
// wrapped value, so a typo in a window becomes a negative or arbitrary window instead of a load
// error.
TEST(RuleLoader, ParseDurationRejectsOverflow) {
  TimeMicros d = 123;
  EXPECT_FALSE(ParseDuration("9999999999d", d)) << "parsed as " << d;
  EXPECT_FALSE(ParseDuration("9999999999999999s", d)) << "parsed as " << d;
}

}  // namespace
}  // namespace phi
