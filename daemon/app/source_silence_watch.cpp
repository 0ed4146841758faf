#include "daemon/app/source_silence_watch.hpp"

#include <algorithm>

#include "daemon/common/json_writer.hpp"
#include "daemon/detection/alert_text.hpp"

namespace phi {

void SourceSilenceWatch::Check(const RuleSet& rules, const TimelineStats& stats, TimeMicros now,
                               const DetectionSettings& settings,
                               std::vector<AlertChange>& out) const {
  for (const Rule& rule : rules.rules) {
    if (rule.kind != RuleKind::kSilence) continue;
    for (const std::string& source : sources_) {
      const auto& wanted = rule.silence.sources;
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), source) == wanted.end())
        continue;
      TimeMicros last = started_;
      for (const SourceStats& s : stats.sources) {
        if (s.source == source && s.last_event_commit > last) last = s.last_event_commit;
      }
      if (now - last <= rule.silence.after) continue;
      Event event;
      event.ts = now;
      event.source = source;
      EventView view(event, nullptr, settings);
      AlertFigures figures;
      figures.value = (now - last) / (60 * kMicrosPerSecond);
      figures.threshold = rule.silence.after / (60 * kMicrosPerSecond);
      figures.extra_json = "\"source\":";
      AppendJsonString(source, figures.extra_json);
      figures.extra_json += ",\"last_data\":\"";
      AppendIsoTime(last, figures.extra_json);
      figures.extra_json += "\",\"unit\":\"minutes\"";
      Alert a;
      a.alert_id = "silent-" + source + "-" + std::to_string(last) + "-" + rule.id;
      a.rule_id = rule.id;
      a.severity = rule.severity;
      a.ts = a.last_ts = now;
      a.summary = RenderSummary(rule, view, figures, 1);
      a.explanation = RenderExplanation(rule, view, figures);
      a.evidence = RenderEvidence(rule, view, figures);
      a.tags = rule.tags;
      out.push_back({std::move(a), true});
    }
  }
}

}  // namespace phi
