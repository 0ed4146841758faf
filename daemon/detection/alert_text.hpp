// The words of an alert: the summary sentence from the rule's template, and the explanation
// object with every field the rule read, the plain-language reasons (what relationship is
// missing, which risk factors hold) and, for aggregates, the measure, threshold and baseline.
#pragma once

#include <string>

#include "daemon/detection/event_view.hpp"
#include "daemon/detection/rule.hpp"

namespace phi {

// The numbers behind an aggregate, first-seen, sequence or risk alert.
struct AlertFigures {
  int64_t value = 0;  // the measure (or points, or steps)
  int64_t threshold = 0;
  std::string baseline_json;  // a JSON object, or empty
  std::string extra_json;     // more members ("key":value,...), or empty
};

std::string RenderSummary(const Rule& rule, EventView& view, const AlertFigures& figures,
                          uint64_t count);
std::string RenderExplanation(const Rule& rule, EventView& view, const AlertFigures& figures);

// Appends a field's value as JSON (null when missing); `text` renders it for a summary.
void AppendFieldValueJson(const FieldValue& value, std::string& out);
void AppendFieldValueText(const FieldValue& value, std::string& out);

}  // namespace phi
