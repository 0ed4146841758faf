// The generator checks its own output before writing it: events in time order inside the window,
// every incident's precondition true in the context feeds (the VIP flag, the shared address...),
// and routine work free of anything a rule should flag, so incidents.jsonl is the whole truth.
#pragma once

#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/demo/access_event.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/incident_injector.hpp"

namespace phi::demo {

// REQUIRES: `events` sorted by time and holding the incidents' events.
Status CheckGeneratedOutput(const Hospital& hospital, const EncounterIndex& index,
                            const std::vector<Incident>& incidents,
                            const std::vector<AccessEvent>& events);

}  // namespace phi::demo
