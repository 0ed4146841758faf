// Generates the hospital's encounters feed (see encounter_generator.hpp).
#include "daemon/demo/encounter_generator.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/care_patient_picker.hpp"
#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

struct DepartmentStaff {
  int care_team = 0;
  std::vector<uint32_t> physicians;
};

// New encounters per care-team member per day, and how long a stay lasts (nights).
struct DepartmentLoad {
  double per_staff_day;
  int min_nights;
  int max_nights;
};

DepartmentLoad LoadOf(Department d) {
  switch (d) {
    case Department::kEmergency:
      return {1.5, 0, 0};
    case Department::kPsychiatry:
      return {0.15, 3, 14};
    case Department::kPediatrics:
      return {0.25, 1, 5};
    case Department::kObstetrics:
      return {0.30, 1, 3};
    default:
      return {0.22, 1, 8};
  }
}

class EncounterMaker {
 public:
  EncounterMaker(Hospital& h, const std::vector<DepartmentStaff>& staff)
      : h_(h), staff_(staff), picker_(h) {}

  void EmergencyDay(int day, DemoRandom& rng) {
    const DepartmentStaff& ed = staff_[static_cast<size_t>(Department::kEmergency)];
    double expected = LoadOf(Department::kEmergency).per_staff_day * ed.care_team;
    if (h_.InSurge(day)) expected *= kSurgeArrivalFactor;
    const auto count = static_cast<int>(expected + rng.Unit());
    const TimeMicros midnight = h_.DayStart(day);
    static constexpr int kArrivalByHour[24] = {3, 2, 2, 2, 2, 3, 4, 6, 8, 9, 9, 9,
                                               9, 9, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4};
    for (int k = 0; k < count; ++k) {
      Encounter e;
      e.department = Department::kEmergency;
      e.admitted = midnight + static_cast<int64_t>(rng.Weighted(kArrivalByHour)) * kMicrosPerHour +
                   rng.Between(0, kMicrosPerHour - 1);
      e.discharged =
          e.admitted + (rng.Chance(0.1) ? rng.Between(12, 30) * kMicrosPerHour
                                        : rng.Between(2 * kMicrosPerHour, 10 * kMicrosPerHour));
      if (!Assign(e, h_.start_day + day, h_.start_day + day + 2, rng)) return;
      const Encounter ed_visit = Push(e);
      if (rng.Chance(kEdAdmitShare)) AdmitFromEmergency(ed_visit, rng);
    }
  }

  void WardDay(Department d, int day, DemoRandom& rng) {
    const DepartmentStaff& s = staff_[static_cast<size_t>(d)];
    double expected = LoadOf(d).per_staff_day * s.care_team;
    const bool weekend = h_.Weekday(day) == 0 || h_.Weekday(day) == 6;
    if (weekend) expected *= 0.5;
    if (h_.InSurge(day) && d == Department::kInternalMedicine) expected *= kSurgeArrivalFactor;
    const auto count = static_cast<int>(expected + rng.Unit());
    const TimeMicros midnight = h_.DayStart(day);
    for (int k = 0; k < count; ++k) {
      Encounter e;
      e.department = d;
      e.scheduled = !weekend && rng.Chance(kElectiveShare);
      e.admitted = midnight + (e.scheduled ? rng.Between(6 * kMicrosPerHour, 10 * kMicrosPerHour)
                                           : rng.Between(10 * kMicrosPerHour, 22 * kMicrosPerHour));
      Stay(e, rng);
      if (!Assign(e, h_.start_day + day, h_.EpochDay(std::min(e.discharged, h_.End())), rng)) {
        return;
      }
      Push(e);
    }
  }

 private:
  // A ward admission straight from the ED visit `ed`.
  void AdmitFromEmergency(const Encounter& ed, DemoRandom& rng) {
    const int64_t today = h_.EpochDay(ed.admitted);
    const int64_t age_days = today - h_.patients[ed.patient].dob_day;
    Department d;
    if (age_days < 18 * 365) {
      d = Department::kPediatrics;
    } else {
      static constexpr std::array<Department, 5> kWards = {
          Department::kInternalMedicine, Department::kCardiology, Department::kOncology,
          Department::kPsychiatry, Department::kObstetrics};
      static constexpr std::array<int, 5> kWeights = {50, 22, 9, 11, 8};
      d = kWards[rng.Weighted(kWeights)];
      if (d == Department::kObstetrics && age_days >= 46 * 365) d = Department::kInternalMedicine;
    }
    const DepartmentStaff& s = staff_[static_cast<size_t>(d)];
    if (s.physicians.empty() || ed.discharged == kNever) return;
    Encounter e;
    e.department = d;
    e.patient = ed.patient;
    e.attending = rng.Pick(s.physicians);
    e.admitted = ed.discharged;
    Stay(e, rng);
    Push(e);
  }

  void Stay(Encounter& e, DemoRandom& rng) const {
    const DepartmentLoad load = LoadOf(e.department);
    const TimeMicros midnight = e.admitted - FloorMod(e.admitted - h_.options.start);
    const int64_t nights = std::min(rng.Between(load.min_nights, load.max_nights),
                                    rng.Between(load.min_nights, load.max_nights));
    e.discharged =
        midnight + nights * kMicrosPerDay + rng.Between(9 * kMicrosPerHour, 15 * kMicrosPerHour);
    if (e.discharged <= e.admitted) e.discharged = e.admitted + 4 * kMicrosPerHour;
  }

  static TimeMicros FloorMod(TimeMicros t) {
    return t - FloorDiv(t, kMicrosPerDay) * kMicrosPerDay;
  }

  bool Assign(Encounter& e, int64_t from, int64_t to, DemoRandom& rng) {
    auto patient = picker_.Pick(e.department, from, to, rng);
    if (!patient) return false;
    e.patient = *patient;
    const DepartmentStaff& s = staff_[static_cast<size_t>(e.department)];
    e.attending = rng.Pick(s.physicians);
    return true;
  }

  Encounter Push(Encounter e) {
    e.admitted -= e.admitted % 1000;  // whole milliseconds
    e.discharged -= e.discharged % 1000;
    if (e.discharged >= h_.End()) e.discharged = kNever;
    h_.encounters.push_back(e);
    return e;
  }

  Hospital& h_;
  const std::vector<DepartmentStaff>& staff_;
  CarePatientPicker picker_;
};

}  // namespace

void GenerateEncounters(Hospital& h) {
  std::vector<DepartmentStaff> staff(kDepartmentCount);
  for (uint32_t i = 0; i < h.employees.size(); ++i) {
    const Employee& e = h.employees[i];
    if (!IsCareTeamRole(e.role) || !HoldsEncounters(e.department)) continue;
    if (e.terminated_day != kNoDay && e.terminated_day <= h.start_day) continue;
    auto& s = staff[static_cast<size_t>(e.department)];
    ++s.care_team;
    if (e.role == Role::kPhysician) s.physicians.push_back(i);
  }
  if (h.patients.empty()) return;
  EncounterMaker maker(h, staff);
  for (int d = 0; d < kDepartmentCount; ++d) {
    const auto dept = static_cast<Department>(d);
    const bool emergency = dept == Department::kEmergency;
    if (!emergency && !IsWard(dept)) continue;
    if (staff[static_cast<size_t>(d)].physicians.empty()) continue;
    for (int day = -kHistoryDays; day < h.options.days; ++day) {
      DemoRandom rng(DeriveSeed(h.options.seed, {Salt("encounters"), static_cast<uint64_t>(d),
                                                 static_cast<uint64_t>(day + kHistoryDays)}));
      if (emergency) {
        maker.EmergencyDay(day, rng);
      } else {
        maker.WardDay(dept, day, rng);
      }
    }
  }
  std::stable_sort(h.encounters.begin(), h.encounters.end(),
                   [](const Encounter& a, const Encounter& b) { return a.admitted < b.admitted; });
}

}  // namespace phi::demo
