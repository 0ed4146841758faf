// Staff proportions of the synthetic hospital (see staffing.hpp).
#include "daemon/demo/staffing.hpp"

#include <array>

namespace phi::demo {

Department PickDepartment(DemoRandom& rng) {
  // Emergency, Cardiology, Oncology, Pediatrics, Psychiatry, Radiology, Billing, HIM,
  // Registration, IT.
  static constexpr std::array<int, kDepartmentCount> kWeights = {15, 12, 12, 12, 10,
                                                                 9,  8,  6,  10, 6};
  return static_cast<Department>(rng.Weighted(kWeights));
}

Role PickRole(Department department, DemoRandom& rng) {
  switch (department) {
    case Department::kBilling:
      return Role::kBillingClerk;
    case Department::kHim:
      return Role::kHimAnalyst;
    case Department::kRegistration:
      return rng.Chance(0.7) ? Role::kRegistrar : Role::kScheduler;
    case Department::kIt:
      return Role::kItAdmin;
    case Department::kRadiology: {
      static constexpr std::array<int, 3> kWeights = {45, 25, 30};  // physician, nurse, resident
      static constexpr std::array<Role, 3> kRoles = {Role::kPhysician, Role::kNurse,
                                                     Role::kResident};
      return kRoles[rng.Weighted(kWeights)];
    }
    case Department::kPsychiatry: {
      static constexpr std::array<int, 4> kWeights = {20, 35, 15, 30};
      static constexpr std::array<Role, 4> kRoles = {Role::kPhysician, Role::kNurse,
                                                     Role::kResident, Role::kTherapist};
      return kRoles[rng.Weighted(kWeights)];
    }
    default: {
      static constexpr std::array<int, 4> kWeights = {25, 50, 17, 8};
      static constexpr std::array<Role, 4> kRoles = {Role::kPhysician, Role::kNurse,
                                                     Role::kResident, Role::kTherapist};
      return kRoles[rng.Weighted(kWeights)];
    }
  }
}

Shift PickShift(Department department, Role role, DemoRandom& rng) {
  switch (role) {
    case Role::kNurse:
    case Role::kResident:
    case Role::kPhysician:
      if (department == Department::kEmergency)
        return rng.Chance(0.35) ? Shift::kNight : Shift::kDay;
      if (department == Department::kRadiology)
        return rng.Chance(0.1) ? Shift::kNight : Shift::kDay;
      return rng.Chance(role == Role::kNurse ? 0.2 : 0.08) ? Shift::kNight : Shift::kDay;
    case Role::kRegistrar:
      return rng.Chance(0.25) ? Shift::kNight : Shift::kDay;
    case Role::kTherapist:
      return Shift::kDay;
    default:
      return Shift::kOffice;
  }
}

int UsualDailyPatients(Role role, DemoRandom& rng) {
  switch (role) {
    case Role::kPhysician:
      return static_cast<int>(rng.Between(8, 16));
    case Role::kResident:
      return static_cast<int>(rng.Between(6, 12));
    case Role::kNurse:
      return static_cast<int>(rng.Between(5, 10));
    case Role::kTherapist:
      return static_cast<int>(rng.Between(5, 9));
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

}  // namespace phi::demo
