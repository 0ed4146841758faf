// The hospital's staffing plan (see hospital_staffing.hpp).
#include "daemon/demo/hospital_staffing.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

struct RoleShare {
  Role role;
  int weight;
};

Department PickHospitalDepartment(DemoRandom& rng) {
  static constexpr std::array<int, kDepartmentCount> kWeights = {
      12,  // Emergency
      8,   // Cardiology
      8,   // Oncology
      8,   // Pediatrics
      7,   // Psychiatry
      6,   // Radiology
      6,   // Billing
      5,   // HIM
      9,   // Registration
      4,   // IT
      14,  // Internal Medicine
      6,   // Obstetrics
      4,   // Float Pool
      0,   // Behavioral Health (the clinic's)
      0,   // Administration (the clinic's)
  };
  return static_cast<Department>(rng.Weighted(kWeights));
}

Role PickHospitalRole(Department d, DemoRandom& rng) {
  auto pick = [&](std::initializer_list<RoleShare> shares) {
    std::array<int, 8> weights{};
    size_t n = 0;
    for (const RoleShare& s : shares) weights[n++] = s.weight;
    size_t i = rng.Weighted(std::span<const int>(weights.data(), n));
    return (shares.begin() + i)->role;
  };
  switch (d) {
    case Department::kBilling:
      return Role::kBillingClerk;
    case Department::kHim:
      return Role::kHimAnalyst;
    case Department::kRegistration:
      return rng.Chance(0.6) ? Role::kRegistrar : Role::kScheduler;
    case Department::kIt:
      return Role::kItAdmin;
    case Department::kFloatPool:
      return Role::kNurse;
    case Department::kRadiology:
      return pick({{Role::kPhysician, 45}, {Role::kNurse, 35}, {Role::kResident, 20}});
    case Department::kPsychiatry:
      return pick({{Role::kPhysician, 18},
                   {Role::kNurse, 35},
                   {Role::kResident, 15},
                   {Role::kTherapist, 22},
                   {Role::kPsychologist, 10}});
    case Department::kEmergency:
      return pick({{Role::kPhysician, 22},
                   {Role::kNurse, 52},
                   {Role::kResident, 18},
                   {Role::kTherapist, 8}});
    case Department::kPediatrics:
      return pick({{Role::kPhysician, 22},
                   {Role::kNurse, 55},
                   {Role::kResident, 15},
                   {Role::kTherapist, 8}});
    case Department::kObstetrics:
      return pick({{Role::kPhysician, 20},
                   {Role::kNurse, 60},
                   {Role::kResident, 15},
                   {Role::kTherapist, 5}});
    default:  // Cardiology, Oncology, Internal Medicine
      return pick({{Role::kPhysician, 22},
                   {Role::kNurse, 50},
                   {Role::kResident, 18},
                   {Role::kTherapist, 10}});
  }
}

// Office hours starting between 07:00 and 09:30; one in seven people work part time.
void OfficeHours(Employee& e, DemoRandom& rng) {
  e.shift = Shift::kOffice;
  e.office_start_minute = static_cast<int16_t>(7 * 60 + 15 * rng.Between(0, 10));
  e.office_minutes = static_cast<int16_t>(rng.Chance(0.5) ? 8 * 60 + 30 : 9 * 60);
  e.office_weekdays = kMondayToFriday;
  if (rng.Chance(0.15)) {
    int days_off = static_cast<int>(rng.Between(1, 2));
    for (int k = 0; k < days_off; ++k) {
      e.office_weekdays &= static_cast<uint8_t>(~(1u << rng.Between(1, 5)));
    }
  }
}

void Rota(Employee& e, double night_share, int shifts_per_week, DemoRandom& rng) {
  e.shift = rng.Chance(night_share) ? Shift::kNight : Shift::kDay;
  e.shifts_per_week = static_cast<uint8_t>(shifts_per_week);
}

void PlanSchedule(Employee& e, DemoRandom& rng) {
  const Department d = e.department;
  switch (e.role) {
    case Role::kNurse:
      if (HasOutpatientClinic(d) && rng.Chance(kClinicNurseShare)) {
        OfficeHours(e, rng);
        e.office_weekdays = kMondayToFriday;
        return;
      }
      Rota(e, d == Department::kEmergency ? 0.35 : 0.22, rng.Chance(0.6) ? 3 : 4, rng);
      e.rotates_nights = rng.Chance(kRotatingNurseShare);
      return;
    case Role::kPhysician:
      if (d == Department::kEmergency) return Rota(e, 0.30, 4, rng);
      Rota(e, d == Department::kRadiology ? 0.10 : 0.08, 5, rng);
      if (e.shift == Shift::kDay && HasOutpatientClinic(d)) {
        int sessions = static_cast<int>(rng.Between(1, 3));
        for (int k = 0; k < sessions; ++k) {
          e.clinic_weekdays |= static_cast<uint8_t>(1u << rng.Between(1, 5));
        }
      }
      return;
    case Role::kResident:
      Rota(e, 0.12, 6, rng);
      if (d == Department::kInternalMedicine || d == Department::kPediatrics ||
          d == Department::kPsychiatry || d == Department::kEmergency ||
          d == Department::kObstetrics) {
        e.rotation_days = static_cast<uint8_t>(rng.Chance(0.5) ? 7 : 14);
      }
      return;
    case Role::kRegistrar:
      if (rng.Chance(0.5)) return Rota(e, 0.25, 4, rng);  // ED and admitting desks
      return OfficeHours(e, rng);                         // outpatient check-in
    case Role::kItAdmin:
      if (rng.Chance(0.10)) return Rota(e, 1.0, 4, rng);  // overnight operations
      return OfficeHours(e, rng);
    default:  // therapists, psychologists, schedulers, billing, HIM
      return OfficeHours(e, rng);
  }
}

int UsualDailyPatients(const Employee& e, DemoRandom& rng) {
  switch (e.role) {
    case Role::kPhysician:
      return static_cast<int>(rng.Between(8, 16));
    case Role::kResident:
      return static_cast<int>(rng.Between(6, 12));
    case Role::kNurse:
      return e.shift == Shift::kOffice ? static_cast<int>(rng.Between(10, 18))
                                       : static_cast<int>(rng.Between(4, 8));
    case Role::kTherapist:
    case Role::kPsychologist:
      return static_cast<int>(rng.Between(4, 8));
    case Role::kBillingClerk:
    case Role::kHimAnalyst:
      return static_cast<int>(rng.Between(12, 25));
    case Role::kRegistrar:
    case Role::kScheduler:
      return static_cast<int>(rng.Between(15, 30));
    default:
      return 0;
  }
}

int UsualBatchRows(Role role, DemoRandom& rng) {
  switch (role) {
    case Role::kBillingClerk:
      return static_cast<int>(rng.Between(15, kMaxRoutineBatchRows));
    case Role::kScheduler:
      return static_cast<int>(rng.Between(10, 40));
    case Role::kHimAnalyst:
      return static_cast<int>(rng.Between(5, 20));
    case Role::kRegistrar:
      return rng.Chance(0.5) ? static_cast<int>(rng.Between(10, 30)) : 0;
    case Role::kItAdmin:
      return kMaxItQueryRows;
    default:
      return 0;
  }
}

}  // namespace

bool IsWard(Department d) {
  switch (d) {
    case Department::kCardiology:
    case Department::kOncology:
    case Department::kPediatrics:
    case Department::kPsychiatry:
    case Department::kInternalMedicine:
    case Department::kObstetrics:
      return true;
    default:
      return false;
  }
}

bool HasOutpatientClinic(Department d) {
  return IsWard(d);
}

void PlanLeave(Employee& e, int days, DemoRandom& rng) {
  if (!rng.Chance(kLeaveShare)) return;
  e.leave_first_day = static_cast<int32_t>(rng.Between(-5, days - 1));
  e.leave_last_day = e.leave_first_day + static_cast<int32_t>(rng.Between(4, 8));
}

void StaffHospital(Hospital& h, DemoRandom& rng) {
  h.employees.reserve(static_cast<size_t>(h.options.employees) + 1);
  for (int i = 0; i < h.options.employees; ++i) {
    Employee e;
    e.department = PickHospitalDepartment(rng);
    e.role = PickHospitalRole(e.department, rng);
    PlanSchedule(e, rng);
    e.rota_offset = static_cast<uint8_t>(rng.Below(7));
    e.daily_patients = static_cast<uint16_t>(UsualDailyPatients(e, rng));
    e.batch_rows = static_cast<uint16_t>(UsualBatchRows(e.role, rng));
    PlanLeave(e, h.options.days, rng);
    h.employees.push_back(std::move(e));
  }
}

std::vector<Department> UnitsWorked(const Hospital& h, uint32_t index) {
  std::vector<Department> units{h.employees[index].department};
  for (int day = -1; day < h.options.days; ++day) {
    const Department unit = UnitOn(h, index, day);
    if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
  }
  return units;
}

Department UnitOn(const Hospital& h, uint32_t index, int64_t day) {
  const Employee& e = h.employees[index];
  if (e.department == Department::kFloatPool) {
    // Each shift wherever the wards are short that day.
    static constexpr std::array<Department, 7> kUnits = {
        Department::kInternalMedicine, Department::kInternalMedicine, Department::kCardiology,
        Department::kOncology,         Department::kEmergency,        Department::kPediatrics,
        Department::kObstetrics};
    DemoRandom rng(DeriveSeed(h.options.seed, {Salt("float"), index, static_cast<uint64_t>(day)}));
    return rng.Pick(std::span<const Department>(kUnits));
  }
  if (e.role != Role::kResident || e.rotation_days == 0) return e.department;
  const int64_t block = FloorDiv(day + e.rota_offset, e.rotation_days);
  DemoRandom rng(
      DeriveSeed(h.options.seed, {Salt("rotation"), index, static_cast<uint64_t>(block)}));
  auto pick = [&](std::initializer_list<Department> units) {
    return *(units.begin() + rng.Below(static_cast<uint32_t>(units.size())));
  };
  switch (e.department) {
    case Department::kInternalMedicine:
      return pick({Department::kInternalMedicine, Department::kInternalMedicine,
                   Department::kCardiology, Department::kOncology, Department::kEmergency});
    case Department::kPediatrics:
      return pick({Department::kPediatrics, Department::kPediatrics, Department::kEmergency,
                   Department::kObstetrics});
    case Department::kPsychiatry:
      return pick({Department::kPsychiatry, Department::kPsychiatry, Department::kEmergency,
                   Department::kInternalMedicine});
    case Department::kEmergency:
      return pick({Department::kEmergency, Department::kEmergency, Department::kInternalMedicine,
                   Department::kPediatrics});
    case Department::kObstetrics:
      return pick({Department::kObstetrics, Department::kObstetrics, Department::kEmergency});
    default:
      return e.department;
  }
}

}  // namespace phi::demo
