// The generation steps, in order (see synthetic_world.hpp).
#include "daemon/demo/synthetic_world.hpp"

#include <algorithm>

#include "daemon/demo/access_generator.hpp"
#include "daemon/demo/appointment_generator.hpp"
#include "daemon/demo/clinic_caseload.hpp"
#include "daemon/demo/consult_generator.hpp"
#include "daemon/demo/encounter_generator.hpp"
#include "daemon/demo/roster.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

void GenerateCareFeeds(Hospital& h) {
  if (h.clinic()) {
    GenerateClinicCaseload(h);
  } else {
    GenerateEncounters(h);
    // Who is on duty over the whole reach of the feeds, before any incident ends a contract.
    const Roster planned(h, -kHistoryDays - 1, h.options.days + kBookedAheadDays,
                         /*window_only=*/false);
    GenerateHospitalAppointments(h, planned);
    GenerateConsults(h, planned);
  }
  SortCareFeeds(h);
}

}  // namespace

std::unique_ptr<SyntheticWorld> BuildSyntheticWorld(const HospitalOptions& options) {
  auto world = std::make_unique<SyntheticWorld>();
  Hospital& h = world->hospital;
  h = BuildPopulation(options);
  GenerateCareFeeds(h);
  world->encounters = std::make_unique<EncounterIndex>(h);
  world->appointments = std::make_unique<AppointmentIndex>(h);
  world->history = std::make_unique<CareHistory>(h, *world->encounters, *world->appointments);
  world->incidents = InjectIncidents(h, *world->history);

  UserPatientPairs avoid;
  for (const AccessEvent& e : world->incidents.events) {
    const Incident& incident = world->incidents.incidents[e.incident - 1u];
    if (e.patient >= 0 && incident.scenario != kSensitiveWrongRole) {
      avoid.insert(PairKey(e.user, static_cast<uint32_t>(e.patient)));
    }
  }
  auto& events = world->events;
  GenerateRoutineAccess(h, *world->encounters, *world->appointments, avoid, events);
  events.insert(events.end(), world->incidents.events.begin(), world->incidents.events.end());
  std::stable_sort(events.begin(), events.end(),
                   [](const AccessEvent& a, const AccessEvent& b) { return a.ts < b.ts; });
  return world;
}

}  // namespace phi::demo
