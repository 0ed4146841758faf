// Access reports through the real binaries: a patient's report names each person, role and
// department with the reason for each access, is signed at the chain position it was read at,
// verifies offline with the public key and fails once a byte changes; the read is itself
// recorded and appears in the patient's next report; the disclosures report lists releases
// with recipient and purpose; a PDF comes back through the running daemon's control socket.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

class AccessReport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    std::filesystem::create_directories(dir_ / "context");
    std::filesystem::create_directories(dir_ / "rules");
    testing::WriteFile(dir_ / "rules" / "none.yaml", "rules: []\n");
    testing::WriteFile(dir_ / "context" / "employees.csv",
                       "user_id,name,last_name,department,role,address,hired,terminated\n"
                       "dr_ito,Aiko,Ito,Cardiology,physician,1 Elm St,2020-01-01,\n"
                       "clerk7,Sam,Novak,Billing,billing clerk,9 Oak Rd,2021-01-01,\n");
    testing::WriteFile(dir_ / "context" / "patients.csv",
                       "mrn,name,last_name,dob,address,vip,employee_user_id,deceased\n"
                       "MRN0000001,Zoë,Ångström,1980-02-03,5 Pine Ave,0,,\n"
                       "MRN0000002,Lee,Park,1990-01-01,7 Ash Ln,0,,\n");
    testing::WriteFile(dir_ / "context" / "encounters.csv",
                       "mrn,department,attending_user_id,admitted,discharged\n"
                       "MRN0000001,Cardiology,dr_ito,2026-05-01T07:00:00Z,2026-05-03T12:00:00Z\n");
    testing::WriteFile(
        dir_ / "logs" / "ehr.jsonl",
        R"({"ts":"2026-05-01T08:00:00Z","user":"dr_ito","action":"view","patient":"MRN0000001","record_type":"clinical_note"})"
        "\n"
        R"({"ts":"2026-05-02T09:00:00Z","user":"clerk7","action":"view","patient":"MRN0000001","record_type":"clinical_note"})"
        "\n"
        R"({"ts":"2026-05-02T10:00:00Z","user":"clerk7","action":"view","patient":"MRN0000002"})"
        "\n"
        R"({"ts":"2026-05-04T11:00:00Z","user":"clerk7","action":"disclose","patient":"MRN0000001","record_type":"claim","recipient":"Acme Health Plan","purpose":"payment"})"
        "\n");
    config_ = (dir_ / "phi.yaml").string();
    testing::WriteFile(config_,
                       "data_dir: data\nsources:\n  - {name: ehr, format: phi-json, paths: "
                       "[logs/ehr.jsonl]}\ndetection:\n  rules_dir: rules\n  context: "
                       "{employees: context/employees.csv, patients: context/patients.csv, "
                       "encounters: context/encounters.csv}\n");
    auto once = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
    ASSERT_EQ(once.exit_code, 0) << once.output;
  }
  testing::ProcessResult Ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {PHI_AUDITCTL_BIN, "--config", config_});
    return RunProcess(args);
  }
  ScratchDir dir_;
  std::string config_;
};

TEST_F(AccessReport, APatientsReportExplainsEachAccessIsSignedAndFailsOnceEdited) {
  const std::string csv = (dir_ / "report.csv").string();
  auto made = Ctl({"report", "patient-access", "MRN0000001", "--format", "csv", "--output", csv});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::string text = testing::ReadFile(csv);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;  // header and 3 accesses
  EXPECT_NE(text.find("dr_ito,Aiko Ito,physician,Cardiology,view,MRN0000001"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Treating clinician: on the care team of the patient's visit (visit in "
                      "Cardiology, 2026-05-01)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\"Registration, scheduling, billing or records work on the patient's care"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("clerk7,Sam Novak,billing clerk,Billing,view"), std::string::npos) << text;
  EXPECT_EQ(text.find("MRN0000002"), std::string::npos) << "another patient's access";

  auto verified = Ctl({"verify-report", csv});
  ASSERT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("signature valid"), std::string::npos) << verified.output;
  // Offline, with only a copy of the public key.
  std::filesystem::copy_file(dir_ / "data" / "signing-key.pub", dir_ / "key.pub");
  auto offline = RunProcess({PHI_AUDITCTL_BIN, "--data-dir", "/nonexistent", "verify-report", csv,
                             "--public-key", (dir_ / "key.pub").string()});
  ASSERT_EQ(offline.exit_code, 0) << offline.output;

  for (size_t at : {size_t{0}, text.size() / 2, text.size() - 2}) {
    std::string edited = text;
    edited[at] = edited[at] == 'x' ? 'y' : 'x';
    testing::WriteFile(csv, edited);
    auto failed = Ctl({"verify-report", csv});
    EXPECT_EQ(failed.exit_code, 1) << at << failed.output;
    EXPECT_NE(failed.output.find("does NOT verify"), std::string::npos) << failed.output;
  }

  // The report was a read of the patient's data: the next run records it, and the patient's
  // next report lists it.
  auto again = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  auto second = Ctl({"report", "patient-access", "MRN0000001", "--format", "json"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find(R"("action":"audit")"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Review of this record's access history"), std::string::npos)
      << second.output;
}

TEST_F(AccessReport, DisclosuresListOnlyReleasesWithRecipientAndPurpose) {
  auto made = Ctl({"report", "disclosures", "MRN0000001", "--from", "2020-01-01", "--format", "csv",
                   "--output", (dir_ / "disclosures.csv").string()});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::string text = testing::ReadFile(dir_ / "disclosures.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find("disclose"), std::string::npos) << text;
  EXPECT_NE(text.find("Acme Health Plan,payment"), std::string::npos) << text;
}

// A release recorded by another system's CSV export, read through a field mapping: its own
// RELEASE value maps to `disclose`, and its RECIPIENT and PURPOSE columns, not canonical
// fields, are kept with the event under their own names and read in any case.
TEST_F(AccessReport, ADisclosureFromAMappedCsvExportIsAccountedFor) {
  testing::WriteFile(dir_ / "logs" / "releases.csv",
                     "WHEN,WHO,WHAT,MRN,RECIPIENT,PURPOSE\n"
                     "2026-06-01T09:00:00Z,clerk7,RELEASE,MRN0000001,County Court,subpoena\n"
                     "2026-06-02T09:00:00Z,clerk7,VIEW,MRN0000001,,\n");
  testing::WriteFile(
      config_,
      "data_dir: data\nsources:\n  - {name: ehr, format: phi-json, paths: [logs/ehr.jsonl]}\n"
      "  - name: releases\n    format: csv\n    paths: [logs/releases.csv]\n    mapping:\n"
      "      ts: WHEN\n      user: WHO\n      patient: MRN\n"
      "      action: {from: WHAT, values: {RELEASE: disclose, VIEW: view}}\n"
      "detection:\n  rules_dir: rules\n");
  auto once = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;
  auto made =
      Ctl({"report", "disclosures", "MRN0000001", "--from", "2020-01-01", "--format", "csv"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  EXPECT_NE(made.output.find("County Court,subpoena"), std::string::npos) << made.output;
  EXPECT_NE(made.output.find("Acme Health Plan,payment"), std::string::npos) << made.output;
  EXPECT_EQ(made.output.find(",view,"), std::string::npos) << "a view is no disclosure";
}

TEST_F(AccessReport, APdfComesBackSignedThroughTheRunningDaemon) {
  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config_}, dir_ / "daemon.out");
  const auto socket = dir_ / "data" / "control.sock";
  for (int i = 0; i < 200 && !std::filesystem::exists(socket); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string pdf = (dir_ / "report.pdf").string();
  auto made = Ctl({"report", "patient-access", "MRN0000001", "--output", pdf});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(), 0);
  std::string log = testing::ReadFile(dir_ / "daemon.out");
  EXPECT_NE(log.find("phi-auditctl report by"), std::string::npos) << "answered by the daemon";
  EXPECT_EQ(log.find("MRN0000001"), std::string::npos) << "no PHI in the daemon's log";
  std::string bytes = testing::ReadFile(pdf);
  ASSERT_TRUE(bytes.starts_with("%PDF-")) << bytes.substr(0, 20);
  auto verified = Ctl({"verify-report", pdf});
  ASSERT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("read from the timeline at chain link"), std::string::npos);
}

}  // namespace
}  // namespace phi
