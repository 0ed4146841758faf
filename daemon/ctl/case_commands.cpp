#include "daemon/ctl/case_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/ctl/detection_commands.hpp"

namespace phi {
namespace {

// How many of the newest alerts a case list reads.
constexpr size_t kCaseScanLimit = 100'000;

struct Case {
  std::string user;
  uint64_t risk = 0;
  size_t open = 0, acknowledged = 0, resolved = 0;
  Severity highest = Severity::kLow;
  TimeMicros latest = 0;
  std::set<std::string> rules;
};

uint64_t Weight(Severity s) {
  switch (s) {
    case Severity::kLow:
      return 1;
    case Severity::kMedium:
      return 3;
    case Severity::kHigh:
      return 7;
    case Severity::kCritical:
      return 15;
  }
  return 1;
}

void AddAlert(const Alert& a, Case& c) {
  if (a.status == "resolved") {
    ++c.resolved;
  } else {
    (a.status == "acknowledged" ? c.acknowledged : c.open)++;
    c.risk += Weight(a.severity);
    c.highest = std::max(c.highest, a.severity);
  }
  c.latest = std::max({c.latest, a.ts, a.last_ts});
  c.rules.insert(a.rule_id);
}

Result<std::vector<Case>> LoadCases(Timeline& timeline, const std::string& only_user) {
  AlertFilter filter;
  filter.user = only_user;
  auto alerts = AlertStore(timeline).List(kCaseScanLimit, filter);
  if (!alerts.ok()) return alerts.status();
  std::map<std::string, Case> by_user;
  for (const Alert& a : alerts.value()) {
    if (a.user.empty()) continue;  // a source's alerts (parse errors, silence) are no one's case
    Case& c = by_user[a.user];
    c.user = a.user;
    AddAlert(a, c);
  }
  std::vector<Case> cases;
  for (auto& [user, c] : by_user) cases.push_back(std::move(c));
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) {
    return a.risk != b.risk ? a.risk > b.risk : a.latest > b.latest;
  });
  return cases;
}

void WriteCase(const Case& c, const std::string& format, std::ostream& out) {
  std::string rules;
  for (const auto& r : c.rules) rules += (rules.empty() ? "" : " ") + r;
  if (format == "json") {
    std::string line = "{";
    bool first = true;
    AppendJsonMember("user", c.user, first, line);
    AppendJsonMember("risk", static_cast<int64_t>(c.risk), first, line);
    AppendJsonMember("open", static_cast<int64_t>(c.open), first, line);
    AppendJsonMember("acknowledged", static_cast<int64_t>(c.acknowledged), first, line);
    AppendJsonMember("resolved", static_cast<int64_t>(c.resolved), first, line);
    AppendJsonMember("highest_severity", SeverityName(c.highest), first, line);
    AppendJsonMember("latest", FormatIsoTime(c.latest), first, line);
    AppendJsonMember("rules", rules, first, line);
    out << line << "}\n";
    return;
  }
  char figures[128];
  std::snprintf(figures, sizeof figures, "%6llu  %4zu  %5zu  %8zu  ",
                static_cast<unsigned long long>(c.risk), c.open, c.acknowledged, c.resolved);
  out << figures << FormatIsoTime(c.latest) << "  " << TerminalSafe(c.user) << "  ("
      << TerminalSafe(rules) << ")\n";
}

}  // namespace

int RunCasesList(Timeline& timeline, size_t limit, const std::string& format, std::ostream& out,
                 std::ostream& err) {
  auto cases = LoadCases(timeline, "");
  if (!cases.ok()) {
    err << "phi-auditctl: " << cases.status().message() << "\n";
    return 1;
  }
  if (format == "table")
    out << "  risk  open  ack'd  resolved  latest                    user  (rules)\n";
  for (size_t i = 0; i < cases.value().size() && i < limit; ++i)
    WriteCase(cases.value()[i], format, out);
  return 0;
}

int RunCaseShow(Timeline& timeline, const std::string& user, const std::string& format,
                std::ostream& out, std::ostream& err) {
  auto cases = LoadCases(timeline, user);
  if (!cases.ok()) {
    err << "phi-auditctl: " << cases.status().message() << "\n";
    return 1;
  }
  if (cases.value().empty()) {
    err << "phi-auditctl: no alerts for user " << TerminalSafe(user) << "\n";
    return 1;
  }
  WriteCase(cases.value()[0], format, out);
  if (format == "table") out << "\n";
  AlertFilter filter;
  filter.user = user;
  return RunAlertsCommand(timeline, 10'000, filter, format, out, err);
}

}  // namespace phi
