// phi-auditctl: the operator's tool. It reads the timeline through a RocksDB secondary
// instance, so it works while the daemon runs and never blocks or changes it. Every failure ends
// in Fail(): one line on stderr and exit status 1, never an uncaught exception.
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "collectors/tail/tail_checkpoint.hpp"
#include "daemon/alerts/alert_store.hpp"
#include "daemon/app/process_hardening.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/ctl/detection_commands.hpp"
#include "daemon/ctl/event_output.hpp"
#include "daemon/timeline/timeline.hpp"

namespace {

constexpr char kDefaultConfig[] = "/etc/phi-auditd/phi-auditd.yaml";

phi::TimeMicros WallNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Fail(const std::string& message) {
  std::cerr << "phi-auditctl: " << message << "\n";
  return 1;
}

struct Target {
  std::string config_path = kDefaultConfig;
  std::string data_dir;
};

std::string UserName(uid_t uid) {
  const passwd* pw = getpwuid(uid);
  return pw ? pw->pw_name : "uid " + std::to_string(uid);
}

std::string GroupName(gid_t gid) {
  const group* gr = getgrgid(gid);
  return gr ? gr->gr_name : "gid " + std::to_string(gid);
}

// Why a permission error happened and what to do: who owns the nearest folder on the way to
// the timeline that this user can see, and who may read it (see docs/access.md).
std::string AccessAdvice(const std::string& timeline_path) {
  std::string advice = " (phi-auditctl runs as user '" + UserName(geteuid()) + "')";
  std::string path = timeline_path;
  struct stat st;
  while (!path.empty() && stat(path.c_str(), &st) != 0) {
    size_t slash = path.rfind('/');
    path = slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash);
  }
  if (path.empty()) return advice;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  std::string owner = UserName(st.st_uid), group = GroupName(st.st_gid);
  advice += ". " + path + " belongs to user '" + owner + "' and group '" + group + "' (mode " +
            mode + "): run phi-auditctl as the daemon's user, e.g. sudo -u " + owner +
            " phi-auditctl ...";
  if ((st.st_mode & 0050) == 0050) {
    advice += ", or as a member of group '" + group + "'";
  }
  return advice + "; see docs/access.md";
}

// `families`: only what the command reads; every table of an opened family is opened on start.
phi::Result<std::unique_ptr<phi::Timeline>> OpenTimeline(
    const Target& target, phi::DaemonConfig* config_out,
    phi::Timeline::Families families = phi::Timeline::Families::kAll) {
  std::string data_dir = target.data_dir;
  if (data_dir.empty() || config_out != nullptr) {
    auto config = phi::LoadConfig(target.config_path);
    if (!config.ok()) return config.status();
    if (data_dir.empty()) data_dir = config->data_dir;
    if (config_out) *config_out = config.value();
  }
  std::string path = data_dir + "/timeline";
  auto timeline = phi::Timeline::OpenSecondary(path, families);
  if (!timeline.ok() && timeline.status().code() == phi::Status::Code::kPermissionDenied) {
    return phi::Status::PermissionDenied("cannot open the timeline at " + path +
                                         ": permission denied" + AccessAdvice(path));
  }
  return timeline;
}

int RunEvents(const Target& target, phi::EventQuery query, const std::string& from,
              const std::string& to, const std::string& format_name, bool all_pages) {
  phi::OutputFormat format;
  if (!phi::ParseOutputFormat(format_name, format))
    return Fail("--format must be table, json or csv");
  for (auto [text, slot] : {std::pair{&from, &query.from}, std::pair{&to, &query.to}}) {
    if (text->empty()) continue;
    auto t = phi::ParseIsoTime(*text);
    if (!t) return Fail("cannot read time '" + *text + "' (expected 2024-03-01 or RFC 3339)");
    *slot = *t;
  }
  using Families = phi::Timeline::Families;
  auto timeline = OpenTimeline(target, nullptr,
                               query.by == phi::EventQuery::By::kPatient ? Families::kPatientIndex
                               : query.by == phi::EventQuery::By::kUser  ? Families::kUserIndex
                                                                         : Families::kEventsOnly);
  if (!timeline.ok()) return Fail(timeline.status().message());
  phi::EventPage page;
  bool header = true;
  do {
    phi::Status s = timeline.value()->Query(query, page);
    if (!s.ok()) return Fail(s.message());
    phi::WriteEvents(page.events, format, header, std::cout);
    header = false;
    query.cursor = page.next_cursor;
  } while (all_pages && !query.cursor.empty());
  if (!page.next_cursor.empty()) std::cerr << "more: --cursor " << page.next_cursor << "\n";
  return 0;
}

int RunStats(const Target& target) {
  // With --data-dir, stats needs no configuration file (it used to insist on reading one).
  phi::DaemonConfig config;
  config.data_dir = target.data_dir;
  auto timeline = OpenTimeline(target, target.data_dir.empty() ? &config : nullptr);
  if (!timeline.ok()) return Fail(timeline.status().message());
  phi::TimelineStats stats = timeline.value()->Stats();
  phi::TimeMicros now = WallNow();
  std::cout << "timeline: " << config.timeline_path() << " (schema " << stats.schema_version
            << ")\n"
            << "events: " << stats.events << "\ndead letters: " << stats.dead_letters << "\n"
            << "implausible times: " << stats.implausible_times
            << " (events dated outside the plausible range, stored at the time received)\n";
  phi::AlertStore alerts(*timeline.value());
  auto counters = alerts.LoadCounters();
  if (counters.ok() && counters.value()) {
    const phi::DetectionCounters& c = *counters.value();
    auto share = [&](uint64_t part) {
      return c.patient_accesses
                 ? 100.0 * static_cast<double>(part) / static_cast<double>(c.patient_accesses)
                 : 0.0;
    };
    std::cout << "detection: " << c.events << " events evaluated, " << c.alerts << " alerts, "
              << c.observations << " risk observations\n";
    std::printf(
        "explained accesses: %.1f%% of %llu patient accesses (care relationship %.1f%%); "
        "below 90%% usually means the context feeds are incomplete\n",
        share(c.explained), static_cast<unsigned long long>(c.patient_accesses),
        share(c.care_relationship));
    for (int k = 0; k < phi::kExplanationCount; ++k) {
      auto x = static_cast<phi::Explanation>(k);
      uint64_t n = c.by_explanation[static_cast<size_t>(k)];
      if (n == 0 && x != phi::Explanation::kNone) continue;
      std::printf("  %-24s %-6s %6.2f%%  %llu\n", std::string(phi::ExplanationName(x)).c_str(),
                  std::string(phi::StrengthName(phi::StrengthOf(x))).c_str(), share(n),
                  static_cast<unsigned long long>(n));
    }
    std::fflush(stdout);
  }
  for (const auto& s : stats.sources) {
    std::cout << "source " << phi::TerminalSafe(s.source) << ": " << s.events << " events, "
              << s.dead_letters << " dead letters";
    if (s.implausible_times != 0) std::cout << ", " << s.implausible_times << " implausible times";
    if (s.last_commit != 0) {
      std::cout << ", last commit " << phi::FormatIsoTime(s.last_commit) << " ("
                << (now - s.last_commit) / phi::kMicrosPerSecond << " s ago), newest event "
                << phi::FormatIsoTime(s.newest_event);
    }
    std::cout << "\n";
    auto checkpoints = timeline.value()->Checkpoints(phi::TailCheckpointPrefix(s.source));
    if (!checkpoints.ok()) return Fail(checkpoints.status().message());
    for (const auto& c : checkpoints.value()) {
      auto cp = phi::DecodeTailCheckpoint(c.value);
      if (!cp) continue;
      struct stat st;
      std::string behind = "file gone";
      if (stat(cp->path.c_str(), &st) == 0 && st.st_ino == cp->identity.inode) {
        uint64_t size = static_cast<uint64_t>(st.st_size);
        behind = std::to_string(size > cp->offset ? size - cp->offset : 0) + " bytes behind";
      }
      std::cout << "  checkpoint " << phi::TerminalSafe(cp->path) << ": byte " << cp->offset
                << ", line " << cp->line << " (" << behind << ")\n";
    }
  }
  return 0;
}

int RunDeadLetters(const Target& target, size_t limit) {
  auto timeline = OpenTimeline(target, nullptr);
  if (!timeline.ok()) return Fail(timeline.status().message());
  auto letters = timeline.value()->DeadLetters(limit);
  if (!letters.ok()) return Fail(letters.status().message());
  for (const auto& d : letters.value()) {
    // Paths and reasons can quote log content: shown, never obeyed, by the terminal.
    std::cout << phi::FormatIsoTime(d.received) << " " << phi::TerminalSafe(d.source) << " "
              << phi::TerminalSafe(d.path) << " line " << d.line << " byte " << d.offset << ": "
              << phi::TerminalSafe(d.reason) << " (" << d.raw_size << " bytes)\n";
  }
  return 0;
}

int Run(int argc, char** argv) {
  CLI::App app{"phi-auditctl: query and operate phi-auditd"};
  app.require_subcommand(1);
  Target target;
  app.add_option("-c,--config", target.config_path, "the daemon's configuration file")
      ->capture_default_str();
  app.add_option("--data-dir", target.data_dir, "the daemon's data_dir (instead of --config)");

  auto* events = app.add_subcommand("events", "list accesses by patient, by user or by time");
  phi::EventQuery query;
  std::string patient, user, from, to, format = "table";
  bool oldest_first = false, all = false;
  auto* by_patient = events->add_option("--patient", patient, "the patient's MRN");
  events->add_option("--user", user, "the user id")->excludes(by_patient);
  events->add_option("--from", from, "from this time (inclusive; RFC 3339 or a date)");
  events->add_option("--to", to, "up to this time (exclusive)");
  events->add_option("--limit", query.limit, "events per page")->capture_default_str();
  events->add_option("--cursor", query.cursor, "resume where the previous page stopped");
  events->add_option("--format", format, "table, json or csv")->capture_default_str();
  events->add_flag("--oldest-first", oldest_first, "oldest events first (default: newest)");
  events->add_flag("--all", all, "every page, not just the first");

  auto* stats = app.add_subcommand("stats", "events and dead letters per source, lag, checkpoints");
  auto* dead = app.add_subcommand("dead-letters", "records that could not be parsed");
  size_t dead_limit = 50;
  dead->add_option("--limit", dead_limit, "how many, newest first")->capture_default_str();

  auto* alerts = app.add_subcommand("alerts", "alerts, newest first, with why they fired");
  size_t alert_limit = 50;
  std::string alert_format = "table";
  alerts->add_option("--limit", alert_limit, "how many")->capture_default_str();
  alerts->add_option("--format", alert_format, "table or json")->capture_default_str();

  auto* rules = app.add_subcommand("rules", "check and test detection rules");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand("check", "validate a rule folder and run its test cases");
  std::string check_dir;
  check->add_option("dir", check_dir, "the rule folder")->required();
  auto* test = rules->add_subcommand("test", "replay a recorded log through the rules, offline");
  phi::OfflineReplayOptions replay;
  std::string replay_format = "table", time_zone = "UTC";
  test->add_option("--rules", replay.rules_dir, "the rule folder")->required();
  test->add_option("--context", replay.context_dir,
                   "folder with employees/patients/encounters.csv");
  test->add_option("--input", replay.input, "the log file")->required();
  test->add_option("--format", replay.format,
                   "the log's format (phi-json, csv, pgaudit-stderr, ...)")
      ->capture_default_str();
  test->add_option("--patient-pattern", replay.patient_pattern, "RE2 pattern for patient ids");
  test->add_option("--time-zone", time_zone, "zone of hour and weekday")->capture_default_str();
  test->add_option("--output", replay_format, "table or json")->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  if (check->parsed()) return phi::RunRulesCheck(check_dir);
  if (test->parsed()) {
    auto zone = phi::TimeZone::Load(time_zone);
    if (!zone.ok()) return Fail(zone.status().message());
    replay.settings.time_zone = zone.value();
    return phi::RunRulesTest(replay, replay_format);
  }
  if (alerts->parsed()) {
    auto timeline = OpenTimeline(target, nullptr);
    if (!timeline.ok()) return Fail(timeline.status().message());
    return phi::RunAlertsCommand(*timeline.value(), alert_limit, alert_format);
  }
  if (events->parsed()) {
    if (!patient.empty()) {
      query.by = phi::EventQuery::By::kPatient;
      query.key = patient;
    } else if (!user.empty()) {
      query.by = phi::EventQuery::By::kUser;
      query.key = user;
    }
    query.newest_first = !oldest_first;
    return RunEvents(target, query, from, to, format, all);
  }
  if (stats->parsed()) return RunStats(target);
  if (dead->parsed()) return RunDeadLetters(target, dead_limit);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // phi-auditctl prints PHI too: no core files of it either.
  if (phi::Status hardened = phi::DisableCoreDumps(); !hardened.ok())
    return Fail(hardened.message());
  // RocksDB, the file system library and the standard library may throw; whatever escapes a
  // subcommand still ends as one message and exit status 1, not std::terminate's abort.
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    return Fail(std::string("unexpected error: ") + e.what());
  } catch (...) {
    return Fail("unexpected error");
  }
}
