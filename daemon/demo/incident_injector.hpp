// Injects labelled incidents, one kind per scenario of PRODUCT.md (VIP, coworker, family,
// neighbour, self, terminated, bulk export, volume spike, after hours, failed bursts, break-glass,
// deceased, consecutive MRNs, listed contact). It prepares the context each one needs (a
// termination date, a patient at the user's address...) and returns the accesses that make it.
// The work is done by IncidentBuilder (incident_builder.hpp and incident_scenarios_*.cpp).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

struct Incident {
  std::string scenario;
  uint32_t user = 0;     // employee index
  int32_t patient = -1;  // patient index; -1 when it concerns many patients or none
  TimeMicros ts = 0;     // time of its first access
  std::string description;
};

struct InjectedIncidents {
  std::vector<Incident> incidents;
  std::vector<AccessEvent> events;   // event.incident is 1 + the index into incidents
  std::vector<std::string> skipped;  // why a planned incident could not be made
};

// The scenario labels, in the order incidents are made and written.
std::span<const std::string_view> ScenarioNames();

// How many incidents of each scenario a hospital of this size gets by default.
int DefaultIncidentsPerScenario(const HospitalOptions& options);

// REQUIRES: encounters generated and indexed; routine access not generated yet (this sets
// termination dates and rewrites patients that have no encounters, which routine work reads).
InjectedIncidents InjectIncidents(Hospital& hospital, const EncounterIndex& index);

}  // namespace phi::demo
