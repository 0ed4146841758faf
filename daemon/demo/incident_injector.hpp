// Injects labelled incidents, one kind per scenario of PRODUCT.md plus sensitive_wrong_role, each
// with its own user and a victim nobody in the user's units ever treated; it prepares the context
// each needs (a termination date, a relative's record...). The work is done by IncidentBuilder.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/care_history.hpp"
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

// How many incidents of each scenario by default: about kIncidentsPerThousandUserDays per 1,000
// user-days in all, at least one of each.
int DefaultIncidentsPerScenario(const HospitalOptions& options);

// The scenario whose victim the user legitimately works with (a client they check in or bill).
inline constexpr std::string_view kSensitiveWrongRole = "sensitive_wrong_role";

// REQUIRES: care feeds generated and indexed; routine access not generated yet (this sets
// termination dates and rewrites patients with no care at all, which routine work reads).
InjectedIncidents InjectIncidents(Hospital& hospital, const CareHistory& history);

}  // namespace phi::demo
