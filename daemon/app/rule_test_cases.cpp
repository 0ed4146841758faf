#include "daemon/app/rule_test_cases.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "collectors/parse/parser_factory.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace phi {
namespace {

struct ExpectedAlert {
  std::string rule, user, patient;
  std::string Describe() const {
    return rule + (user.empty() ? "" : " for user " + user) +
           (patient.empty() ? "" : " about patient " + patient);
  }
  bool Matches(const Alert& a) const {
    return a.rule_id == rule && (user.empty() || a.user == user) &&
           (patient.empty() ||
            std::find(a.patients.begin(), a.patients.end(), patient) != a.patients.end());
  }
};

Result<std::shared_ptr<const ContextSnapshot>> LoadContext(const std::filesystem::path& dir) {
  ContextFeedPaths paths = ContextFeedPaths::InFolder(dir.string());
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions(), report);
  if (!loaded.ok()) return loaded.status();
  if (!report.warnings.empty()) {
    return Status::Invalid("context " + dir.string() + ": " + report.warnings.front());
  }
  return loaded;
}

RuleTestOutcome RunCase(const YAML::Node& test, const std::string& file,
                        const std::shared_ptr<const RuleSet>& rules,
                        const std::set<std::string>& own_rules,
                        const std::filesystem::path& rules_dir, const DetectionSettings& settings) {
  RuleTestOutcome outcome;
  outcome.file = file;
  outcome.name = test["name"] ? test["name"].Scalar() : "(unnamed)";
  auto fail = [&](const std::string& why) { outcome.failures.push_back(why); };
  std::filesystem::path context_dir = rules_dir / "tests" / "context";
  if (test["context"]) context_dir = rules_dir / test["context"].Scalar();
  auto context = LoadContext(context_dir);
  if (!context.ok()) {
    fail(context.status().message());
    return outcome;
  }
  ParserOptions options;
  options.format = "phi-json";
  auto parser = MakeParserFactory(options).value()();
  DetectionEngine engine(rules, settings);
  engine.set_report_observations(true);  // `expect` may name observation rules too
  std::vector<AlertChange> changes;
  std::istringstream lines(test["events"] ? test["events"].Scalar() : "");
  std::string line;
  uint64_t sequence = 0;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Event e;
    ParseOutcome parsed = parser->Parse(line, e);
    if (parsed.code != ParseCode::kEvent) {
      fail("event " + std::to_string(sequence + 1) + " does not parse: " + parsed.reason);
      continue;
    }
    e.sequence = ++sequence;
    e.source = "test";
    engine.Process(e, context.value().get(), changes);
  }
  std::vector<Alert> raised;
  std::vector<bool> observation;
  for (auto& c : changes) {
    if (!c.created) continue;
    raised.push_back(c.alert);
    observation.push_back(c.observation);
  }
  std::vector<bool> claimed(raised.size(), false);
  for (const auto& item : test["expect"]) {
    ExpectedAlert want{item["rule"].Scalar(), item["user"] ? item["user"].Scalar() : "",
                       item["patient"] ? item["patient"].Scalar() : ""};
    bool found = false;
    for (size_t i = 0; i < raised.size() && !found; ++i) {
      if (!claimed[i] && want.Matches(raised[i])) claimed[i] = found = true;
    }
    if (!found) fail("expected an alert from " + want.Describe() + ", none was raised");
  }
  std::set<std::string> quiet;
  for (const auto& item : test["expect_not"]) quiet.insert(item.Scalar());
  for (size_t i = 0; i < raised.size(); ++i) {
    if (claimed[i]) continue;
    const Alert& a = raised[i];
    // An observation the test does not name is fine: it raises no alert.
    if (quiet.count(a.rule_id) || (own_rules.count(a.rule_id) && !observation[i])) {
      fail("unexpected alert from " + a.rule_id + " for user " + a.user + ": " + a.summary);
    }
  }
  outcome.passed = outcome.failures.empty();
  return outcome;
}

}  // namespace

Result<std::vector<RuleTestOutcome>> RunRuleTestCases(const std::string& rules_dir,
                                                      const DetectionSettings& settings) {
  RuleLoadResult loaded = LoadRuleDirectory(rules_dir);
  if (!loaded.rules) {
    std::string all;
    for (const auto& e : loaded.errors) all += "\n  " + e;
    return Status::Invalid("the rules do not load:" + all);
  }
  std::vector<RuleTestOutcome> outcomes;
  for (const auto& file : loaded.rules->files) {
    YAML::Node root = YAML::LoadFile(file);
    std::set<std::string> own_rules;
    for (const auto& r : root["rules"]) own_rules.insert(r["id"].Scalar());
    for (const auto& test : root["tests"]) {
      outcomes.push_back(RunCase(test, file, loaded.rules, own_rules, rules_dir, settings));
    }
  }
  return outcomes;
}

}  // namespace phi
