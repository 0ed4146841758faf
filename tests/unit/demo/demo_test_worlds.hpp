// Small synthetic worlds shared by the phi-demo-gen tests, each built once per test binary (a
// few hundred milliseconds), and helpers to ask what a user's routine work looked like.
#pragma once

#include <algorithm>

#include "daemon/demo/synthetic_world.hpp"

namespace phi::demo::testing {

inline HospitalOptions SmallHospitalOptions() {
  HospitalOptions o;
  o.employees = 400;
  o.patients = 10000;
  o.days = 10;
  o.seed = 7;
  o.start = 1'793'491'200'000'000;  // 2026-11-01T00:00:00Z
  o.incidents_per_scenario = 2;
  return o;
}

inline HospitalOptions ClinicOptions() {
  HospitalOptions o;
  o.profile = Profile::kClinic;
  o.days = 14;
  o.seed = 7;
  o.start = 1'793'491'200'000'000;
  return o;
}

inline const SyntheticWorld& SmallHospital() {
  static const auto world = BuildSyntheticWorld(SmallHospitalOptions());
  return *world;
}

inline const SyntheticWorld& SmallClinic() {
  static const auto world = BuildSyntheticWorld(ClinicOptions());
  return *world;
}

inline bool IsIncidentUser(const SyntheticWorld& w, uint32_t user) {
  return std::any_of(w.incidents.incidents.begin(), w.incidents.incidents.end(),
                     [&](const Incident& i) { return i.user == user; });
}

}  // namespace phi::demo::testing
