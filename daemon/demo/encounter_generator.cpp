// Generates the encounters feed (see encounter_generator.hpp).
#include "daemon/demo/encounter_generator.hpp"

#include <algorithm>
#include <optional>

#include "daemon/demo/demo_random.hpp"

namespace phi::demo {
namespace {

struct DepartmentStaff {
  std::vector<uint32_t> care_team;
  std::vector<uint32_t> physicians;
};

// New encounters per care-team member per day, and the share that are short outpatient visits.
struct DepartmentLoad {
  double per_staff_day;
  double outpatient_share;
  int min_stay_days;
  int max_stay_days;
};

DepartmentLoad LoadOf(Department d) {
  switch (d) {
    case Department::kEmergency:
      return {2.0, 0.0, 0, 0};
    case Department::kRadiology:
      return {2.5, 1.0, 0, 0};
    case Department::kPsychiatry:
      return {0.8, 0.75, 3, 14};
    default:
      return {0.8, 0.6, 1, 8};
  }
}

bool IsWeekend(int64_t day_since_epoch) {
  int64_t weekday = (day_since_epoch + 4) % 7;  // 0 = Sunday
  return weekday == 0 || weekday == 6;
}

// A patient alive on `day`, preferably a child for Pediatrics; none if everyone has died.
std::optional<uint32_t> PickPatient(const Hospital& h, Department d, int64_t day, DemoRandom& rng) {
  auto n = static_cast<uint32_t>(h.patients.size());
  auto alive = [&](uint32_t i) {
    return h.patients[i].deceased_day == kNoDay || h.patients[i].deceased_day > day;
  };
  std::optional<uint32_t> adult;
  for (int tries = 0; tries < 20; ++tries) {
    uint32_t candidate = rng.Below(n);
    if (!alive(candidate)) continue;
    if (d == Department::kPediatrics && day - h.patients[candidate].dob_day > 18 * 365) {
      if (!adult) adult = candidate;
      continue;
    }
    return candidate;
  }
  if (adult) return adult;
  for (uint32_t i = 0; i < n; ++i) {
    if (alive(i)) return i;
  }
  return std::nullopt;
}

void AddDepartmentDay(Hospital& h, Department d, const DepartmentStaff& staff, int day,
                      DemoRandom& rng) {
  const DepartmentLoad load = LoadOf(d);
  const TimeMicros midnight = h.DayStart(day);
  const int64_t epoch_day = h.start_day + day;
  const bool weekend = IsWeekend(epoch_day);
  double expected = load.per_staff_day * static_cast<double>(staff.care_team.size());
  if (weekend && load.outpatient_share > 0.5) expected *= 0.3;
  auto count = static_cast<int>(expected + rng.Unit());
  const auto& attendings = staff.physicians.empty() ? staff.care_team : staff.physicians;
  for (int k = 0; k < count; ++k) {
    Encounter e;
    e.department = d;
    auto patient = PickPatient(h, d, epoch_day, rng);
    if (!patient) return;
    e.patient = *patient;
    e.attending = rng.Pick(attendings);
    bool outpatient =
        rng.Chance(load.outpatient_share) && !(weekend && d != Department::kRadiology);
    if (d == Department::kEmergency) {
      static constexpr int kArrivalByHour[24] = {3, 2, 2, 2, 2, 3, 4, 6, 8, 9, 9, 9,
                                                 9, 9, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4};
      e.admitted = midnight + static_cast<int64_t>(rng.Weighted(kArrivalByHour)) * kMicrosPerHour +
                   rng.Between(0, kMicrosPerHour - 1);
      TimeMicros stay = rng.Chance(0.1) ? rng.Between(12, 30) * kMicrosPerHour
                                        : rng.Between(2 * kMicrosPerHour, 10 * kMicrosPerHour);
      e.discharged = e.admitted + stay;
    } else if (outpatient) {
      bool around_the_clock = d == Department::kRadiology && rng.Chance(0.3);
      TimeMicros opens = around_the_clock ? 0 : 8 * kMicrosPerHour;
      TimeMicros closes = around_the_clock ? 24 * kMicrosPerHour : 17 * kMicrosPerHour;
      e.admitted = midnight + rng.Between(opens, closes - kMicrosPerHour);
      TimeMicros length = d == Department::kPsychiatry
                              ? 50 * kMicrosPerMinute
                              : rng.Between(20 * kMicrosPerMinute, 90 * kMicrosPerMinute);
      e.discharged = e.admitted + length;
    } else {
      e.admitted = midnight + rng.Between(6 * kMicrosPerHour, 22 * kMicrosPerHour);
      int64_t nights = std::min(rng.Between(load.min_stay_days, load.max_stay_days),
                                rng.Between(load.min_stay_days, load.max_stay_days));
      e.discharged =
          midnight + nights * kMicrosPerDay + rng.Between(9 * kMicrosPerHour, 15 * kMicrosPerHour);
      if (e.discharged <= e.admitted) e.discharged = e.admitted + 4 * kMicrosPerHour;
    }
    e.admitted -= e.admitted % 1000;  // whole milliseconds
    e.discharged -= e.discharged % 1000;
    if (e.discharged >= h.End()) e.discharged = kNever;
    h.encounters.push_back(e);
  }
}

}  // namespace

void GenerateEncounters(Hospital& h) {
  std::vector<DepartmentStaff> staff(kDepartmentCount);
  for (uint32_t i = 0; i < h.employees.size(); ++i) {
    const Employee& e = h.employees[i];
    if (!IsCareTeamRole(e.role) || !HoldsEncounters(e.department)) continue;
    if (e.terminated_day != kNoDay && e.terminated_day <= h.start_day) continue;
    auto& s = staff[static_cast<size_t>(e.department)];
    s.care_team.push_back(i);
    if (e.role == Role::kPhysician) s.physicians.push_back(i);
  }
  if (h.patients.empty()) return;
  for (int d = 0; d < kDepartmentCount; ++d) {
    const auto dept = static_cast<Department>(d);
    if (!HoldsEncounters(dept) || staff[static_cast<size_t>(d)].care_team.empty()) continue;
    for (int day = -kEncounterLookbackDays; day < h.options.days; ++day) {
      DemoRandom rng(
          DeriveSeed(h.options.seed, {Salt("encounters"), static_cast<uint64_t>(d),
                                      static_cast<uint64_t>(day + kEncounterLookbackDays)}));
      AddDepartmentDay(h, dept, staff[static_cast<size_t>(d)], day, rng);
    }
  }
  std::stable_sort(h.encounters.begin(), h.encounters.end(),
                   [](const Encounter& a, const Encounter& b) { return a.admitted < b.admitted; });
}

}  // namespace phi::demo
