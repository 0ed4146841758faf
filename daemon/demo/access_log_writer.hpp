// Writes the hospital's access logs: ehr_access.jsonl (canonical phi-json, the EHR's own audit
// trail) and ehr_export.csv (the lab & imaging viewer's access-log export, ACCESS_TIME in UTC),
// and the labels: incidents.jsonl. Events are written in time order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/demo/access_event.hpp"
#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/incident_injector.hpp"

namespace phi::demo {

struct AccessLogCounts {
  uint64_t jsonl_events = 0;
  uint64_t export_rows = 0;
};

// REQUIRES: `events` sorted by time; `dir` exists. Events flagged kAccessAncillary go to the
// export, all others to the JSON lines log.
Result<AccessLogCounts> WriteAccessLogs(const Hospital& hospital,
                                        const std::vector<AccessEvent>& events,
                                        const std::string& dir);

// One JSON object per line: scenario, user, patient (MRN or empty), ts, description.
Status WriteIncidents(const Hospital& hospital, const std::vector<Incident>& incidents,
                      const std::string& path);

}  // namespace phi::demo
