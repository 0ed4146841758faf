// The whole synthetic organisation generated in memory, step by step: people, care feeds
// (encounters, appointments, consults), their indexes, incidents, routine work, and all the
// events in time order. `phi-demo-gen hospital` writes it; the tests inspect it.
#pragma once

#include <memory>
#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/appointment_index.hpp"
#include "daemon/demo/care_history.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/incident_injector.hpp"

namespace phi::demo {

struct SyntheticWorld {
  Hospital hospital;
  std::unique_ptr<EncounterIndex> encounters;  // the indexes point into `hospital`
  std::unique_ptr<AppointmentIndex> appointments;
  std::unique_ptr<CareHistory> history;
  InjectedIncidents incidents;
  std::vector<AccessEvent> events;  // routine work and incidents, sorted by time
};

// Deterministic: the same options give the same world.
std::unique_ptr<SyntheticWorld> BuildSyntheticWorld(const HospitalOptions& options);

}  // namespace phi::demo
