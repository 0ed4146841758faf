#include "daemon/detection/alert_text.hpp"

#include "daemon/common/json_writer.hpp"
#include "daemon/detection/explanation_report.hpp"

namespace phi {
namespace {

std::string DurationText(TimeMicros d) {
  int64_t s = d / kMicrosPerSecond;
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

std::string DurationWords(TimeMicros d) {
  int64_t s = d / kMicrosPerSecond;
  auto unit = [](int64_t n, const char* one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
  };
  if (s % 86400 == 0) return unit(s / 86400, "day");
  if (s % 3600 == 0) return unit(s / 3600, "hour");
  if (s % 60 == 0) return unit(s / 60, "minute");
  return unit(s, "second");
}

bool Reads(const Rule& rule, std::string_view name) {
  for (const FieldDef* f : rule.explain_fields) {
    if (f->name == name) return true;
  }
  return false;
}

bool FieldTrue(EventView& view, std::string_view name) {
  const FieldDef* f = FindEventField(name);
  if (!f) return false;
  FieldValue v = f->get(view);
  return v.type == FieldValue::Type::kBool && v.boolean;
}

std::string_view PastTense(std::string_view action) {
  if (action == "view") return "opened";
  if (action == "print") return "printed";
  if (action == "export") return "exported";
  if (action == "update") return "changed";
  if (action == "create") return "created";
  if (action == "delete") return "deleted";
  if (action == "query") return "queried";
  if (action == "break_glass") return "used break-the-glass on";
  if (action == "login") return "logged in to";
  if (action == "logout") return "logged out of";
  return "accessed";
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// "u42 (nurse, Cardiology)"
std::string Who(EventView& v) {
  std::string who = v.event().user.empty() ? std::string("an unknown user") : v.event().user;
  std::string role(v.role()), dept(v.department());
  if (!role.empty() || !dept.empty()) {
    who += " (" + role + (role.empty() || dept.empty() ? "" : ", ") + dept + ")";
  }
  return who;
}

void Sentence(std::string_view s, std::string& out) {
  AppendSentence(s, out);
}

// What happened, in one sentence.
std::string WhatHappened(EventView& v) {
  const Event& e = v.event();
  std::string s = Who(v) + " " + std::string(PastTense(e.action));
  if (!e.patient.empty()) {
    s += " the record of " + e.patient;
    if (!e.record_type.empty()) s += " (" + e.record_type + ")";
  } else if (!e.record_type.empty()) {
    s += " " + e.record_type;
  }
  if (e.record_count > 1) s += ", " + std::to_string(e.record_count) + " records";
  if (!e.workstation.empty()) s += ", from workstation " + e.workstation;
  s += ", at " + ReadableTime(e.ts);
  return s;
}

// The risk factors the rule looked at that hold, in a privacy officer's words.
std::string RiskFactors(const Rule& rule, EventView& v) {
  std::vector<std::string> factors;
  auto fact = [&](std::string_view field, std::string text) {
    if (Reads(rule, field) && FieldTrue(v, field)) factors.push_back(std::move(text));
  };
  fact("patient.vip", "the patient is flagged VIP");
  fact("self_access", "the patient is the user themself");
  if (Reads(rule, "coworker_access") && FieldTrue(v, "coworker_access")) {
    factors.push_back(FieldTrue(v, "same_department")
                          ? "the patient is a coworker in the user's own department"
                          : "the patient is a coworker");
  }
  if (Reads(rule, "same_last_name") && Reads(rule, "same_address") &&
      FieldTrue(v, "same_last_name") && FieldTrue(v, "same_address")) {
    factors.push_back("the user shares the patient's last name and address (family)");
  } else {
    fact("same_address", "the patient lives at the user's address");
    fact("same_last_name", "the user shares the patient's last name");
  }
  fact("user_is_contact", "the user is a listed contact (next of kin, guarantor) of the patient");
  fact("patient.deceased", "the patient is deceased");
  if (Reads(rule, "sensitive") || Reads(rule, "sensitive_class")) {
    std::string_view c = v.sensitive_class();
    if (!c.empty()) {
      std::string text = "the record is of a sensitive class (" + std::string(c) + ")";
      for (const auto& sc : v.settings().sensitive_classes) {
        if (sc.name == c && !sc.citation.empty()) text += ", protected by " + sc.citation;
      }
      factors.push_back(text);
    }
  }
  if (Reads(rule, "user.role_class") && Reads(rule, "sensitive") && !v.sensitive_class().empty() &&
      v.role_class() != RoleClass::kClinical && v.role_class() != RoleClass::kUnknown) {
    factors.push_back("the user's role (" + std::string(v.role()) + ") is in the " +
                      std::string(RoleClassName(v.role_class())) +
                      " class of roles, which do not need such records");
  }
  if (factors.empty()) return {};
  std::string s = factors.size() == 1 ? "Risk factor: " : "Risk factors: ";
  for (size_t i = 0; i < factors.size(); ++i) s += (i ? "; " : "") + factors[i];
  return s;
}

// "usually active 07:00-19:00 on 12 days"
std::string UsualWork(EventView& v) {
  if (!v.has_history() || !v.history().activity) return {};
  const UserActivity& a = *v.history().activity;
  if (a.active_days == 0) return v.event().user + " has no earlier activity here";
  std::string hours;
  int runs = 0;
  for (int h = 0; h < 24; ++h) {
    bool on = a.days_at_hour[static_cast<size_t>(h)] >= 2;
    bool before = a.days_at_hour[static_cast<size_t>((h + 23) % 24)] >= 2;
    if (on && (!before || h == 0)) {
      int end = h;
      while (end + 1 < 24 && a.days_at_hour[static_cast<size_t>(end + 1)] >= 2) ++end;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%02d:00-%02d:59", runs ? ", " : "", h, end);
      hours += buf;
      ++runs;
      h = end;
    }
  }
  std::string s = v.event().user + " has been active on " + std::to_string(a.active_days) +
                  (a.active_days == 1 ? " day" : " days");
  if (!hours.empty()) s += ", usually at " + hours;
  return s;
}

}  // namespace

void AppendFieldValueJson(const FieldValue& v, std::string& out) {
  switch (v.type) {
    case FieldValue::Type::kMissing:
      out += "null";
      break;
    case FieldValue::Type::kString:
      AppendJsonString(v.text, out);
      break;
    case FieldValue::Type::kNumber:
      out += std::to_string(v.number);
      break;
    case FieldValue::Type::kBool:
      out += v.boolean ? "true" : "false";
      break;
  }
}

void AppendFieldValueText(const FieldValue& v, std::string& out) {
  switch (v.type) {
    case FieldValue::Type::kMissing:
      out += "(none)";
      break;
    case FieldValue::Type::kString:
      out += v.text;
      break;
    case FieldValue::Type::kNumber:
      out += std::to_string(v.number);
      break;
    case FieldValue::Type::kBool:
      out += v.boolean ? "yes" : "no";
      break;
  }
}

std::string RenderSummary(const Rule& rule, EventView& view, const AlertFigures& figures,
                          uint64_t count) {
  std::string out;
  for (const auto& part : rule.summary.parts) {
    if (part.field) {
      AppendFieldValueText(part.field->get(view), out);
    } else if (part.special == "count") {
      out += std::to_string(count);
    } else if (part.special == "threshold") {
      out += std::to_string(figures.threshold);
    } else if (part.special == "value") {
      out += std::to_string(figures.value);
    } else if (part.special == "baseline") {
      out += figures.baseline_json.empty() ? "no baseline" : "baseline";
    } else {
      out += part.literal;
    }
  }
  return out;
}

std::string RenderExplanation(const Rule& rule, EventView& view, const AlertFigures& figures) {
  std::string out;
  const Event& e = view.event();
  if (rule.kind == RuleKind::kSilence) {
    Sentence(RenderSummary(rule, view, figures, 1), out);
    Sentence(
        "Nothing else can be detected on a source that sends nothing: check the source, "
        "its log shipping and its audit settings",
        out);
    return out.substr(0, out.size() - 1);
  }
  Sentence(rule.description, out);
  if (rule.kind == RuleKind::kEvent || rule.kind == RuleKind::kFirstSeen) {
    Sentence(WhatHappened(view), out);
  } else {
    Sentence("The latest event: " + WhatHappened(view), out);
  }
  if (rule.kind == RuleKind::kAggregate) {
    const AggregateSpec& a = rule.aggregate;
    std::string measure = a.measure == AggregateSpec::Measure::kDistinct
                              ? "distinct " + std::string(a.field ? a.field->name : "values")
                          : a.measure == AggregateSpec::Measure::kSum
                              ? "a total " + std::string(a.field ? a.field->name : "")
                          : a.measure == AggregateSpec::Measure::kConsecutiveRun
                              ? "a run of consecutive " + std::string(a.field->name)
                              : std::string("events");
    std::string s = e.user + " reached " + std::to_string(figures.value) + " (" + measure +
                    ") within " + DurationWords(a.window) + "; the threshold is " +
                    std::to_string(figures.threshold);
    if (a.has_baseline) {
      s += ", from ";
      s += figures.user_median >= 0
               ? "the user's usual daily peak (median " + Fixed(figures.user_median) + ")"
               : std::string("no history of the user's own");
      s += figures.peer_median >= 0 ? " and their peers' (" + figures.peer_group + ": median " +
                                          Fixed(figures.peer_median) + ")"
                                    : std::string(" and no peer history");
      s += ", at least " + std::to_string(a.baseline.min);
    }
    Sentence(s, out);
  } else if (rule.kind == RuleKind::kSequence) {
    Sentence(e.user + " completed the " + std::to_string(rule.sequence.steps.size()) +
                 " steps within " + DurationWords(rule.sequence.within),
             out);
  } else if (rule.kind == RuleKind::kRisk) {
    Sentence(e.user + " gathered " + std::to_string(figures.value) + " risk points within " +
                 DurationWords(rule.risk.window) + " (threshold " +
                 std::to_string(figures.threshold) + ")",
             out);
  }
  Sentence(figures.detail, out);
  Sentence(RiskFactors(rule, view), out);
  if (Reads(rule, "record_count_ratio") || Reads(rule, "org.bulk_threshold")) {
    std::string s = "Bulk here starts at " +
                    std::to_string(FindEventField("org.bulk_threshold")->get(view).number) +
                    " records";
    if (view.has_history()) {
      int64_t usual = view.history().usual_record_count;
      s += usual > 0 ? "; the user's largest batch in the last 30 days was " +
                           std::to_string(usual) + " records"
                     : "; the user has done no batch of more than one record before";
    }
    Sentence(s, out);
  }
  if (Reads(rule, "user.terminated") && view.employee()) {
    const EmployeeRecord& emp = *view.employee();
    if (emp.terminated_day != INT64_MIN) {
      std::string day;
      AppendIsoDate(emp.terminated_day, day);
      Sentence("The last day " + e.user + " worked was " + day, out);
    } else if (emp.terminated != kNoTime) {
      Sentence("The account of " + e.user + " ended at " + ReadableTime(emp.terminated), out);
    }
  }
  if (Reads(rule, "user.usual_hour")) {
    std::string s = "The hour (" + std::to_string(view.local_hour()) +
                    ":00) is not one at which the user has worked";
    if (Reads(rule, "user.peers_usual_hour") && view.has_history())
      s += view.history().peers_usual_hour ? ", though their peers often do"
                                           : ", nor one at which their peers often work";
    Sentence(s, out);
  }
  const bool about_explanations = Reads(rule, "explained") || Reads(rule, "explanation") ||
                                  Reads(rule, "explanation_strength") ||
                                  Reads(rule, "care_relationship");
  if (about_explanations) AppendExplanationReport(view, out);
  Sentence(UsualWork(view), out);
  if (!out.empty()) out.pop_back();
  return out;
}

std::string RenderEvidence(const Rule& rule, EventView& view, const AlertFigures& figures) {
  std::string out = "{";
  bool first = true;
  AppendJsonMember("rule", rule.id, first, out);
  AppendJsonMember("kind", RuleKindName(rule.kind), first, out);
  if (!rule.when.text().empty()) AppendJsonMember("condition", rule.when.text(), first, out);
  out += ",\"fields\":{";
  for (size_t i = 0; i < rule.explain_fields.size(); ++i) {
    const FieldDef* f = rule.explain_fields[i];
    if (f->name == "statement") continue;  // can be long; the event holds it
    if (out.back() != '{') out += ',';
    AppendJsonString(f->name, out);
    out += ':';
    AppendFieldValueJson(f->get(view), out);
  }
  out += '}';
  if (!view.event().patient.empty()) {
    AppendJsonMember("explanation", ExplanationName(view.explanation()), first, out);
    AppendJsonMember("explanation_strength", StrengthName(view.explanation_strength()), first, out);
    if (const EncounterRecord* ep = view.explanation_episode()) {
      out += ",\"explanation_episode\":{\"kind\":";
      out += ep->appointment ? "\"appointment\"" : "\"encounter\"";
      out += ",\"department\":";
      AppendJsonString(view.context()->strings().Name(ep->department), out);
      out += ",\"begin\":\"";
      AppendIsoTime(ep->admitted, out);
      out += '"';
      if (ep->discharged != kNoTime && !ep->appointment) {
        out += ",\"end\":\"";
        AppendIsoTime(ep->discharged, out);
        out += '"';
      }
      out += '}';
    }
  }
  if (rule.kind == RuleKind::kAggregate) {
    const AggregateSpec& a = rule.aggregate;
    static constexpr std::string_view kMeasure[] = {"count", "distinct", "sum", "consecutive"};
    std::string measure(kMeasure[static_cast<size_t>(a.measure)]);
    if (a.field) measure += "(" + std::string(a.field->name) + ")";
    AppendJsonMember("measure", measure, first, out);
    AppendJsonMember("window", DurationText(a.window), first, out);
  }
  if (rule.kind != RuleKind::kEvent) {
    AppendJsonMember("value", figures.value, first, out);
    AppendJsonMember("threshold", figures.threshold, first, out);
  }
  if (!figures.baseline_json.empty()) out += ",\"baseline\":" + figures.baseline_json;
  if (!figures.extra_json.empty()) out += "," + figures.extra_json;
  out += '}';
  return out;
}

}  // namespace phi
