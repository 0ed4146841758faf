// Routine access generation (see access_generator.hpp). Each user-day draws from its own seeded
// stream, so the output does not depend on the order users are visited in.
#include "daemon/demo/access_generator.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/work_schedule.hpp"

namespace phi::demo {
namespace {

constexpr double kConsultShare = 0.05;
constexpr double kFailureShare = 0.003;

struct CareAccess {
  Action action;
  RecordType type;
};

// What a care-team member does with a chart, by role and department.
CareAccess PickCareAccess(Role role, Department department, DemoRandom& rng) {
  static constexpr std::array<RecordType, 8> kTypes = {
      RecordType::kDemographics, RecordType::kClinicalNote, RecordType::kLabResult,
      RecordType::kMedication,   RecordType::kImaging,      RecordType::kPsychotherapyNote,
      RecordType::kSudTreatment, RecordType::kHivResult};
  static constexpr int kTypeWeights[][8] = {
      {10, 30, 25, 18, 15, 0, 1, 1},  // Emergency
      {5, 30, 25, 20, 20, 0, 0, 0},   // Cardiology
      {5, 25, 30, 25, 14, 0, 0, 1},   // Oncology
      {10, 35, 25, 20, 10, 0, 0, 0},  // Pediatrics
      {8, 25, 5, 25, 0, 25, 12, 0},   // Psychiatry
      {10, 10, 5, 0, 75, 0, 0, 0},    // Radiology
  };
  static constexpr std::array<Action, 5> kActions = {
      Action::kView, Action::kCreate, Action::kUpdate, Action::kPrint, Action::kExport};
  static constexpr int kActionWeights[][5] = {
      {72, 10, 12, 4, 2},  // physician
      {62, 8, 26, 4, 0},   // nurse
      {70, 14, 12, 3, 1},  // resident
      {60, 25, 10, 5, 0},  // therapist
  };
  int dept = std::min(static_cast<int>(department), 5);
  int role_row = std::min(static_cast<int>(role), 3);
  CareAccess a{kActions[rng.Weighted(kActionWeights[role_row])],
               kTypes[rng.Weighted(kTypeWeights[dept])]};
  if (a.type == RecordType::kPsychotherapyNote && role == Role::kNurse) {
    a.type = RecordType::kClinicalNote;
  }
  if (a.action == Action::kCreate || a.action == Action::kUpdate) {
    switch (a.type) {
      case RecordType::kLabResult:
      case RecordType::kImaging:
      case RecordType::kHivResult:
      case RecordType::kDemographics:
        a.type = a.action == Action::kUpdate ? RecordType::kMedication : RecordType::kClinicalNote;
        break;
      default:
        break;
    }
  }
  return a;
}

struct Touch {
  Action action;
  RecordType type;
  int weight;
};

constexpr Touch kBillingTouches[] = {
    {Action::kView, RecordType::kBillingStatement, 45},
    {Action::kUpdate, RecordType::kBillingStatement, 20},
    {Action::kView, RecordType::kDemographics, 20},
    {Action::kPrint, RecordType::kBillingStatement, 10},
    {Action::kView, RecordType::kSchedule, 5},
};
constexpr Touch kHimTouches[] = {
    {Action::kView, RecordType::kClinicalNote, 35},
    {Action::kView, RecordType::kLabResult, 15},
    {Action::kUpdate, RecordType::kClinicalNote, 15},
    {Action::kView, RecordType::kDemographics, 15},
    {Action::kPrint, RecordType::kClinicalNote, 10},
    {Action::kView, RecordType::kImaging, 5},
    {Action::kView, RecordType::kMedication, 5},
};
constexpr Touch kRegistrationTouches[] = {
    {Action::kCreate, RecordType::kDemographics, 25},
    {Action::kUpdate, RecordType::kDemographics, 30},
    {Action::kView, RecordType::kDemographics, 30},
    {Action::kView, RecordType::kSchedule, 15},
};
constexpr Touch kSchedulingTouches[] = {
    {Action::kView, RecordType::kSchedule, 45},
    {Action::kUpdate, RecordType::kSchedule, 30},
    {Action::kView, RecordType::kDemographics, 20},
    {Action::kPrint, RecordType::kSchedule, 5},
};

template <size_t N>
const Touch& PickTouch(const Touch (&touches)[N], DemoRandom& rng) {
  std::array<int, N> weights;
  for (size_t i = 0; i < N; ++i) weights[i] = touches[i].weight;
  return touches[rng.Weighted(weights)];
}

// One employee's shift: the accesses it produces.
class ShiftWork {
 public:
  ShiftWork(const Hospital& h, const EncounterIndex& index, uint32_t user, int day,
            ShiftWindow shift, std::vector<AccessEvent>& out)
      : h_(h),
        index_(index),
        user_(user),
        employee_(h.employees[user]),
        day_(day),
        shift_(shift),
        out_(out),
        rng_(DeriveSeed(h.options.seed, {Salt("access"), user, static_cast<uint64_t>(day)})) {}

  void Run() {
    const Role role = employee_.role;
    bool desk = role != Role::kNurse && role != Role::kResident && role != Role::kPhysician &&
                role != Role::kRegistrar;
    workstation_ = static_cast<uint16_t>(
        1 + (desk ? user_ % kWorkstationsPerDepartment : rng_.Below(kWorkstationsPerDepartment)));
    if ((role == Role::kBillingClerk || role == Role::kHimAnalyst || role == Role::kScheduler) &&
        rng_.Chance(0.15)) {
      base_flags_ = kAccessRemote;
    }
    TimeMicros login = WholeMillis(shift_.begin + rng_.Between(0, 5 * kMicrosPerMinute));
    if (rng_.Chance(0.02)) {
      Add(std::max(h_.options.start, login - rng_.Between(5, 60) * kMicrosPerSecond),
          Action::kLogin, RecordType::kNone, -1, 1, kAccessFailure);
    }
    Add(login, Action::kLogin, RecordType::kNone, -1);
    from_ = login + kMicrosPerMinute;
    to_ = shift_.end - 5 * kMicrosPerMinute;
    int events = std::max<int>(
        4, static_cast<int>(h_.options.events_per_user_day * rng_.Between(75, 125) / 100));
    switch (role) {
      case Role::kBillingClerk:
        WorkOnEncounters(events, 0, index_.AdmittedBy(shift_.begin), kBillingTouches);
        break;
      case Role::kHimAnalyst:
        WorkOnEncounters(events, 0, index_.AdmittedBy(shift_.begin), kHimTouches);
        break;
      case Role::kRegistrar:
        WorkOnEncounters(events, index_.AdmittedBy(shift_.begin - 30 * kMicrosPerMinute),
                         index_.AdmittedBy(shift_.end), kRegistrationTouches);
        break;
      case Role::kScheduler:
        WorkOnEncounters(events, 0, h_.encounters.size(), kSchedulingTouches);
        break;
      case Role::kItAdmin:
        ItWork();
        break;
      default:
        CareTeamWork(events);
    }
    TimeMicros logout = shift_.end + rng_.Between(0, 10 * kMicrosPerMinute);
    Add(std::min(logout, h_.End() - 1000), Action::kLogout, RecordType::kNone, -1);
  }

 private:
  struct Candidate {
    uint32_t patient;
    TimeMicros from;
    TimeMicros to;
  };

  void Add(TimeMicros t, Action action, RecordType type, int32_t patient, int32_t count = 1,
           uint8_t flags = 0) {
    AccessEvent e;
    e.ts = WholeMillis(t);
    e.user = user_;
    e.patient = patient;
    e.record_count = count;
    e.workstation = workstation_;
    e.action = action;
    e.record_type = type;
    e.flags = flags | base_flags_;
    if (patient >= 0 && rng_.Chance(kFailureShare)) e.flags |= kAccessFailure;
    if (type == RecordType::kLabResult || type == RecordType::kImaging) e.flags |= kAccessAncillary;
    out_.push_back(e);
  }

  bool Linked(uint32_t patient) const {
    return IsPersonallyLinked(user_, employee_, h_.patients[patient]);
  }

  // Patients with an encounter in the user's department during this shift.
  std::vector<Candidate> CareCandidates() const {
    std::vector<uint32_t> ids;
    for (int day = std::max(0, day_); day < h_.options.days && h_.DayStart(day) < shift_.end;
         ++day) {
      auto on_day = index_.OnDay(employee_.department, day);
      ids.insert(ids.end(), on_day.begin(), on_day.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<Candidate> out;
    for (uint32_t id : ids) {
      const Encounter& e = h_.encounters[id];
      TimeMicros from = std::max(from_, e.admitted);
      TimeMicros to = std::min(to_, e.discharged);
      if (to - from < 10 * kMicrosPerMinute || Linked(e.patient)) continue;
      out.push_back({e.patient, from, to});
    }
    return out;
  }

  void CareTeamWork(int events) {
    std::vector<Candidate> candidates = CareCandidates();
    int consult_events = 0;
    for (int i = 0; i < events; ++i) consult_events += rng_.Chance(kConsultShare) ? 1 : 0;
    int care_events = events - consult_events;
    size_t wanted = std::max<size_t>(1, employee_.daily_patients * rng_.Between(80, 120) / 100);
    size_t k = std::min(wanted, candidates.size());
    for (size_t i = 0; i < k; ++i) {
      std::swap(candidates[i],
                candidates[i + rng_.Below(static_cast<uint32_t>(candidates.size() - i))]);
    }
    std::vector<int> per_patient(k, 0);
    for (int i = 0; k > 0 && i < care_events; ++i) {
      per_patient[static_cast<size_t>(i) < k ? static_cast<size_t>(i)
                                             : rng_.Below(static_cast<uint32_t>(k))]++;
    }
    for (size_t i = 0; i < k; ++i) {
      const Candidate& c = candidates[i];
      for (int left = per_patient[i]; left > 0;) {
        int visit = std::min<int>(left, static_cast<int>(rng_.Between(1, 4)));
        left -= visit;
        if (employee_.role == Role::kNurse && rng_.Chance(0.3)) {
          workstation_ = static_cast<uint16_t>(1 + rng_.Below(kWorkstationsPerDepartment));
        }
        TimeMicros t = rng_.Between(c.from, std::max(c.from, c.to - visit * 90 * kMicrosPerSecond));
        for (int j = 0; j < visit; ++j) {
          CareAccess a = PickCareAccess(employee_.role, employee_.department, rng_);
          Add(t, a.action, a.type, static_cast<int32_t>(c.patient),
              a.action == Action::kExport ? static_cast<int32_t>(rng_.Between(1, 3)) : 1);
          t += rng_.Between(5, 90) * kMicrosPerSecond;
        }
      }
    }
    while (consult_events > 0) {
      int visit = std::min<int>(consult_events, static_cast<int>(rng_.Between(1, 3)));
      consult_events -= visit;
      Consult(visit);
    }
  }

  // A consult or cross-cover: a patient of another department, no relationship in our own.
  void Consult(int visit) {
    static constexpr std::array<Department, 6> kCareDepartments = {
        Department::kEmergency,  Department::kCardiology, Department::kOncology,
        Department::kPediatrics, Department::kPsychiatry, Department::kRadiology};
    const int64_t today = h_.start_day + std::max(0, day_);
    for (int tries = 0; tries < 8; ++tries) {
      Department other = rng_.Pick(std::span<const Department>(kCareDepartments));
      if (other == employee_.department) continue;
      auto list = index_.OnDay(other, std::max(0, day_));
      if (list.empty()) continue;
      const Encounter& e = h_.encounters[list[rng_.Below(static_cast<uint32_t>(list.size()))]];
      TimeMicros from = std::max(from_, e.admitted);
      TimeMicros to = std::min(to_, e.discharged);
      if (to - from < 5 * kMicrosPerMinute) continue;
      const Patient& p = h_.patients[e.patient];
      TimeMicros t = rng_.Between(from, to - 4 * kMicrosPerMinute);
      if (Linked(e.patient) || IsFlagged(p, today) ||
          index_.HasRelationship(e.patient, employee_.department, t)) {
        continue;
      }
      static constexpr std::array<RecordType, 4> kConsultTypes = {
          RecordType::kClinicalNote, RecordType::kLabResult, RecordType::kImaging,
          RecordType::kMedication};
      for (int j = 0; j < visit; ++j) {
        RecordType type = j == 0 ? RecordType::kClinicalNote
                                 : rng_.Pick(std::span<const RecordType>(kConsultTypes));
        Add(t, Action::kView, type, static_cast<int32_t>(e.patient));
        t += rng_.Between(10, 70) * kMicrosPerSecond;
      }
      return;
    }
  }

  // Billing, HIM, registration and scheduling: patients of encounters [first, last).
  template <size_t N>
  void WorkOnEncounters(int events, size_t first, size_t last, const Touch (&touches)[N]) {
    if (last <= first || to_ <= from_) return;
    size_t patients = std::max<size_t>(1, employee_.daily_patients * rng_.Between(80, 120) / 100);
    int per_patient = std::max<int>(1, events / static_cast<int>(patients));
    for (size_t i = 0; i < patients; ++i) {
      int32_t patient = -1;
      TimeMicros admitted = 0;
      for (int tries = 0; tries < 5 && patient < 0; ++tries) {
        const Encounter& e = h_.encounters[first + rng_.Below(static_cast<uint32_t>(last - first))];
        if (Linked(e.patient)) continue;
        patient = static_cast<int32_t>(e.patient);
        admitted = e.admitted;
      }
      if (patient < 0) continue;
      TimeMicros t = employee_.role == Role::kRegistrar
                         ? std::clamp(admitted - rng_.Between(0, 20) * kMicrosPerMinute, from_, to_)
                         : rng_.Between(from_, to_);
      int visit = static_cast<int>(rng_.Between(1, 2 * per_patient - 1));
      for (int j = 0; j < visit; ++j) {
        const Touch& touch = PickTouch(touches, rng_);
        Add(t, touch.action, touch.type, patient);
        t += rng_.Between(10, 120) * kMicrosPerSecond;
      }
    }
  }

  void ItWork() {
    if (to_ <= from_) return;
    int queries = static_cast<int>(rng_.Between(3, 10));
    for (int i = 0; i < queries; ++i) {
      Add(rng_.Between(from_, to_), Action::kQuery, RecordType::kSchedule, -1,
          static_cast<int32_t>(rng_.Between(1, 200)));
    }
  }

  const Hospital& h_;
  const EncounterIndex& index_;
  const uint32_t user_;
  const Employee& employee_;
  const int day_;
  const ShiftWindow shift_;
  std::vector<AccessEvent>& out_;
  DemoRandom rng_;
  uint16_t workstation_ = 1;
  uint8_t base_flags_ = 0;
  TimeMicros from_ = 0;
  TimeMicros to_ = 0;
};

// svc_reporting's nightly extract for the data warehouse, at about 02:00.
void NightlyExports(const Hospital& h, std::vector<AccessEvent>& out) {
  for (int day = 0; day < h.options.days; ++day) {
    DemoRandom rng(
        DeriveSeed(h.options.seed, {Salt("nightly-export"), static_cast<uint64_t>(day)}));
    TimeMicros t =
        WholeMillis(h.DayStart(day) + 2 * kMicrosPerHour + rng.Between(0, 5 * kMicrosPerMinute));
    AccessEvent e;
    e.user = h.service_account;
    e.workstation = 1;
    e.ts = t;
    e.action = Action::kLogin;
    out.push_back(e);
    e.ts = t + rng.Between(1, 3) * kMicrosPerSecond;
    e.action = Action::kExport;
    e.record_type = RecordType::kDemographics;
    e.record_count = static_cast<int32_t>(rng.Between(2500, 9000));
    out.push_back(e);
    e.ts = WholeMillis(e.ts + rng.Between(30, 300) * kMicrosPerSecond);
    e.action = Action::kLogout;
    e.record_type = RecordType::kNone;
    e.record_count = 1;
    out.push_back(e);
  }
}

}  // namespace

void GenerateRoutineAccess(const Hospital& h, const EncounterIndex& index,
                           std::vector<AccessEvent>& out) {
  out.reserve(out.size() + h.employees.size() * static_cast<size_t>(h.options.days) *
                               static_cast<size_t>(h.options.events_per_user_day) * 3 / 4);
  for (uint32_t user = 0; user < h.employees.size(); ++user) {
    for (int day = -1; day < h.options.days; ++day) {
      auto shift = ShiftOn(h, user, day);
      if (!shift) continue;
      ShiftWork(h, index, user, day, *shift, out).Run();
    }
  }
  NightlyExports(h, out);
}

}  // namespace phi::demo
