#include "daemon/ctl/timeline_commands.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "collectors/tail/tail_checkpoint.hpp"
#include "daemon/alerts/alert_store.hpp"
#include "daemon/alerts/triage_exceptions.hpp"
#include "daemon/common/binary_codec.hpp"
#include "daemon/common/os_user.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/ctl/case_commands.hpp"
#include "daemon/ctl/detection_commands.hpp"
#include "daemon/ctl/event_output.hpp"
#include "daemon/ctl/read_audit.hpp"

namespace phi {
namespace {

// The most events, dead letters or alerts one answer holds (--all goes on page by page): each
// is built in memory first, in the daemon when it answers.
constexpr size_t kMaxLimit = 10'000;

int Fail(std::ostream& err, const std::string& message) {
  err << "phi-auditctl: " << message << "\n";
  return 1;
}

// A command that shows patient data runs into a buffer; the read is recorded (ReadAudit), and
// only then shown.
int RunAudited(TimelineAccess& access, AuditedRead read,
               const std::function<int(std::ostream&, AuditedRead&)>& run, std::ostream& out,
               std::ostream& err) {
  std::ostringstream shown;
  int code = run(shown, read);
  if (code != 0) {
    out << shown.str();  // an error: nothing of a patient's was read
    return code;
  }
  read.actor = access.actor().empty() ? UserName(::geteuid()) : access.actor();
  const std::string data_dir = std::filesystem::path(access.timeline_path()).parent_path();
  Status recorded = RecordRead(data_dir, read);
  if (!recorded.ok()) return Fail(err, recorded.message());
  out << shown.str();
  return 0;
}

// Lines a command wrote into the buffer RunAudited gave it: the records a list showed.
uint64_t LinesIn(const std::ostream& stream) {
  const auto* buffer = dynamic_cast<const std::ostringstream*>(&stream);
  if (buffer == nullptr) return 0;
  const std::string text = buffer->str();
  return static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

// The false_positive → allow-list step: the alert's rule no longer matches its user with its
// patient. The exception is written (and checked to load with the rules) before the alert is
// resolved, so a refusal leaves the alert as it was; its history says what was added.
Status ResolveWithException(AlertStore& store, const std::string& alert_id,
                            const TimelineAccess& access, const std::string& note) {
  if (access.exceptions_path().empty())
    return Status::Invalid("detection is off: there is no rule to except");
  auto alert = store.Find(alert_id);
  if (!alert.ok()) return alert.status();
  if (!alert.value()) return Status::NotFound("no alert " + alert_id);
  const Alert& a = *alert.value();
  if (a.status == "resolved") return Status::Invalid("alert " + alert_id + " is resolved already");
  if (a.patients.size() != 1) {
    return Status::Invalid("--except is for an alert about one patient; this one names " +
                           std::to_string(a.patients.size()) +
                           ": edit the rule pack's allow-lists for wider exceptions");
  }
  auto added = TriageExceptions(access.exceptions_path(), access.rules_dir())
                   .Add(a.rule_id, a.user, a.patients.front());
  if (!added.ok()) return added.status();
  Status resolved =
      store.Triage(alert_id, "resolved", access.actor(), "false_positive", note, WallClockNow());
  if (!resolved.ok()) return resolved;
  return store.Triage(alert_id, "noted", access.actor(), added.value(), "", WallClockNow());
}

int RunEvents(TimelineAccess& access, EventQuery query, const std::string& from,
              const std::string& to, const std::string& format_name, bool all_pages,
              uint64_t& returned, std::ostream& out, std::ostream& err) {
  OutputFormat format;
  if (!ParseOutputFormat(format_name, format))
    return Fail(err, "--format must be table, json or csv");
  for (auto [text, slot] : {std::pair{&from, &query.from}, std::pair{&to, &query.to}}) {
    if (text->empty()) continue;
    auto t = ParseIsoTime(*text);
    if (!t) return Fail(err, "cannot read time '" + *text + "' (expected 2024-03-01 or RFC 3339)");
    *slot = *t;
  }
  using Families = Timeline::Families;
  auto timeline = access.Open(query.by == EventQuery::By::kPatient ? Families::kPatientIndex
                              : query.by == EventQuery::By::kUser  ? Families::kUserIndex
                                                                   : Families::kEventsOnly);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  // --limit is a page of output; with --all, full pages are read (a page of one would make the
  // daemon build a new iterator over its memtables for each event).
  if (all_pages) query.limit = kMaxLimit;
  EventPage page;
  bool header = true;
  do {
    Status s = timeline.value()->Query(query, page);
    if (!s.ok()) return Fail(err, s.message());
    WriteEvents(page.events, format, header, out);
    returned += page.events.size();
    header = false;
    query.cursor = page.next_cursor;
    if (!out) return 1;  // the reader has gone (or the daemon is stopping): stop reading too
  } while (all_pages && !query.cursor.empty());
  if (!page.next_cursor.empty()) err << "more: --cursor " << page.next_cursor << "\n";
  return 0;
}

void PrintDetectionCounters(const DetectionCounters& c, std::ostream& out) {
  auto share = [&](uint64_t part) {
    return c.patient_accesses
               ? 100.0 * static_cast<double>(part) / static_cast<double>(c.patient_accesses)
               : 0.0;
  };
  out << "detection: " << c.events << " events evaluated, " << c.alerts << " alerts, "
      << c.observations << " risk observations\n";
  char line[256];
  std::snprintf(line, sizeof line,
                "explained accesses: %.1f%% of %llu patient accesses (care relationship %.1f%%); "
                "below 90%% usually means the context feeds are incomplete\n",
                share(c.explained), static_cast<unsigned long long>(c.patient_accesses),
                share(c.care_relationship));
  out << line;
  for (int k = 0; k < kExplanationCount; ++k) {
    auto x = static_cast<Explanation>(k);
    uint64_t n = c.by_explanation[static_cast<size_t>(k)];
    if (n == 0 && x != Explanation::kNone) continue;
    std::snprintf(line, sizeof line, "  %-24s %-6s %6.2f%%  %llu\n",
                  std::string(ExplanationName(x)).c_str(),
                  std::string(StrengthName(StrengthOf(x))).c_str(), share(n),
                  static_cast<unsigned long long>(n));
    out << line;
  }
}

// How far each sink's destination has confirmed: alert sinks count alert-log records, event
// sinks the timeline's event ids; the newest of each is printed beside them.
int PrintSinkPositions(Timeline& timeline, std::ostream& out, std::ostream& err) {
  std::vector<std::pair<std::string, std::string>> cursors;
  Status s = timeline.ScanAux(AuxFamily::kMeta, "sink/", "", 1000, false, cursors);
  if (s.code() == Status::Code::kPermissionDenied) {
    out << "sinks: not shown (sealed at rest; this user cannot read the key file)\n";
    return 0;
  }
  if (!s.ok()) return Fail(err, s.message());
  if (cursors.empty()) return 0;
  auto records = AlertStore(timeline).LastPosition();
  if (!records.ok()) return Fail(err, records.status().message());
  out << "alert log: " << records.value() << " records; newest event id "
      << timeline.last_sequence() << "\n";
  for (const auto& [key, value] : cursors) {
    if (value.size() < 8) continue;
    out << "sink " << TerminalSafe(key.substr(5)) << ": confirmed through "
        << GetFixed64BE(value.data()) << "\n";
  }
  return 0;
}

int RunStats(TimelineAccess& access, std::ostream& out, std::ostream& err) {
  auto timeline = access.Open(Timeline::Families::kAll);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  TimelineStats stats = timeline.value()->Stats();
  TimeMicros now = WallClockNow();
  out << "timeline: " << access.timeline_path() << " (schema " << stats.schema_version
      << (stats.encrypted_at_rest ? ", encrypted at rest" : ", not encrypted at rest") << ")\n";
  if (stats.encrypted_at_rest) {
    out << "at-rest key " << stats.at_rest_key << ": " << stats.at_rest_key_seals
        << " values sealed (rotate before " << kAtRestSealsPerKey << ")\n";
  }
  out << "events: " << stats.events << "\ndead letters: " << stats.dead_letters << "\n"
      << "implausible times: " << stats.implausible_times
      << " (events dated outside the plausible range, stored at the time received)\n";
  AlertStore alerts(*timeline.value());
  auto counters = alerts.LoadCounters();
  if (counters.ok() && counters.value()) PrintDetectionCounters(*counters.value(), out);
  if (!counters.ok() && counters.status().code() == Status::Code::kPermissionDenied)
    out << "detection: not shown (sealed at rest; this user cannot read the key file)\n";
  for (const auto& s : stats.sources) {
    out << "source " << TerminalSafe(s.source) << ": " << s.events << " events, " << s.dead_letters
        << " dead letters";
    if (s.implausible_times != 0) out << ", " << s.implausible_times << " implausible times";
    if (s.last_commit != 0) {
      out << ", last commit " << FormatIsoTime(s.last_commit) << " ("
          << (now - s.last_commit) / kMicrosPerSecond << " s ago), newest event "
          << FormatIsoTime(s.newest_event);
    }
    out << "\n";
    auto checkpoints = timeline.value()->Checkpoints(TailCheckpointPrefix(s.source));
    if (!checkpoints.ok()) return Fail(err, checkpoints.status().message());
    for (const auto& c : checkpoints.value()) {
      auto cp = DecodeTailCheckpoint(c.value);
      if (!cp) continue;
      struct stat st;
      std::string behind = "file gone";
      if (stat(cp->path.c_str(), &st) == 0 && st.st_ino == cp->identity.inode) {
        uint64_t size = static_cast<uint64_t>(st.st_size);
        behind = std::to_string(size > cp->offset ? size - cp->offset : 0) + " bytes behind";
      }
      out << "  checkpoint " << TerminalSafe(cp->path) << ": byte " << cp->offset << ", line "
          << cp->line << " (" << behind << ")\n";
    }
  }
  return PrintSinkPositions(*timeline.value(), out, err);
}

int RunDeadLetters(TimelineAccess& access, size_t limit, std::ostream& out, std::ostream& err) {
  auto timeline = access.Open(Timeline::Families::kAll);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  auto letters = timeline.value()->DeadLetters(limit);
  if (!letters.ok()) return Fail(err, letters.status().message());
  for (const auto& d : letters.value()) {
    // Paths and reasons can quote log content: shown, never obeyed, by the terminal.
    out << FormatIsoTime(d.received) << " " << TerminalSafe(d.source) << " " << TerminalSafe(d.path)
        << " line " << d.line << " byte " << d.offset << ": " << TerminalSafe(d.reason) << " ("
        << d.raw_size << " bytes)\n";
  }
  return 0;
}

}  // namespace

void TimelineCommandLine::AddTo(CLI::App& app) {
  events = app.add_subcommand("events", "list accesses by patient, by user or by time");
  auto* by_patient = events->add_option("--patient", patient, "the patient's MRN");
  events->add_option("--user", user, "the user id")->excludes(by_patient);
  events->add_option("--from", from, "from this time (inclusive; RFC 3339 or a date)");
  events->add_option("--to", to, "up to this time (exclusive)");
  auto limit = CLI::Range(size_t{1}, kMaxLimit);
  events->add_option("--limit", query.limit, "events per page")
      ->check(limit)
      ->capture_default_str();
  events->add_option("--cursor", query.cursor, "resume where the previous page stopped");
  events->add_option("--format", format, "table, json or csv")->capture_default_str();
  events->add_flag("--oldest-first", oldest_first, "oldest events first (default: newest)");
  events->add_flag("--all", all_pages, "every page, not just the first");

  stats = app.add_subcommand("stats", "events and dead letters per source, lag, checkpoints");
  AddVerifyOptions(app, verify_options);
  AddReportOptions(app, report_options);
  verify = verify_options.command;
  dead_letters = app.add_subcommand("dead-letters", "records that could not be parsed");
  dead_letters->add_option("--limit", dead_letter_limit, "how many, newest first")
      ->check(limit)
      ->capture_default_str();

  alerts = app.add_subcommand("alerts", "alerts, newest first, with why they fired");
  alerts->require_subcommand(0, 1);
  alerts->add_option("--limit", alert_limit, "how many")->check(limit)->capture_default_str();
  auto table_or_json = CLI::IsMember({"table", "json"});
  alerts->add_option("--format", alert_format, "table or json")
      ->check(table_or_json)
      ->capture_default_str();
  alerts->add_option("--status", alert_filter.status, "only alerts in this state (open, ...)");
  alerts->add_option("--severity", alert_severity, "only this severity or higher");
  alerts->add_option("--rule", alert_filter.rule_id, "only this rule's alerts");
  alerts->add_option("--user", alert_filter.user, "only this user's alerts");
  alerts->add_option("--since", alert_since, "only alerts with an event at or after this time");
  // `alerts list …` is `alerts …`; its options are the ones above.
  alerts->add_subcommand("list", "the same as alerts alone")->fallthrough();
  alert_show = alerts->add_subcommand("show", "one alert: why, evidence, the events behind it");
  alert_show->add_option("id", alert_id, "the alert id")->required();
  alert_show->fallthrough();
  struct TriageCommand {
    const char* name;
    const char* kind;
    const char* help;
    const char* text;  // the second positional, if any
  };
  for (const TriageCommand& t : {
           TriageCommand{"ack", "acknowledged", "acknowledge an open alert", nullptr},
           TriageCommand{"assign", "assigned", "assign an alert to someone", "assignee"},
           TriageCommand{"note", "noted", "add a note to an alert", "text"},
           TriageCommand{"resolve", "resolved", "resolve an alert", "resolution"},
           TriageCommand{"reopen", "reopened", "reopen a resolved alert", nullptr},
       }) {
    auto* sub = alerts->add_subcommand(t.name, t.help);
    sub->add_option("id", alert_id, "the alert id")->required();
    if (t.text) {
      auto* text = sub->add_option(t.text, triage_text, t.text)->required();
      if (std::string_view(t.name) == "resolve") {
        text->check(CLI::IsMember({"true_positive", "false_positive", "benign"}));
        sub->add_flag("--except", triage_except,
                      "with false_positive: stop the rule matching this user (and patient) "
                      "again, in data_dir/triage-exceptions.yaml");
      }
    }
    if (std::string_view(t.name) != "note")
      sub->add_option("--note", triage_note, "a note kept with the change");
    triage.emplace_back(sub, t.kind);
  }

  cases = app.add_subcommand("cases", "alerts by user, riskiest first (the review queue)");
  cases->require_subcommand(0, 1);
  cases->add_option("--limit", case_limit, "how many cases")->check(limit)->capture_default_str();
  cases->add_option("--format", case_format, "table or json")
      ->check(table_or_json)
      ->capture_default_str();
  cases->add_subcommand("list", "the same as cases alone")->fallthrough();
  case_show = cases->add_subcommand("show", "one user's case and every alert in it");
  case_show->add_option("user", case_user, "the user id")->required();
  case_show->fallthrough();

  holds.AddTo(app);
}

bool TimelineCommandLine::parsed() const {
  return events->parsed() || stats->parsed() || verify->parsed() || dead_letters->parsed() ||
         report_options.command->parsed() || alerts->parsed() || cases->parsed() || holds.parsed();
}

int TimelineCommandLine::Run(TimelineAccess& access, std::ostream& out, std::ostream& err) {
  if (holds.parsed()) {
    if (!holds.list->parsed()) return holds.Run(access, out, err);
    // The list names the patients under hold: a read like any other.
    return RunAudited(
        access, AuditedRead::Of("hold list"),
        [&](std::ostream& o, AuditedRead& read) {
          int code = holds.Run(access, o, err);
          read.returned = LinesIn(o);
          return code;
        },
        out, err);
  }
  if (cases->parsed()) {
    auto timeline = access.Open(Timeline::Families::kAll);
    if (!timeline.ok()) return Fail(err, timeline.status().message());
    const bool show = case_show->parsed();
    return RunAudited(
        access, AuditedRead::Of(show ? "cases show" : "cases", "", show ? case_user : ""),
        [&](std::ostream& o, AuditedRead& read) {
          int code = show ? RunCaseShow(*timeline.value(), case_user, case_format, o, err)
                          : RunCasesList(*timeline.value(), case_limit, case_format, o, err);
          read.returned = LinesIn(o);
          return code;
        },
        out, err);
  }
  if (alerts->parsed()) {
    AlertFilter filter = alert_filter;
    if (!alert_severity.empty()) {
      Severity s;
      if (!ParseSeverity(alert_severity, s))
        return Fail(err, "--severity must be low, medium, high or critical");
      filter.min_severity = s;
    }
    if (!alert_since.empty()) {
      auto t = ParseIsoTime(alert_since);
      if (!t) return Fail(err, "cannot read time '" + alert_since + "'");
      filter.since = *t;
    }
    auto timeline = access.Open(Timeline::Families::kAll);
    if (!timeline.ok()) return Fail(err, timeline.status().message());
    for (const auto& [sub, kind] : triage) {
      if (!sub->parsed()) continue;
      if (triage_except && triage_text != "false_positive")
        return Fail(err, "--except goes with a false_positive resolution only");
      // The job only writes: what it says is printed here, never from the writer's thread.
      Status changed = Status::Ok();
      auto ran = access.RunAsWriter([&, kind = kind](Timeline& writable) {
        AlertStore store(writable);
        changed = triage_except ? ResolveWithException(store, alert_id, access, triage_note)
                                : store.Triage(alert_id, kind, access.actor(), triage_text,
                                               triage_note, WallClockNow());
        return changed.ok() ? 0 : 1;
      });
      if (!ran.ok()) return Fail(err, ran.status().message());
      if (!changed.ok()) return Fail(err, changed.message());
      if (triage_except) out << "exception added for alert " << TerminalSafe(alert_id) << "\n";
      out << "alert " << TerminalSafe(alert_id) << " " << kind << "\n";
      return ran.value();
    }
    if (alert_show->parsed()) {
      return RunAudited(
          access, AuditedRead::Of("alerts show " + alert_id),
          [&](std::ostream& o, AuditedRead& read) {
            read.returned = 1;
            return RunAlertShow(*timeline.value(), alert_id, alert_format, o, err);
          },
          out, err);
    }
    return RunAudited(
        access, AuditedRead::Of("alerts"),
        [&](std::ostream& o, AuditedRead& read) {
          int code = RunAlertsCommand(*timeline.value(), alert_limit, filter, alert_format, o, err);
          read.returned = LinesIn(o);
          return code;
        },
        out, err);
  }
  if (events->parsed()) {
    EventQuery q = query;
    if (!patient.empty()) {
      q.by = EventQuery::By::kPatient;
      q.key = patient;
    } else if (!user.empty()) {
      q.by = EventQuery::By::kUser;
      q.key = user;
    }
    q.newest_first = !oldest_first;
    AuditedRead read = AuditedRead::Of("events", patient, user);
    if (!patient.empty()) read.command += " --patient";
    if (!user.empty()) read.command += " --user " + user;
    return RunAudited(
        access, std::move(read),
        [&](std::ostream& o, AuditedRead& r) {
          return RunEvents(access, q, from, to, format, all_pages, r.returned, o, err);
        },
        out, err);
  }
  if (stats->parsed()) return RunStats(access, out, err);
  if (verify->parsed()) return RunVerify(access, verify_options, out, err);
  if (report_options.command->parsed()) return RunReport(access, report_options, out, err);
  if (dead_letters->parsed()) {
    // Records that did not parse are shown raw, patient data and all: a read like any other.
    return RunAudited(
        access, AuditedRead::Of("dead-letters"),
        [&](std::ostream& o, AuditedRead& read) {
          int code = RunDeadLetters(access, dead_letter_limit, o, err);
          read.returned = LinesIn(o);
          return code;
        },
        out, err);
  }
  return Fail(err, "no timeline command given");
}

int RunTimelineCommandLine(const std::vector<std::string>& args, TimelineAccess& access,
                           std::ostream& out, std::ostream& err) {
  CLI::App app{"phi-auditctl (run by phi-auditd)"};
  app.require_subcommand(1);
  std::string ignored;  // where phi-auditctl found the daemon: it found this one
  app.add_option("-c,--config", ignored);
  app.add_option("--data-dir", ignored);
  TimelineCommandLine commands;
  commands.AddTo(app);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    err << "phi-auditctl: " << e.what() << "\n";
    return 2;
  }
  return commands.Run(access, out, err);
}

}  // namespace phi
