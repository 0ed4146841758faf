#include "daemon/ctl/detection_commands.hpp"

#include <iostream>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/app/rule_test_cases.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/ctl/event_output.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace phi {
namespace {

// Prints `text` indented, wrapped at about 100 columns on spaces.
void PrintWrapped(const std::string& text, std::string_view indent, std::ostream& out) {
  constexpr size_t kWidth = 100;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = start + kWidth - indent.size();
    if (end >= text.size()) {
      end = text.size();
    } else {
      size_t space = text.rfind(' ', end);
      if (space != std::string::npos && space > start) end = space;
    }
    out << indent << std::string_view(text).substr(start, end - start) << "\n";
    start = end;
    while (start < text.size() && text[start] == ' ') ++start;
  }
}

void PrintAlerts(const std::vector<Alert>& alerts, const std::string& format, std::ostream& out) {
  std::string line;
  for (const Alert& a : alerts) {
    if (format == "json") {
      line.clear();
      AppendAlertJson(a, line);
      out << line << '\n';
      continue;
    }
    // Summaries and explanations quote values from audit logs (workstations, statements):
    // printed for a terminal, their control characters are shown, not obeyed.
    out << FormatIsoTime(a.ts) << "  " << SeverityName(a.severity) << "  "
        << TerminalSafe(a.rule_id) << "  " << TerminalSafe(a.alert_id) << "  "
        << TerminalSafe(a.status) << (a.count > 1 ? "  x" + std::to_string(a.count) : "") << "\n";
    PrintWrapped(TerminalSafe(a.summary), "    ", out);
    if (a.patients.size() > 1) {
      std::string patients = "patients:";
      for (const auto& p : a.patients) patients += " " + TerminalSafe(p);
      PrintWrapped(patients, "    ", out);
    }
    PrintWrapped(TerminalSafe(a.explanation), "    ", out);
  }
}

}  // namespace

int RunAlertsCommand(Timeline& timeline, size_t limit, const AlertFilter& filter,
                     const std::string& format, std::ostream& out, std::ostream& err) {
  AlertStore store(timeline);
  auto alerts = store.List(limit, filter);
  if (!alerts.ok()) {
    err << "phi-auditctl: " << alerts.status().message() << "\n";
    return 1;
  }
  PrintAlerts(alerts.value(), format, out);
  return 0;
}

int RunAlertShow(Timeline& timeline, const std::string& alert_id, const std::string& format,
                 std::ostream& out, std::ostream& err) {
  auto found = AlertStore(timeline).Find(alert_id);
  if (!found.ok()) {
    err << "phi-auditctl: " << found.status().message() << "\n";
    return 1;
  }
  if (!found.value()) {
    err << "phi-auditctl: no alert " << TerminalSafe(alert_id) << "\n";
    return 1;
  }
  const Alert& a = *found.value();
  // The events behind it, by timeline id; retention may have removed the oldest.
  std::vector<Event> events, one;
  size_t removed = 0;
  for (uint64_t id : a.event_ids) {
    Status s = timeline.ReadEventsAfter(id - 1, 1, one);
    if (!s.ok()) {
      err << "phi-auditctl: " << s.message() << "\n";
      return 1;
    }
    if (one.empty() || one[0].sequence != id) {
      ++removed;
    } else {
      events.push_back(std::move(one[0]));
    }
  }
  if (format == "json") {
    PrintAlerts({a}, "json", out);
    WriteEvents(events, OutputFormat::kJson, false, out);
    return 0;
  }
  PrintAlerts({a}, "table", out);
  out << "    first " << FormatIsoTime(a.ts) << ", latest "
      << FormatIsoTime(std::max(a.ts, a.last_ts)) << ", " << a.count
      << (a.count == 1 ? " event" : " events") << ", user " << TerminalSafe(a.user) << "\n";
  if (!a.tags.empty()) {
    std::string tags = "tags:";
    for (const auto& t : a.tags) tags += " " + TerminalSafe(t);
    PrintWrapped(tags, "    ", out);
  }
  PrintWrapped("evidence: " + TerminalSafe(a.evidence), "    ", out);
  if (!a.assignee.empty()) out << "    assigned to " << TerminalSafe(a.assignee) << "\n";
  auto history = AlertStore(timeline).History(alert_id);
  if (!history.ok()) {
    err << "phi-auditctl: " << history.status().message() << "\n";
    return 1;
  }
  out << "\nhistory:\n  " << FormatIsoTime(a.ts) << "  created by phi-auditd\n";
  for (const AlertTriageRecord& r : history.value()) {
    std::string line = FormatIsoTime(r.at) + "  " + r.kind + " by " + TerminalSafe(r.by);
    if (!r.text.empty()) line += ": " + TerminalSafe(r.text);
    if (!r.note.empty()) line += " (" + TerminalSafe(r.note) + ")";
    PrintWrapped(line, "  ", out);
  }
  out << "\nevents behind it (" << events.size() << " of " << a.event_ids.size() << " kept"
      << (removed ? "; " + std::to_string(removed) + " removed by retention" : "") << "):\n";
  WriteEvents(events, OutputFormat::kTable, true, out);
  return 0;
}

int RunRulesCheck(const std::string& rules_dir) {
  RuleLoadResult loaded = LoadRuleDirectory(rules_dir);
  for (const auto& e : loaded.errors) std::cerr << e << "\n";
  if (!loaded.rules) {
    std::cerr << "phi-auditctl: " << loaded.errors.size() << " error(s) in " << rules_dir << "\n";
    return 1;
  }
  for (const Rule& r : loaded.rules->rules) {
    std::cout << r.id << "  (" << RuleKindName(r.kind) << ", " << SeverityName(r.severity)
              << (r.raises_alert ? "" : ", observation only")
              << (r.risk_points ? ", risk " + std::to_string(r.risk_points) : "") << ")  " << r.file
              << ":" << r.line << "\n    uses:";
    for (const FieldDef* f : r.explain_fields) std::cout << " " << f->name;
    std::cout << "\n";
  }
  auto outcomes = RunRuleTestCases(rules_dir, DetectionSettings());
  if (!outcomes.ok()) {
    std::cerr << "phi-auditctl: " << outcomes.status().message() << "\n";
    return 1;
  }
  size_t failed = 0;
  for (const auto& o : outcomes.value()) {
    if (o.passed) continue;
    ++failed;
    for (const auto& f : o.failures)
      std::cerr << o.file << ": test '" << o.name << "': " << f << "\n";
  }
  std::cout << loaded.rules->rules.size() << " rules in " << loaded.rules->files.size()
            << " files; " << outcomes.value().size() - failed << " passed, " << failed
            << " failed test cases\n";
  return failed == 0 ? 0 : 1;
}

int RunRulesTest(const OfflineReplayOptions& options, const std::string& output_format) {
  auto result = ReplayOffline(options);
  if (!result.ok()) {
    std::cerr << "phi-auditctl: " << result.status().message() << "\n";
    return 1;
  }
  PrintAlerts(result.value().alerts, output_format, std::cout);
  const DetectionCounters& c = result.value().counters;
  std::cerr << result.value().events << " events, " << result.value().unparsed << " unparsed, "
            << result.value().alerts.size() << " alerts; " << c.explained << " of "
            << c.patient_accesses << " patient accesses explained\n";
  return 0;
}

}  // namespace phi
