// The benchmark stream's staff mix (see stream_staffing.hpp).
#include "daemon/demo/stream_staffing.hpp"

#include <array>

namespace phi::demo {

Department PickDepartment(DemoRandom& rng) {
  // Emergency, Cardiology, Oncology, Pediatrics, Psychiatry, Radiology, Billing, HIM,
  // Registration, IT; none in the departments added later.
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

}  // namespace phi::demo
