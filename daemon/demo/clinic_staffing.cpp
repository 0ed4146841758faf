// The clinic's staffing plan (see clinic_staffing.hpp).
#include "daemon/demo/clinic_staffing.hpp"

#include <array>
#include <cmath>

#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

// Roles in the order they are guaranteed a first person, with their share of the staff.
constexpr std::array<Role, 8> kRoles = {
    Role::kTherapist,    Role::kFrontDesk,    Role::kBillingClerk,      Role::kItAdmin,
    Role::kPsychiatrist, Role::kPsychologist, Role::kIntakeCoordinator, Role::kNurse};
constexpr std::array<double, 8> kShares = {0.475, 0.10, 0.075, 0.025, 0.10, 0.10, 0.05, 0.05};

std::vector<Role> RoleList(int staff) {
  std::array<int, 8> counts{};
  int total = 0;
  for (size_t k = 0; k < kRoles.size(); ++k) {
    counts[k] = static_cast<int>(std::floor(staff * kShares[k]));
    if (counts[k] == 0 && static_cast<int>(k) < staff) counts[k] = 1;
    total += counts[k];
  }
  for (size_t k = kRoles.size(); total > staff && k-- > 1;) {  // tiny clinics: drop the last
    while (counts[k] > 0 && total > staff) --counts[k], --total;
  }
  counts[0] += staff - total;
  std::vector<Role> roles;
  for (size_t k = 0; k < kRoles.size(); ++k) roles.insert(roles.end(), counts[k], kRoles[k]);
  return roles;
}

void Hours(Employee& e, int start_minute, int minutes, uint8_t weekdays) {
  e.shift = Shift::kOffice;
  e.office_start_minute = static_cast<int16_t>(start_minute);
  e.office_minutes = static_cast<int16_t>(minutes);
  e.office_weekdays = weekdays;
}

uint8_t DropWeekdays(uint8_t weekdays, int count, DemoRandom& rng) {
  for (int k = 0; k < count; ++k) weekdays &= static_cast<uint8_t>(~(1u << rng.Between(1, 5)));
  return weekdays;
}

void PlanClinicSchedule(Employee& e, int& front_desk_seen, DemoRandom& rng) {
  switch (e.role) {
    case Role::kTherapist:
    case Role::kPsychologist: {
      static constexpr int kStarts[] = {8 * 60, 8 * 60, 9 * 60, 10 * 60, 12 * 60};
      uint8_t days = kMondayToFriday;
      if (rng.Chance(0.25)) days = DropWeekdays(days, 1, rng);
      if (rng.Chance(0.10)) days = static_cast<uint8_t>(DropWeekdays(days, 1, rng) | (1u << 6));
      Hours(e, rng.Pick(std::span<const int>(kStarts)), 8 * 60, days);
      e.notes_from_home = rng.Chance(kNotesFromHomeShare);
      e.daily_patients = static_cast<uint16_t>(rng.Between(5, 8));
      return;
    }
    case Role::kPsychiatrist:
      Hours(e, 8 * 60, 9 * 60,
            rng.Chance(0.3) ? DropWeekdays(kMondayToFriday, 2, rng) : kMondayToFriday);
      e.notes_from_home = rng.Chance(kNotesFromHomeShare);
      e.daily_patients = static_cast<uint16_t>(rng.Between(8, 14));
      return;
    case Role::kNurse:
      Hours(e, 8 * 60, 8 * 60 + 30, kMondayToFriday);
      e.daily_patients = static_cast<uint16_t>(rng.Between(6, 12));
      return;
    case Role::kFrontDesk: {
      // Early and late desks alternate; the first desk also opens on Saturday mornings.
      const bool late = front_desk_seen % 2 == 1;
      Hours(e, late ? 11 * 60 + 45 : 7 * 60 + 30, 8 * 60 + 30, kMondayToFriday);
      if (front_desk_seen == 0) e.office_weekdays = static_cast<uint8_t>(0b1111100);
      ++front_desk_seen;
      e.daily_patients = static_cast<uint16_t>(rng.Between(20, 40));
      e.batch_rows = static_cast<uint16_t>(rng.Between(15, 45));
      return;
    }
    case Role::kIntakeCoordinator:
      Hours(e, 8 * 60 + 30, 8 * 60 + 30, kMondayToFriday);
      e.daily_patients = static_cast<uint16_t>(rng.Between(4, 8));
      return;
    case Role::kBillingClerk:
      Hours(e, 8 * 60, 8 * 60 + 30, kMondayToFriday);
      e.daily_patients = static_cast<uint16_t>(rng.Between(15, 30));
      e.batch_rows = static_cast<uint16_t>(rng.Between(10, 50));
      return;
    case Role::kItAdmin:  // part time: Tuesdays and Thursdays
      Hours(e, 9 * 60, 6 * 60, static_cast<uint8_t>((1u << 2) | (1u << 4)));
      e.batch_rows = 25;
      return;
    default:
      return;
  }
}

}  // namespace

bool IsClinician(Role role) {
  return role == Role::kTherapist || role == Role::kPsychologist || role == Role::kPsychiatrist;
}

void StaffClinic(Hospital& h, DemoRandom& rng) {
  std::vector<Role> roles = RoleList(h.options.employees);
  rng.Shuffle(roles);
  const size_t first = h.employees.size();
  int front_desk_seen = 0;
  for (Role role : roles) {
    Employee e;
    e.role = role;
    e.department = role == Role::kBillingClerk || role == Role::kItAdmin
                       ? Department::kAdministration
                       : Department::kBehavioralHealth;
    PlanClinicSchedule(e, front_desk_seen, rng);
    PlanLeave(e, h.options.days, rng);
    h.employees.push_back(std::move(e));
  }
  // Supervision: pre-licensed therapists under a psychologist (or a licensed therapist).
  std::vector<int32_t> supervisors, therapists, prescribers, talkers;
  for (size_t i = first; i < h.employees.size(); ++i) {
    const Role role = h.employees[i].role;
    if (role == Role::kPsychologist) supervisors.push_back(static_cast<int32_t>(i));
    if (role == Role::kTherapist) therapists.push_back(static_cast<int32_t>(i));
    if (role == Role::kPsychiatrist) prescribers.push_back(static_cast<int32_t>(i));
    if (role == Role::kTherapist || role == Role::kPsychologist) {
      talkers.push_back(static_cast<int32_t>(i));
    }
  }
  if (supervisors.empty() && therapists.size() > 1) supervisors.push_back(therapists.front());
  size_t next = 0;
  for (int32_t t : therapists) {
    if (supervisors.empty() || supervisors.front() == t || !rng.Chance(kSupervisedShare)) continue;
    h.employees[static_cast<size_t>(t)].supervisor = supervisors[next++ % supervisors.size()];
  }
  // Each clinician has a colleague of the same kind who covers their caseload during leave.
  for (const auto* pool : {&talkers, &prescribers}) {
    if (pool->size() < 2) continue;
    for (size_t k = 0; k < pool->size(); ++k) {
      size_t other = (k + 1 + rng.Below(static_cast<uint32_t>(pool->size() - 1))) % pool->size();
      h.employees[static_cast<size_t>((*pool)[k])].covered_by = (*pool)[other];
    }
  }
}

}  // namespace phi::demo
