#include "daemon/detection/alert_text.hpp"

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

std::string DurationText(TimeMicros d) {
  int64_t s = d / kMicrosPerSecond;
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

// Plain-language reasons, in the words a privacy officer uses.
void AppendReasons(const Rule& rule, EventView& view, std::string& out) {
  std::vector<std::string> reasons;
  auto reads = [&](std::string_view name) {
    for (const FieldDef* f : rule.explain_fields) {
      if (f->name == name) return true;
    }
    return false;
  };
  const Event& e = view.event();
  if ((reads("care_relationship") || reads("explained")) && !e.patient.empty() &&
      !view.care_relationship()) {
    std::string dept(view.department());
    reasons.push_back("no care relationship: " + e.user +
                      " is not the attending of an encounter of " + e.patient + " and " +
                      (dept.empty() ? "the user's department" : dept) +
                      " has no encounter of the patient open at that time");
  }
  auto fact = [&](std::string_view field, const char* text) {
    if (!reads(field)) return;
    FieldValue v = FindEventField(field)->get(view);
    if (v.type == FieldValue::Type::kBool && v.boolean) reasons.emplace_back(text);
  };
  fact("patient.vip", "the patient is flagged VIP");
  fact("self_access", "the patient is the user");
  fact("coworker_access", "the patient is a coworker");
  fact("same_department", "the patient works in the user's department");
  fact("same_last_name", "same last name as the patient");
  fact("same_address", "same address as the patient");
  fact("user_is_contact", "the user is a listed contact of the patient");
  fact("user.terminated", "the account was used after the user's termination date");
  fact("patient.deceased", "the patient is deceased");
  fact("sensitive", "the record is of a sensitive class");
  out += ",\"reasons\":[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(reasons[i], out);
  }
  out += ']';
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
  AppendReasons(rule, view, out);
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
