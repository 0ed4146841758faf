// Alert scoring against labelled incidents (see incident_scoring.hpp).
#include "daemon/demo/incident_scoring.hpp"

#include <simdjson.h>

#include <cstdio>
#include <set>

#include "daemon/common/json_writer.hpp"
#include "daemon/common/time_util.hpp"

namespace phi::demo {
namespace {

constexpr TimeMicros kHour = 3600LL * kMicrosPerSecond;

struct Labelled {
  std::string user;
  std::string patient;
  std::string description;
  std::string scenario;
  TimeMicros ts = 0;
};

struct Raised {
  std::string rule;
  std::string user;
  std::vector<std::string> patients;
  TimeMicros ts = 0;
};

std::string Text(simdjson::dom::element doc, const char* key) {
  std::string_view s;
  return doc[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

TimeMicros Time(simdjson::dom::element doc, const char* key) {
  auto t = ParseIsoTime(Text(doc, key));
  return t ? *t : 0;
}

template <typename F>
Status ReadLines(const std::string& path, F each) {
  simdjson::dom::parser parser;
  simdjson::padded_string data;
  if (simdjson::padded_string::load(path).get(data) != simdjson::SUCCESS) {
    return Status::IoError("cannot read " + path);
  }
  std::string_view all(data.data(), data.size());
  size_t line = 0;
  while (!all.empty()) {
    size_t end = all.find('\n');
    std::string_view text = all.substr(0, end);
    all = end == std::string_view::npos ? std::string_view() : all.substr(end + 1);
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
      return Status::Invalid(path + ":" + std::to_string(line) + ": not a JSON object");
    }
    each(doc);
  }
  return Status::Ok();
}

bool Matches(const Raised& a, const Labelled& i) {
  if (a.user != i.user) return false;
  if (!i.patient.empty() &&
      std::find(a.patients.begin(), a.patients.end(), i.patient) == a.patients.end())
    return false;
  return a.ts >= i.ts - kHour && a.ts <= i.ts + 48 * kHour;
}

void AppendRuleCounts(const char* key, const std::map<std::string, size_t>& counts,
                      std::string& out) {
  out += ",\"";
  out += key;
  out += "\":{";
  bool first = true;
  for (const auto& [rule, n] : counts) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(rule, out);
    out += ':' + std::to_string(n);
  }
  out += '}';
}

}  // namespace

double QualityScore::recall() const {
  return incidents ? static_cast<double>(caught) / static_cast<double>(incidents) : 1.0;
}

double QualityScore::precision() const {
  return alerts ? static_cast<double>(on_incident) / static_cast<double>(alerts) : 1.0;
}

double QualityScore::false_per_1000_user_days() const {
  return user_days > 0 ? 1000.0 * static_cast<double>(false_alerts) / user_days : 0.0;
}

double QualityScore::alerts_per_1000_user_days() const {
  return user_days > 0 ? 1000.0 * static_cast<double>(alerts) / user_days : 0.0;
}

std::string QualityScore::ToJson() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"incidents\":%zu,\"caught\":%zu,\"recall\":%.4f,\"alerts\":%zu,"
                "\"on_incident\":%zu,\"extra\":%zu,\"false\":%zu,\"precision\":%.4f,"
                "\"user_days\":%.0f,\"false_per_1000_user_days\":%.3f,"
                "\"alerts_per_1000_user_days\":%.3f",
                incidents, caught, recall(), alerts, on_incident, extra, false_alerts, precision(),
                user_days, false_per_1000_user_days(), alerts_per_1000_user_days());
  std::string out = buf;
  out += ",\"missed\":[";
  for (size_t i = 0; i < missed.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(missed[i], out);
  }
  out += ']';
  AppendRuleCounts("false_by_rule", false_by_rule, out);
  AppendRuleCounts("extra_by_rule", extra_by_rule, out);
  out += '}';
  return out;
}

Result<QualityScore> ScoreAlerts(const std::string& incidents_path, const std::string& alerts_path,
                                 double user_days) {
  std::vector<Labelled> incidents;
  Status s = ReadLines(incidents_path, [&](simdjson::dom::element doc) {
    incidents.push_back({Text(doc, "user"), Text(doc, "patient"), Text(doc, "description"),
                         Text(doc, "scenario"), Time(doc, "ts")});
  });
  if (!s.ok()) return s;
  std::vector<Raised> alerts;
  std::set<std::string> seen_ids;  // a file may carry later states of one alert
  s = ReadLines(alerts_path, [&](simdjson::dom::element doc) {
    std::string id = Text(doc, "alert_id");
    if (!id.empty() && !seen_ids.insert(id).second) return;
    Raised a{Text(doc, "rule_id"), Text(doc, "user"), {}, Time(doc, "ts")};
    simdjson::dom::array patients;
    if (doc["patients"].get_array().get(patients) == simdjson::SUCCESS) {
      for (auto p : patients) {
        std::string_view v;
        if (p.get_string().get(v) == simdjson::SUCCESS) a.patients.emplace_back(v);
      }
    }
    alerts.push_back(std::move(a));
  });
  if (!s.ok()) return s;

  QualityScore q;
  q.incidents = incidents.size();
  q.alerts = alerts.size();
  q.user_days = user_days;
  std::set<std::string> incident_users;
  for (const auto& i : incidents) incident_users.insert(i.user);
  std::vector<bool> matched(alerts.size(), false);
  for (const auto& i : incidents) {
    bool caught = false;
    for (size_t k = 0; k < alerts.size(); ++k) {
      if (Matches(alerts[k], i)) matched[k] = caught = true;
    }
    if (caught) {
      ++q.caught;
    } else {
      q.missed.push_back(i.scenario + ": " + i.description);
    }
  }
  for (size_t k = 0; k < alerts.size(); ++k) {
    if (matched[k]) {
      ++q.on_incident;
    } else if (incident_users.count(alerts[k].user)) {
      ++q.extra;
      ++q.extra_by_rule[alerts[k].rule];
    } else {
      ++q.false_alerts;
      ++q.false_by_rule[alerts[k].rule];
    }
  }
  return q;
}

}  // namespace phi::demo
