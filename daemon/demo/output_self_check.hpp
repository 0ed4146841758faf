// The generator checks its own output before writing it: events in order inside the window, each
// incident's precondition true in the feeds and its victim outside the user's care, and routine
// work free of what the product calls an incident, so incidents.jsonl is the whole truth.
#pragma once

#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/demo/access_event.hpp"
#include "daemon/demo/care_history.hpp"
#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/incident_injector.hpp"

namespace phi::demo {

// REQUIRES: `events` sorted by time and holding the incidents' events.
Status CheckGeneratedOutput(const Hospital& hospital, const CareHistory& history,
                            const std::vector<Incident>& incidents,
                            const std::vector<AccessEvent>& events);

}  // namespace phi::demo
