// One synthetic EHR chart view for the timeline benchmarks that commit events directly
// (query_bench, retention_bench): a random user of `users` viewing a random patient of
// `patients` (MRN0000000-style ids) from one of 500 workstations.
#pragma once

#include <cstdio>
#include <random>
#include <string>

#include "daemon/event/event.hpp"

namespace phi::bench {

inline std::string Mrn(uint64_t i) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "MRN%07llu", static_cast<unsigned long long>(i));
  return buf;
}

inline void FillChartView(Event& e, TimeMicros ts, uint64_t users, uint64_t patients,
                          std::mt19937_64& rng) {
  e.ts = ts;
  e.user = "u" + std::to_string(rng() % users);
  e.patient = Mrn(rng() % patients);
  e.action = "view";
  e.record_type = "clinical_note";
  e.workstation = "ws-" + std::to_string(rng() % 500);
  e.client_ip = "10.1.2.3";
  e.outcome = "success";
  e.source = "bench";
}

}  // namespace phi::bench
