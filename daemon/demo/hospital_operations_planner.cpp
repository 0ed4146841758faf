// Hospital operations (see PlanHospitalOperations in task_planning.hpp): the desks around care.
// Registration works at arrival and check-in, scheduling days ahead of a visit, billing and HIM
// days to weeks after it; release of information reaches any record, the deceased's included.
#include <algorithm>
#include <array>

#include "daemon/demo/task_planning.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::array<Role, 1> kRegistrar = {Role::kRegistrar};
constexpr std::array<Role, 1> kScheduler = {Role::kScheduler};
constexpr std::array<Role, 1> kBillingClerk = {Role::kBillingClerk};
constexpr std::array<Role, 1> kHimAnalyst = {Role::kHimAnalyst};

bool IsOutpatient(const Appointment& a) {
  switch (a.kind) {
    case AppointmentKind::kClinicVisit:
    case AppointmentKind::kFollowUpVisit:
    case AppointmentKind::kPreAdmission:
    case AppointmentKind::kReferralVisit:
      return true;
    case AppointmentKind::kImagingOrder:
      return a.encounter < 0;
    default:
      return false;
  }
}

class OperationsPlanner {
 public:
  explicit OperationsPlanner(const PlanningContext& c) : c_(c), h_(c.h) {}

  void Registration() {
    const size_t first = c_.encounters.AdmittedBy(h_.DayStart(-1));
    const size_t last = c_.encounters.AdmittedBy(h_.End());
    for (size_t i = first; i < last; ++i) {
      const Encounter& e = h_.encounters[i];
      DemoRandom rng(c_.Seed("registration", i));
      const bool ed = e.department == Department::kEmergency;
      auto desk = c_.roster.OnDuty(Department::kRegistration, kRegistrar, e.admitted, rng, 0,
                                   [&](uint32_t u) { return !OfficeHours(u); });
      if (!desk) continue;
      c_.During(
          *desk, e.patient,
          NewAt(e.patient, e.admitted) ? AccessReason::kNewPatient : AccessReason::kRegistration,
          e.admitted - (ed ? 5 : 45) * kMicrosPerMinute,
          e.admitted + (ed ? 30 : 15) * kMicrosPerMinute, ed ? 2 : 1);
    }
  }

  void Appointments() {
    auto [first, last] = c_.appointments.Between(h_.DayStart(-kBillingMaxDaysAfter - 46),
                                                 h_.DayStart(h_.options.days + 31));
    for (size_t i = first; i < last; ++i) {
      const Appointment& a = h_.appointments[i];
      if (!IsOutpatient(a)) continue;
      DemoRandom rng(c_.Seed("outpatient-desk", i));
      const int64_t day = h_.WindowDay(a.scheduled);
      if (day >= -1 && day < h_.options.days) {
        auto desk = c_.roster.OnDuty(Department::kRegistration, kRegistrar, a.scheduled, rng, 0,
                                     [&](uint32_t u) { return OfficeHours(u); });
        if (desk) {
          c_.During(
              *desk, a.patient,
              NewAt(a.patient, a.scheduled) ? AccessReason::kNewPatient : AccessReason::kCheckIn,
              a.scheduled - 20 * kMicrosPerMinute, a.scheduled + 5 * kMicrosPerMinute);
        }
      }
      Clerk(kScheduler, Department::kRegistration, day - rng.Between(1, kBookingMaxDaysAhead),
            a.patient, AccessReason::kScheduling, 1, rng);
      if (rng.Chance(kReminderCallShare)) {
        Clerk(kScheduler, Department::kRegistration, day - rng.Between(1, 2), a.patient,
              AccessReason::kScheduling, 1, rng);
      }
      Bill(a.patient, day, 1, 10, rng);
    }
  }

  void AfterStays() {
    const TimeMicros oldest = h_.DayStart(-46 - kBillingMaxDaysAfter);
    for (size_t i = 0; i < h_.encounters.size(); ++i) {
      const Encounter& e = h_.encounters[i];
      if (e.discharged == kNever || e.discharged < oldest) continue;
      DemoRandom rng(c_.Seed("after-stay", i));
      const int64_t day = h_.WindowDay(e.discharged);
      const bool ed = e.department == Department::kEmergency;
      Bill(e.patient, day, ed ? 1 : 3, ed ? 10 : kBillingMaxDaysAfter, rng);
      Clerk(kHimAnalyst, Department::kHim, day + rng.Between(1, 10), e.patient,
            AccessReason::kHimAbstracting, 2, rng);
    }
  }

  // Release of information: requests from patients, insurers, lawyers and estates, for records
  // with recent care, records older than the feeds, and the deceased.
  void ReleaseOfInformation() {
    std::vector<uint32_t> deceased;
    for (uint32_t p = 0; p < h_.patients.size(); ++p) {
      if (h_.patients[p].deceased_day != kNoDay) deceased.push_back(p);
    }
    for (int day = 0; day < h_.options.days; ++day) {
      for (uint32_t analyst : c_.roster.InUnit(Department::kHim, day)) {
        DemoRandom rng(
            c_.Seed("roi", (static_cast<uint64_t>(analyst) << 16) | static_cast<uint64_t>(day)));
        const int requests =
            static_cast<int>(rng.Between(0, static_cast<int>(2 * kRoiPerHimShift)));
        for (int k = 0; k < requests; ++k) {
          uint32_t patient;
          const double r = rng.Unit();
          if (r < kRoiDeceasedShare && !deceased.empty()) {
            patient = rng.Pick(deceased);
          } else if (r < 0.7 && !h_.encounters.empty()) {
            patient = h_.encounters[rng.Below(static_cast<uint32_t>(h_.encounters.size()))].patient;
          } else {
            patient = rng.Below(static_cast<uint32_t>(h_.patients.size()));
          }
          c_.OnDay(analyst, day, patient, AccessReason::kReleaseOfInformation, 2);
        }
      }
    }
  }

 private:
  bool OfficeHours(uint32_t u) const { return h_.employees[u].shift == Shift::kOffice; }

  // Whether care at time t is the patient's first in the feeds: a new patient to register.
  bool NewAt(uint32_t patient, TimeMicros t) const {
    auto stays = c_.encounters.OfPatient(patient);     // in admission order
    auto visits = c_.appointments.OfPatient(patient);  // in time order
    if (!stays.empty() && h_.encounters[stays.front()].admitted < t) return false;
    return visits.empty() || h_.appointments[visits.front()].scheduled >= t;
  }

  void Bill(uint32_t patient, int64_t day, int min_after, int max_after, DemoRandom& rng) {
    Clerk(kBillingClerk, Department::kBilling, day + rng.Between(min_after, max_after), patient,
          AccessReason::kBilling, 1, rng);
    if (rng.Chance(kDenialFollowUpShare)) {
      Clerk(kBillingClerk, Department::kBilling, day + rng.Between(30, 45), patient,
            AccessReason::kBilling, 1, rng);
    }
  }

  // Someone of `roles` at the `unit` desk takes the task on window day `day`, in office hours.
  void Clerk(std::span<const Role> roles, Department unit, int64_t day, uint32_t patient,
             AccessReason reason, uint8_t weight, DemoRandom& rng) {
    if (day < 0 || day >= h_.options.days) return;
    const TimeMicros t =
        h_.DayStart(day) + rng.Between(8 * 60 + 30, 15 * 60 + 30) * kMicrosPerMinute;
    auto clerk = c_.roster.OnDuty(unit, roles, t, rng, 20 * kMicrosPerMinute);
    if (clerk) c_.During(*clerk, patient, reason, t, t + 20 * kMicrosPerMinute, weight);
  }

  const PlanningContext& c_;
  const Hospital& h_;
};

}  // namespace

void PlanHospitalOperations(const PlanningContext& context) {
  OperationsPlanner planner(context);
  planner.Registration();
  planner.Appointments();
  planner.AfterStays();
  planner.ReleaseOfInformation();
}

}  // namespace phi::demo
