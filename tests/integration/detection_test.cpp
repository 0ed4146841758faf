// Detection end to end with real processes: on phi-demo-gen's hospital and clinic, every injected
// incident must raise an alert (recall) within the alert budget of issue 6 (precision, false
// and total alerts per 1,000 user-days) with most accesses explained, and killing the daemon at
// random moments must neither lose nor double an alert.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

struct JsonRecord {
  std::map<std::string, std::string> text;  // string members
  std::map<std::string, int64_t> numbers;   // whole-number members
  std::vector<std::string> patients;
};

std::vector<JsonRecord> ReadJsonLines(const std::filesystem::path& path) {
  std::vector<JsonRecord> out;
  simdjson::dom::parser parser;
  std::istringstream lines(testing::ReadFile(path));
  std::string line;
  while (std::getline(lines, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) {
      ADD_FAILURE() << path << ": not JSON: " << line.substr(0, 80);
      continue;
    }
    JsonRecord r;
    for (auto [key, value] : doc.get_object()) {
      std::string_view s;
      int64_t n;
      if (value.get_string().get(s) == simdjson::SUCCESS) r.text[std::string(key)] = s;
      if (value.get_int64().get(n) == simdjson::SUCCESS) r.numbers[std::string(key)] = n;
    }
    simdjson::dom::array patients;
    if (doc["patients"].get_array().get(patients) == simdjson::SUCCESS) {
      for (auto p : patients) r.patients.emplace_back(std::string_view(p.get_string()));
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string DetectionConfig(const ScratchDir& dir, bool with_export) {
  std::string demo = (dir / "demo").string();
  std::string config =
      "data_dir: data\nlog_level: warn\npoll_interval_ms: 10\n"
      "sources:\n  - name: ehr\n    format: phi-json\n    paths: [\"" +
      demo + "/logs/ehr_access.jsonl\"]\n";
  if (with_export) {
    config += "  - name: ehr-export\n    format: csv\n    paths: [\"" + demo +
              "/logs/ehr_export.csv\"]\n    mapping:\n"
              "      ts: {from: ACCESS_TIME, time_format: \"%m/%d/%Y %H:%M:%S\"}\n"
              "      user: USER_ID\n      patient: PAT_MRN_ID\n"
              "      action: {from: ACCESS_ACTION, values: {VIEW: view, PRINT: print, EXPORT: "
              "export, MODIFY: update}}\n"
              "      record_type: METRIC_NAME\n      workstation: WORKSTATION_ID\n"
              "      record_count: ROW_COUNT\n";
  }
  config += "detection:\n  rules_dir: " + testing::SourcePath("rules").string() +
            "\n  alerts_file: alerts.jsonl\n  snapshot_interval_ms: 200\n  context:\n"
            "    employees: " +
            demo + "/context/employees.csv\n    patients: " + demo +
            "/context/patients.csv\n    encounters: " + demo +
            "/context/encounters.csv\n    appointments: " + demo + "/context/appointments.csv\n";
  return config;
}

// The quality measures of issue 6 on one generated world: phi-demo-gen's own scorer
// (daemon/demo/incident_scoring.hpp) and the explained share phi-auditctl stats reports.
struct Quality {
  double recall = 0, precision = 0, false_rate = 0, total_rate = 0, explained = 0, user_days = 0;
  uint64_t incidents = 0, alerts = 0;
  std::string report;
};

Quality RunAndScore(const ScratchDir& dir, const std::vector<std::string>& generator_args,
                    int days) {
  Quality q;
  std::vector<std::string> gen = {PHI_DEMO_GEN_BIN,        "hospital", "--out",
                                  (dir / "demo").string(), "--days",   std::to_string(days)};
  gen.insert(gen.end(), generator_args.begin(), generator_args.end());
  auto generated = RunProcess(gen);
  EXPECT_EQ(generated.exit_code, 0) << generated.output;
  testing::WriteFile(dir / "phi.yaml", DetectionConfig(dir, true));
  auto run = RunProcess({PHI_AUDITD_BIN, "--config", (dir / "phi.yaml").string(), "--once"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::istringstream employees(testing::ReadFile(dir / "demo" / "context" / "employees.csv"));
  size_t rows = 0;
  for (std::string line; std::getline(employees, line);) rows += line.empty() ? 0 : 1;
  const double user_days = static_cast<double>(rows - 1) * days;  // minus the header row
  q.user_days = user_days;
  auto scored = RunProcess(
      {PHI_DEMO_GEN_BIN, "score", "--incidents", (dir / "demo" / "incidents.jsonl").string(),
       "--alerts", (dir / "alerts.jsonl").string(), "--user-days", std::to_string(user_days)});
  EXPECT_EQ(scored.exit_code, 0) << scored.output;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(scored.output).get(doc) != simdjson::SUCCESS ||
      doc["recall"].get_double().get(q.recall) != simdjson::SUCCESS ||
      doc["precision"].get_double().get(q.precision) != simdjson::SUCCESS ||
      doc["false_per_1000_user_days"].get_double().get(q.false_rate) != simdjson::SUCCESS ||
      doc["alerts_per_1000_user_days"].get_double().get(q.total_rate) != simdjson::SUCCESS ||
      doc["incidents"].get_uint64().get(q.incidents) != simdjson::SUCCESS ||
      doc["alerts"].get_uint64().get(q.alerts) != simdjson::SUCCESS) {
    ADD_FAILURE() << "unexpected score output: " << scored.output;
    return q;
  }
  q.report = scored.output;
  auto stats = RunProcess({PHI_AUDITCTL_BIN, "--config", (dir / "phi.yaml").string(), "stats"});
  EXPECT_EQ(stats.exit_code, 0) << stats.output;
  const std::string marker = "explained accesses: ";
  size_t at = stats.output.find(marker);
  EXPECT_NE(at, std::string::npos) << stats.output;
  if (at != std::string::npos) q.explained = std::stod(stats.output.substr(at + marker.size()));
  std::printf(
      "recall %.3f of %llu incidents, precision %.3f, %llu alerts: %.2f false and %.2f in all "
      "per 1,000 user-days; %.1f%% of patient accesses explained\n",
      q.recall, static_cast<unsigned long long>(q.incidents), q.precision,
      static_cast<unsigned long long>(q.alerts), q.false_rate, q.total_rate, q.explained);
  return q;
}

// Issue 6's thresholds: every incident caught, precision >= 0.9, <= 1 false and <= 5 alerts in
// all per 1,000 user-days, >= 95 % of patient accesses explained. A clinic of 40 people gets one
// incident of each of the 15 scenarios in a fortnight, 26 per 1,000 user-days by themselves:
// there the budget of 5 applies to the alerts beyond one per incident.
void ExpectQuality(const Quality& q, double user_days, bool budget_beyond_incidents = false) {
  EXPECT_GT(q.incidents, 0u);
  EXPECT_EQ(q.recall, 1.0) << q.report;
  EXPECT_GE(q.precision, 0.90) << q.report;
  EXPECT_LE(q.false_rate, 1.0) << q.report;
  const double incident_rate = 1000.0 * static_cast<double>(q.incidents) / user_days;
  EXPECT_LE(q.total_rate - (budget_beyond_incidents ? incident_rate : 0.0), 5.0) << q.report;
  EXPECT_GE(q.explained, 95.0) << q.report;
}

TEST(Detection, AHospitalsIncidentsAreCaughtWithinTheAlertBudget) {
  ScratchDir dir;
  Quality q =
      RunAndScore(dir, {"--profile", "hospital", "--employees", "2000", "--patients", "50000"}, 14);
  ExpectQuality(q, q.user_days);
}

TEST(Detection, AClinicsIncidentsAreCaughtWithinTheAlertBudget) {
  ScratchDir dir;
  Quality q = RunAndScore(dir, {"--profile", "clinic"}, 14);
  ExpectQuality(q, q.user_days, /*budget_beyond_incidents=*/true);
}

TEST(Detection, KillingTheDaemonNeverLosesOrDoublesAnAlert) {
  ScratchDir dir;
  auto generated = RunProcess({PHI_DEMO_GEN_BIN, "hospital", "--out", (dir / "demo").string(),
                               "--employees", "300", "--patients", "8000", "--days", "7"});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  // The reference: one clean batch run.
  std::filesystem::create_directories(dir / "clean");
  testing::WriteFile(dir / "clean" / "phi.yaml", DetectionConfig(dir, false));
  auto clean =
      RunProcess({PHI_AUDITD_BIN, "--config", (dir / "clean" / "phi.yaml").string(), "--once"});
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  // The same input through a daemon killed with SIGKILL again and again.
  std::filesystem::create_directories(dir / "killed");
  std::string config = (dir / "killed" / "phi.yaml").string();
  testing::WriteFile(config, DetectionConfig(dir, false));
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> life_ms(50, 400);
  for (int round = 0; round < 12; ++round) {
    testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir / "killed" / "out.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(life_ms(rng)));
    daemon.Signal(SIGKILL);
    daemon.Wait();
  }
  auto finish = RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(finish.exit_code, 0) << finish.output;

  // The alerts file carries every change: each alert is created once, the records are numbered
  // 1, 2, 3... with none missing or doubled, and every alert ends in the same state (count).
  struct Outcome {
    std::multiset<std::string> created;
    std::map<std::string, int64_t> final_count;
    std::vector<int64_t> records;
  };
  auto outcome = [](const std::vector<JsonRecord>& lines) {
    Outcome o;
    for (const auto& r : lines) {
      if (r.text.at("change") == "created") o.created.insert(r.text.at("alert_id"));
      o.final_count[r.text.at("alert_id")] = r.numbers.at("count");
      o.records.push_back(r.numbers.at("record"));
    }
    return o;
  };
  Outcome expected = outcome(ReadJsonLines(dir / "clean" / "alerts.jsonl"));
  Outcome got = outcome(ReadJsonLines(dir / "killed" / "alerts.jsonl"));
  EXPECT_GT(expected.created.size(), 10u);
  EXPECT_EQ(std::set<std::string>(got.created.begin(), got.created.end()).size(),
            got.created.size())
      << "an alert was created twice";
  EXPECT_EQ(got.created, expected.created);
  EXPECT_EQ(got.final_count, expected.final_count);
  for (size_t i = 0; i < got.records.size(); ++i)
    ASSERT_EQ(got.records[i], static_cast<int64_t>(i + 1)) << "a record missing or doubled";
}

}  // namespace
}  // namespace phi
