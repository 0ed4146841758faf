// The words of an alert: the summary sentence from the rule's template; the explanation, plain
// sentences a reviewer reads (what happened, the risk factors, which explanations were checked
// and why none held, what the user usually does); and the evidence, a JSON object with every
// field the rule read, the explanation found, and for aggregates the measure, threshold and
// baselines. Built only when an alert is raised.
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
  // For the sentences: the user's and the peers' usual daily values (negative: none).
  double user_median = -1;
  double peer_median = -1;
  std::string peer_group;
  std::string detail;  // a sentence of the rule kind's own (first-seen value, risk observations)
};

std::string RenderSummary(const Rule& rule, EventView& view, const AlertFigures& figures,
                          uint64_t count);
std::string RenderExplanation(const Rule& rule, EventView& view, const AlertFigures& figures);
std::string RenderEvidence(const Rule& rule, EventView& view, const AlertFigures& figures);

// Appends a field's value as JSON (null when missing); `text` renders it for a summary.
void AppendFieldValueJson(const FieldValue& value, std::string& out);
void AppendFieldValueText(const FieldValue& value, std::string& out);

}  // namespace phi
