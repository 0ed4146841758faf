// Watches the feeds themselves: a `silence` rule raises an alert when a source has sent no
// event for longer than the rule allows (records that all fail to parse are silence too) (a stopped
// EHR interface or a broken log shipper is an incident too). Wall-clock based, so it runs beside
// the event-driven engine; one alert per silent spell, with an id derived from the source and its
// last data, so restarts do not repeat it.
#pragma once

#include <string>
#include <vector>

#include "daemon/detection/detection_engine.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

class SourceSilenceWatch {
 public:
  // `sources` are the configured source names; `started` is when the daemon started (a source
  // that never sent anything is silent since then).
  SourceSilenceWatch(std::vector<std::string> sources, TimeMicros started)
      : sources_(std::move(sources)), started_(started) {}

  // Appends an alert for every source silent beyond a silence rule's limit.
  void Check(const RuleSet& rules, const TimelineStats& stats, TimeMicros now,
             const DetectionSettings& settings, std::vector<AlertChange>& out) const;

 private:
  std::vector<std::string> sources_;
  TimeMicros started_;
};

}  // namespace phi
