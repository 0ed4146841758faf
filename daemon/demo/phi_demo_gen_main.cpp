// phi-demo-gen: the synthetic data behind `make run`, the tests and the benchmarks. `hospital`
// writes a labelled synthetic hospital or mental-health clinic (context feeds, access logs,
// incidents); `events` streams N access records in one log format; `score` scores a
// detector's alerts against the labelled incidents. Deterministic: the same
// options give the same bytes.
#include <CLI/CLI.hpp>
#include <iostream>

#include "daemon/demo/event_stream.hpp"
#include "daemon/demo/hospital_command.hpp"
#include "daemon/demo/incident_scoring.hpp"

namespace {

int Fail(const std::string& message) {
  std::cerr << "phi-demo-gen: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"phi-demo-gen: synthetic hospital data and benchmark log streams"};
  app.require_subcommand(1);
  std::string start = "2026-11-01";

  auto* hospital = app.add_subcommand(
      "hospital",
      "write DIR/context/{employees,patients,encounters,appointments}.csv, "
      "DIR/logs/ehr_access.jsonl, DIR/logs/ehr_export.csv and the labelled DIR/incidents.jsonl");
  phi::demo::HospitalOptions h;
  std::string out_dir;
  std::string profile = "hospital";
  hospital->add_option("--out", out_dir, "output folder (created)")->required();
  hospital
      ->add_option("--profile", profile,
                   "hospital (many departments) or clinic (a small outpatient mental-health "
                   "practice)")
      ->capture_default_str()
      ->check(CLI::IsMember({"hospital", "clinic"}));
  hospital
      ->add_option("--employees", h.employees,
                   "employees, besides svc_reporting (default: hospital 200, clinic 40)")
      ->check(CLI::Range(1, 99999));
  hospital
      ->add_option("--patients", h.patients,
                   "patients, MRN0000001 ... (default: hospital 5000, clinic 2000)")
      ->check(CLI::Range(1, 9'999'999));
  hospital->add_option("--days", h.days, "days of activity")
      ->capture_default_str()
      ->check(CLI::Range(1, 366));
  hospital->add_option("--seed", h.seed, "random seed")->capture_default_str();
  hospital->add_option("--start", start, "first day (UTC date)")->capture_default_str();
  hospital
      ->add_option("--events-per-user-day", h.events_per_user_day,
                   "accesses per employee per working day, on average")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  hospital
      ->add_option("--incidents-per-scenario", h.incidents_per_scenario,
                   "incidents of each scenario (default: about 2 per 1,000 user-days in all, at "
                   "least 1 each)")
      ->check(CLI::Range(0, 1000));
  hospital
      ->add_option("--consult-order-share", h.consult_order_share,
                   "share of consults with a consult order in appointments.csv")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));

  auto* events = app.add_subcommand("events", "stream N synthetic access records (benchmarks)");
  phi::demo::StreamOptions s;
  std::string format = "phi-json";
  events->add_option("--out", s.out, "output file")->required();
  events->add_option("--format", format, "phi-json, pgaudit-csvlog, pgaudit-stderr or ehr-csv")
      ->capture_default_str();
  events->add_option("--count", s.count, "access records to write")->required();
  events->add_option("--seed", s.seed, "random seed")->capture_default_str();
  events->add_option("--patients", s.patients, "patients (MRN0000001 ...)")
      ->capture_default_str()
      ->check(CLI::Range(1, 9'999'999));
  events->add_option("--users", s.users, "users (u00001 ...)")
      ->capture_default_str()
      ->check(CLI::Range(1, 99999));
  events->add_option("--start", start, "time of the first record (UTC date or RFC 3339)")
      ->capture_default_str();

  auto* score = app.add_subcommand(
      "score",
      "score a detector's alerts (JSON lines) against DIR/incidents.jsonl: prints one JSON line "
      "with recall, precision and alerts per 1,000 user-days");
  std::string incidents_path, alerts_path;
  double user_days = 0;
  score->add_option("--incidents", incidents_path, "the labelled incidents.jsonl")->required();
  score->add_option("--alerts", alerts_path, "the alerts, one JSON object a line")->required();
  score->add_option("--user-days", user_days, "employees x days, for the rates")->required();

  CLI11_PARSE(app, argc, argv);

  if (score->parsed()) {
    auto scored = phi::demo::ScoreAlerts(incidents_path, alerts_path, user_days);
    if (!scored.ok()) return Fail(scored.status().message());
    std::cout << scored.value().ToJson() << "\n";
    return 0;
  }
  auto start_time = phi::ParseIsoTime(start);
  if (!start_time) return Fail("cannot read --start '" + start + "' (expected 2026-11-01)");
  std::string summary;
  phi::Status status;
  if (hospital->parsed()) {
    constexpr phi::TimeMicros kDay = 86400 * phi::kMicrosPerSecond;
    h.start = *start_time - ((*start_time % kDay) + kDay) % kDay;  // midnight UTC
    phi::demo::ParseProfile(profile, h.profile);
    status = phi::demo::GenerateHospital(h, out_dir, summary);
  } else {
    if (!phi::demo::ParseStreamFormat(format, s.format)) {
      return Fail("--format must be phi-json, pgaudit-csvlog, pgaudit-stderr or ehr-csv");
    }
    s.start = *start_time;
    status = phi::demo::WriteEventStream(s, summary);
  }
  if (!status.ok()) return Fail(status.message());
  std::cerr << summary << "\n";
  return 0;
}
