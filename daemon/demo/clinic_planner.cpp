// The clinic's routine work (see PlanClinicWork in task_planning.hpp). Clinicians work on their
// own caseloads by appointment, plus calls, late notes, supervision and cover; the front desk
// checks each client in and out, intake screens new clients, billing follows each visit.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "daemon/demo/task_planning.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::array<Role, 1> kFrontDesk = {Role::kFrontDesk};
constexpr std::array<Role, 1> kBillingClerk = {Role::kBillingClerk};
constexpr std::array<Role, 1> kIntake = {Role::kIntakeCoordinator};

AccessReason SessionReason(AppointmentKind kind) {
  switch (kind) {
    case AppointmentKind::kGroupSession:
      return AccessReason::kGroupSession;
    case AppointmentKind::kMedicationVisit:
    case AppointmentKind::kInjection:
      return AccessReason::kMedicationVisit;
    default:
      return AccessReason::kTherapySession;
  }
}

class ClinicPlanner {
 public:
  explicit ClinicPlanner(const PlanningContext& c)
      : c_(c), h_(c.h), caseload_(h_.employees.size()) {
    for (uint32_t u = 0; u < h_.employees.size(); ++u) {
      for (uint32_t i : c_.appointments.OfProvider(u)) {
        caseload_[u].push_back(h_.appointments[i].patient);
      }
    }
    for (const Encounter& e : h_.encounters) {
      if (e.discharged == kNever) caseload_[e.attending].push_back(e.patient);
    }
    for (auto& clients : caseload_) {
      std::sort(clients.begin(), clients.end());
      clients.erase(std::unique(clients.begin(), clients.end()), clients.end());
    }
    for (const ClinicGroup& g : h_.groups) {
      for (uint32_t m : g.members) co_leader_[Key(g.leader, m)] = g.co_leader;
    }
  }

  void Sessions() {
    auto [first, last] =
        c_.appointments.Between(h_.DayStart(-50), h_.DayStart(h_.options.days + 30));
    for (size_t i = first; i < last; ++i) {
      const Appointment& a = h_.appointments[i];
      DemoRandom rng(c_.Seed("clinic-visit", i));
      const TimeMicros t = a.scheduled;
      const int64_t day = h_.WindowDay(t);
      const AccessReason reason = SessionReason(a.kind);
      c_.During(a.provider, a.patient, reason, t - 20 * kMicrosPerMinute, t + 70 * kMicrosPerMinute,
                3);
      if (a.kind == AppointmentKind::kGroupSession && rng.Chance(0.5)) {
        auto it = co_leader_.find(Key(a.provider, a.patient));
        if (it != co_leader_.end() && it->second >= 0) {
          c_.During(static_cast<uint32_t>(it->second), a.patient, reason, t,
                    t + 90 * kMicrosPerMinute);
        }
      }
      if (rng.Chance(kLateNoteShare)) c_.FirstDay(a.provider, day + 1, day + 3, a.patient, reason);
      if (rng.Chance(0.3)) c_.OnDay(a.provider, day - 1, a.patient, AccessReason::kChartPrep);
      Desk(t, a.patient, rng);
      if (rng.Chance(0.6)) {
        Clerk(kFrontDesk, Department::kBehavioralHealth, day - rng.Between(1, 2), a.patient,
              AccessReason::kScheduling, rng);
      }
      if (rng.Chance(0.3)) {
        Clerk(kFrontDesk, Department::kBehavioralHealth, day - rng.Between(3, 28), a.patient,
              AccessReason::kScheduling, rng);
      }
      Clerk(kBillingClerk, Department::kAdministration, day + rng.Between(1, 10), a.patient,
            AccessReason::kBilling, rng);
      if (rng.Chance(0.15)) {
        Clerk(kBillingClerk, Department::kAdministration, day + rng.Between(30, 45), a.patient,
              AccessReason::kBilling, rng);
      }
      if (a.kind == AppointmentKind::kIntake) {
        Clerk(kIntake, Department::kBehavioralHealth, day - rng.Between(3, 14), a.patient,
              AccessReason::kIntakeScreening, rng, 2);
        Clerk(kIntake, Department::kBehavioralHealth, day - rng.Between(1, 3), a.patient,
              AccessReason::kIntakeScreening, rng);
      }
    }
  }

  // Calls and messages about one's own clients between sessions; the nurses' phone triage.
  void Calls() {
    std::vector<uint32_t> prescribed;
    for (uint32_t u = 0; u < h_.employees.size(); ++u) {
      if (h_.employees[u].role == Role::kPsychiatrist) {
        prescribed.insert(prescribed.end(), caseload_[u].begin(), caseload_[u].end());
      }
    }
    for (uint32_t u = 0; u < h_.employees.size(); ++u) {
      const Role role = h_.employees[u].role;
      const bool nurse = role == Role::kNurse;
      if (!nurse && role != Role::kTherapist && role != Role::kPsychologist &&
          role != Role::kPsychiatrist) {
        continue;
      }
      const auto& pool = nurse ? prescribed : caseload_[u];
      if (pool.empty()) continue;
      for (int day = 0; day < h_.options.days; ++day) {
        if (!c_.roster.Shift(u, day)) continue;
        DemoRandom rng(
            c_.Seed("clinic-calls", (static_cast<uint64_t>(u) << 16) | static_cast<uint64_t>(day)));
        const int calls = static_cast<int>(rng.Between(nurse ? 2 : 1, nurse ? 4 : 3));
        for (int k = 0; k < calls; ++k) {
          c_.OnDay(u, day, rng.Pick(pool), AccessReason::kCaseloadCall);
        }
      }
    }
  }

  // Each week a supervisor reviews a few clients of each pre-licensed supervisee.
  void Supervision() {
    for (uint32_t s = 0; s < h_.employees.size(); ++s) {
      const int32_t v = h_.employees[s].supervisor;
      if (v < 0 || caseload_[s].empty()) continue;
      const auto supervisor = static_cast<uint32_t>(v);
      for (int64_t week_start = -h_.Weekday(0); week_start < h_.options.days; week_start += 7) {
        auto day =
            c_.roster.FirstWorkingDay(supervisor, std::max<int64_t>(0, week_start), week_start + 6);
        if (!day) continue;
        DemoRandom rng(
            c_.Seed("supervision", (static_cast<uint64_t>(s) << 16) | static_cast<uint64_t>(*day)));
        const int reviews = static_cast<int>(rng.Between(2, 4));
        for (int k = 0; k < reviews; ++k) {
          c_.OnDay(supervisor, *day, rng.Pick(caseload_[s]), AccessReason::kSupervision);
        }
      }
    }
  }

  // While a clinician is away, the covering colleague checks on their clients.
  void LeaveCoverage() {
    for (uint32_t u = 0; u < h_.employees.size(); ++u) {
      const Employee& e = h_.employees[u];
      if (e.covered_by < 0 || caseload_[u].empty()) continue;
      const auto cover = static_cast<uint32_t>(e.covered_by);
      for (int day = 0; day < h_.options.days; ++day) {
        if (!e.OnLeave(day) || !c_.roster.Shift(cover, day)) continue;
        DemoRandom rng(
            c_.Seed("leave-cover", (static_cast<uint64_t>(u) << 16) | static_cast<uint64_t>(day)));
        const int checks = static_cast<int>(rng.Between(1, 3));
        for (int k = 0; k < checks; ++k) {
          c_.OnDay(cover, day, rng.Pick(caseload_[u]), AccessReason::kLeaveCoverage);
        }
      }
    }
  }

 private:
  static uint64_t Key(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }

  // Check-in at the front desk, and for half the clients a check-out that books the next one.
  void Desk(TimeMicros t, uint32_t patient, DemoRandom& rng) {
    auto in =
        c_.roster.OnDuty(Department::kBehavioralHealth, kFrontDesk, t - 10 * kMicrosPerMinute, rng);
    if (in) {
      c_.During(*in, patient, AccessReason::kCheckIn, t - 15 * kMicrosPerMinute,
                t + 5 * kMicrosPerMinute, 2);
    }
    if (!rng.Chance(0.5)) return;
    auto out =
        c_.roster.OnDuty(Department::kBehavioralHealth, kFrontDesk, t + 55 * kMicrosPerMinute, rng);
    if (out) {
      c_.During(*out, patient, AccessReason::kScheduling, t + 50 * kMicrosPerMinute,
                t + 70 * kMicrosPerMinute);
    }
  }

  void Clerk(std::span<const Role> roles, Department unit, int64_t day, uint32_t patient,
             AccessReason reason, DemoRandom& rng, uint8_t weight = 1) {
    if (day < 0 || day >= h_.options.days) return;
    const TimeMicros t = h_.DayStart(day) + rng.Between(9 * 60, 15 * 60) * kMicrosPerMinute;
    auto clerk = c_.roster.OnDuty(unit, roles, t, rng, 20 * kMicrosPerMinute);
    if (clerk) c_.During(*clerk, patient, reason, t, t + 20 * kMicrosPerMinute, weight);
  }

  const PlanningContext& c_;
  const Hospital& h_;
  std::vector<std::vector<uint32_t>> caseload_;      // [employee]: the clients they see
  std::unordered_map<uint64_t, int32_t> co_leader_;  // (leader, member) -> co-leader
};

}  // namespace

void PlanClinicWork(const PlanningContext& context) {
  ClinicPlanner planner(context);
  planner.Sessions();
  planner.Calls();
  planner.Supervision();
  planner.LeaveCoverage();
}

}  // namespace phi::demo
