// The benchmark stream's access model (see synthetic_access.hpp).
#include "daemon/demo/synthetic_access.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/stream_staffing.hpp"

namespace phi::demo {

SyntheticAccessSource::SyntheticAccessSource(uint64_t seed, uint32_t users, uint32_t patients,
                                             TimeMicros start)
    : rng_(DeriveSeed(seed, {Salt("stream")})),
      users_(users),
      patients_(patients),
      now_(start - start % 1000) {
  DemoRandom staff(DeriveSeed(seed, {Salt("stream-staff")}));
  departments_.resize(users);
  roles_.resize(users);
  panels_.resize(users);
  for (uint32_t u = 0; u < users; ++u) {
    Department d = PickDepartment(staff);
    departments_[u] = static_cast<uint8_t>(d);
    roles_[u] = static_cast<uint8_t>(PickRole(d, staff));
    panels_[u] = staff.Below(patients);
  }
}

TimeMicros SyntheticAccessSource::NextTime() {
  now_ += rng_.Between(1, 9) * 1000;
  return now_;
}

uint32_t SyntheticAccessSource::PickMrn(uint32_t user) {
  if (rng_.Chance(0.3)) return 1 + rng_.Below(patients_);
  uint32_t panel = std::min<uint32_t>(patients_, 300);
  return 1 + (panels_[user - 1] + rng_.Below(panel)) % patients_;
}

void SyntheticAccessSource::Next(SyntheticAccess& a, bool export_actions_only) {
  static constexpr std::array<Action, 8> kActions = {
      Action::kView,  Action::kUpdate, Action::kCreate, Action::kPrint,
      Action::kQuery, Action::kExport, Action::kLogin,  Action::kLogout};
  static constexpr std::array<int, 8> kActionWeights = {780, 80, 40, 30, 20, 5, 22, 22};
  static constexpr std::array<int, 8> kExportActionWeights = {860, 90, 0, 40, 0, 10, 0, 0};
  static constexpr std::array<RecordType, 10> kTypes = {
      RecordType::kDemographics, RecordType::kClinicalNote, RecordType::kLabResult,
      RecordType::kMedication,   RecordType::kImaging,      RecordType::kPsychotherapyNote,
      RecordType::kSudTreatment, RecordType::kHivResult,    RecordType::kBillingStatement,
      RecordType::kSchedule};
  static constexpr std::array<int, 10> kTypeWeights = {15, 30, 20, 15, 10, 3, 2, 1, 2, 2};

  a.ts = NextTime();
  a.user = RandomUser();
  a.department = static_cast<Department>(departments_[a.user - 1]);
  a.role = static_cast<Role>(roles_[a.user - 1]);
  a.workstation = static_cast<uint16_t>(1 + a.user % 40);
  a.action = kActions[rng_.Weighted(export_actions_only ? kExportActionWeights : kActionWeights)];
  a.failure = rng_.Chance(0.003);
  a.record_count = 1;
  if (a.action == Action::kLogin || a.action == Action::kLogout) {
    a.mrn = 0;
    a.record_type = RecordType::kNone;
    return;
  }
  if (a.action == Action::kQuery) {  // a search: many rows, no single patient
    a.mrn = 0;
    a.record_type = RecordType::kDemographics;
    a.record_count = static_cast<int32_t>(rng_.Between(1, 500));
    return;
  }
  a.mrn = PickMrn(a.user);
  switch (a.department) {
    case Department::kBilling:
      a.record_type = RecordType::kBillingStatement;
      break;
    case Department::kRegistration:
      a.record_type = rng_.Chance(0.5) ? RecordType::kSchedule : RecordType::kDemographics;
      break;
    default:
      a.record_type = kTypes[rng_.Weighted(kTypeWeights)];
  }
  if (a.action == Action::kExport) a.record_count = static_cast<int32_t>(rng_.Between(1, 50));
}

}  // namespace phi::demo
