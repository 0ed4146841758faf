// Detection end to end with real processes: the synthetic hospital's injected incidents must
// all raise alerts (recall), ordinary traffic must stay quiet (precision, alerts per user-day),
// and killing the daemon at random moments must neither lose nor double an alert.
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
      if (value.get_string().get(s) == simdjson::SUCCESS) r.text[std::string(key)] = s;
    }
    simdjson::dom::array patients;
    if (doc["patients"].get_array().get(patients) == simdjson::SUCCESS) {
      for (auto p : patients) r.patients.emplace_back(std::string_view(p.get_string()));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Which rules answer which injected scenario, and whether the alert must name the patient.
const std::map<std::string, std::pair<std::set<std::string>, bool>> kScenarioRules = {
    {"vip", {{"vip_unexplained_access"}, true}},
    {"coworker", {{"coworker_unexplained_access"}, true}},
    {"family", {{"family_member_access"}, true}},
    {"neighbour", {{"neighbour_access"}, true}},
    {"self", {{"self_record_access"}, true}},
    {"contact", {{"listed_contact_access"}, true}},
    {"deceased", {{"deceased_patient_access"}, true}},
    {"break_glass", {{"break_glass_use"}, true}},
    {"terminated", {{"terminated_account_access"}, false}},
    {"bulk_export", {{"bulk_export", "database_copy_out"}, false}},
    {"volume_spike", {{"patient_volume_spike"}, false}},
    {"after_hours", {{"after_hours_activity"}, false}},
    {"failed_burst", {{"failed_access_burst"}, false}},
    {"consecutive_mrns", {{"consecutive_mrn_walk"}, false}},
};

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
            "/context/patients.csv\n    encounters: " + demo + "/context/encounters.csv\n";
  return config;
}

TEST(Detection, EveryInjectedIncidentOfTheSyntheticHospitalRaisesAnAlert) {
  ScratchDir dir;
  constexpr int kEmployees = 2000, kDays = 14;
  auto generated = RunProcess({PHI_DEMO_GEN_BIN, "hospital", "--out", (dir / "demo").string(),
                               "--employees", std::to_string(kEmployees), "--patients", "50000",
                               "--days", std::to_string(kDays)});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  testing::WriteFile(dir / "phi.yaml", DetectionConfig(dir, true));
  auto run = RunProcess({PHI_AUDITD_BIN, "--config", (dir / "phi.yaml").string(), "--once"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  auto incidents = ReadJsonLines(dir / "demo" / "incidents.jsonl");
  auto alerts = ReadJsonLines(dir / "alerts.jsonl");
  ASSERT_EQ(incidents.size(), 140u);
  std::set<std::string> incident_users;
  std::vector<bool> matched(alerts.size(), false);
  int caught = 0;
  for (const auto& incident : incidents) {
    const auto& [rules, needs_patient] = kScenarioRules.at(incident.text.at("scenario"));
    incident_users.insert(incident.text.at("user"));
    bool found = false;
    for (size_t i = 0; i < alerts.size(); ++i) {
      const JsonRecord& a = alerts[i];
      bool same_patient = std::find(a.patients.begin(), a.patients.end(),
                                    incident.text.at("patient")) != a.patients.end();
      if (rules.count(a.text.at("rule_id")) && a.text.at("user") == incident.text.at("user") &&
          (!needs_patient || same_patient)) {
        matched[i] = found = true;
      }
    }
    if (found) {
      ++caught;
    } else {
      ADD_FAILURE() << "missed: " << incident.text.at("description");
    }
  }
  size_t on_incident = 0, on_incident_user = 0, ordinary = 0;
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (matched[i]) {
      ++on_incident;
    } else if (incident_users.count(alerts[i].text.at("user"))) {
      ++on_incident_user;  // a further risk factor of a user who had an incident
    } else {
      ++ordinary;
      ADD_FAILURE() << "alert on ordinary traffic: " << alerts[i].text.at("summary");
    }
  }
  double precision = static_cast<double>(on_incident) / static_cast<double>(alerts.size());
  double ordinary_per_1000_user_days =
      1000.0 * static_cast<double>(ordinary) / (kEmployees * kDays);
  std::printf(
      "recall %d/%zu, alerts %zu: %zu on an incident, %zu more on incident users, %zu on "
      "ordinary traffic; precision %.3f; ordinary alerts per 1000 user-days %.3f\n",
      caught, incidents.size(), alerts.size(), on_incident, on_incident_user, ordinary, precision,
      ordinary_per_1000_user_days);
  EXPECT_EQ(caught, static_cast<int>(incidents.size()));
  EXPECT_GE(precision, 0.90);
  EXPECT_LE(ordinary_per_1000_user_days, 1.0);
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

  auto ids = [](const std::vector<JsonRecord>& alerts) {
    std::multiset<std::string> out;
    for (const auto& a : alerts) out.insert(a.text.at("alert_id"));
    return out;
  };
  auto expected = ids(ReadJsonLines(dir / "clean" / "alerts.jsonl"));
  auto got = ids(ReadJsonLines(dir / "killed" / "alerts.jsonl"));
  EXPECT_GT(expected.size(), 10u);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), got.size())
      << "an alert was written twice";
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace phi
