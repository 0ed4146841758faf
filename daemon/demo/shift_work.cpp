// One user's shift as accesses (see shift_work.hpp).
#include "daemon/demo/shift_work.hpp"

#include <algorithm>

#include "daemon/demo/access_mix.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

bool IsClinicSession(AccessReason r) {
  return r == AccessReason::kTherapySession || r == AccessReason::kMedicationVisit ||
         r == AccessReason::kGroupSession;
}

// Operations work may follow a patient past death (the estate's bill, the chart's coding).
bool WorksPastDeath(AccessReason r) {
  return r == AccessReason::kReleaseOfInformation || r == AccessReason::kHimAbstracting ||
         r == AccessReason::kBilling;
}

}  // namespace

ShiftWork::ShiftWork(const RoutineContext& context, uint32_t user, int day,
                     const ShiftWindow& shift, std::vector<AccessEvent>& out)
    : c_(context),
      h_(context.h),
      user_(user),
      employee_(context.h.employees[user]),
      day_(day),
      shift_(shift),
      out_(out),
      rng_(DeriveSeed(context.h.options.seed, {Salt("access"), user, static_cast<uint64_t>(day)})) {
}

void ShiftWork::Run() {
  const Role role = employee_.role;
  const bool shares_station = role == Role::kNurse || role == Role::kResident ||
                              role == Role::kRegistrar || role == Role::kFrontDesk;
  const bool own_office = role == Role::kPhysician || role == Role::kPsychiatrist ||
                          role == Role::kPsychologist || role == Role::kTherapist;
  if (shares_station) {
    workstation_ = static_cast<uint16_t>(1 + rng_.Below(kSharedWorkstations));
  } else if (own_office && !h_.clinic()) {
    workstation_ = static_cast<uint16_t>(1 + rng_.Below(kWorkstationsPerDepartment));
  } else {
    workstation_ = static_cast<uint16_t>(1 + user_ % kWorkstationsPerDepartment);
  }
  if ((role == Role::kBillingClerk || role == Role::kHimAnalyst || role == Role::kScheduler) &&
      rng_.Chance(0.15)) {
    base_flags_ = kAccessRemote;
  }
  const TimeMicros login = WholeMillis(shift_.begin + rng_.Between(0, 5 * kMicrosPerMinute));
  if (rng_.Chance(kFailedLoginShare)) {
    Add(std::max(h_.options.start, login - rng_.Between(5, 60) * kMicrosPerSecond), Action::kLogin,
        RecordType::kNone, -1, 1, kAccessFailure);
  }
  Add(login, Action::kLogin, RecordType::kNone, -1);
  from_ = login + kMicrosPerMinute;
  to_ = shift_.end - 5 * kMicrosPerMinute;

  std::vector<ChartTask> tasks = TodaysTasks();
  AddUnitPatients(tasks);
  double budget = h_.options.events_per_user_day * static_cast<double>(rng_.Between(75, 125)) / 100;
  if (h_.InSurge(day_) && IsCareTeamRole(role)) budget *= kSurgeWorkFactor;
  int total_weight = 0;
  for (const ChartTask& t : tasks) total_weight += t.weight;
  for (const ChartTask& t : tasks) {
    const double share = budget * t.weight / std::max(1, total_weight);
    Render(t, std::clamp(static_cast<int>(share + rng_.Unit()), 1, 12));
  }
  Extras(tasks);
  TimeMicros logout = shift_.end + rng_.Between(0, 10 * kMicrosPerMinute);
  logout = std::min(logout, h_.End() - 1000);
  if (employee_.terminated_day != kNoDay) {
    logout = std::min(logout, h_.DayStart(employee_.terminated_day + 1 - h_.start_day) - 1000);
  }
  Add(logout, Action::kLogout, RecordType::kNone, -1);
  NotesFromHome(tasks);
}

bool ShiftWork::MayOpen(uint32_t patient, AccessReason reason) const {
  const Patient& p = h_.patients[patient];
  if (IsPersonallyLinked(user_, employee_, p)) return false;
  if (c_.avoid.count(PairKey(user_, patient)) != 0) return false;
  const int64_t today = h_.start_day + day_;
  if (p.deceased_day != kNoDay && p.deceased_day <= today) {
    if (IsLongDeceased(p, today)) return reason == AccessReason::kReleaseOfInformation;
    return WorksPastDeath(reason);
  }
  return true;
}

std::vector<ChartTask> ShiftWork::TodaysTasks() const {
  std::vector<ChartTask> tasks;
  for (const ChartTask& t : c_.book.For(user_, day_)) {
    if (t.to <= from_ || t.from >= to_ || !MayOpen(t.patient, t.reason)) continue;
    tasks.push_back(t);
  }
  return tasks;
}

void ShiftWork::AddUnitPatients(std::vector<ChartTask>& tasks) {
  const Role role = employee_.role;
  if (h_.clinic() || !IsCareTeamRole(role) || !HoldsEncounters(shift_.unit)) return;
  if (role == Role::kNurse && employee_.shift == Shift::kOffice) return;  // clinic nurses
  std::vector<uint32_t> ids;
  for (int d = std::max(0, day_); d < h_.options.days && h_.DayStart(d) < shift_.end; ++d) {
    auto on_day = c_.encounters.OnDay(shift_.unit, d);
    ids.insert(ids.end(), on_day.begin(), on_day.end());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<ChartTask> candidates;
  for (uint32_t id : ids) {
    const Encounter& e = h_.encounters[id];
    const TimeMicros from = std::max(from_, e.admitted);
    const TimeMicros to = std::min(to_, e.discharged);
    if (to - from < 10 * kMicrosPerMinute || !MayOpen(e.patient, AccessReason::kWardCare)) continue;
    candidates.push_back(
        {from, to, user_, e.patient, static_cast<int16_t>(day_), AccessReason::kWardCare, 3});
  }
  double wanted = employee_.daily_patients * static_cast<double>(rng_.Between(80, 120)) / 100;
  if (h_.InSurge(day_)) wanted *= kSurgeWorkFactor;
  wanted -= static_cast<double>(tasks.size()) / 2;  // clinic days leave less time for the ward
  const size_t k = std::min(candidates.size(), static_cast<size_t>(std::max(0.0, wanted)));
  for (size_t i = 0; i < k; ++i) {
    std::swap(candidates[i],
              candidates[i + rng_.Below(static_cast<uint32_t>(candidates.size() - i))]);
    tasks.push_back(candidates[i]);
  }
}

void ShiftWork::Render(const ChartTask& task, int events) {
  const TimeMicros from = std::max(task.from, from_);
  const TimeMicros to = std::min(task.to, to_);
  if (to < from) return;
  const auto patient = static_cast<int32_t>(task.patient);
  const Patient& p = h_.patients[task.patient];
  const Role role = employee_.role;
  const bool searches = role == Role::kRegistrar || role == Role::kFrontDesk ||
                        role == Role::kScheduler || role == Role::kIntakeCoordinator;
  bool first = true;
  for (int left = events; left > 0;) {
    const int visit = std::min(left, static_cast<int>(rng_.Between(1, 4)));
    left -= visit;
    if (role == Role::kNurse && rng_.Chance(0.3)) {
      workstation_ = static_cast<uint16_t>(1 + rng_.Below(kSharedWorkstations));
    }
    TimeMicros t = Within(from, to - visit * 90 * kMicrosPerSecond);
    if (first && searches && rng_.Chance(0.3)) {
      Add(std::max(from_, t - rng_.Between(20, 60) * kMicrosPerSecond), Action::kQuery,
          RecordType::kDemographics, -1, static_cast<int32_t>(rng_.Between(1, 15)));
    }
    if (first && task.reason == AccessReason::kWardCare && shift_.unit == Department::kEmergency) {
      // The ED's first look at a restricted chart (a VIP, a colleague) goes through the glass.
      const bool restricted = p.vip || p.employee >= 0;
      if ((restricted && rng_.Chance(kBreakGlassOnRestricted)) || rng_.Chance(0.002)) {
        Add(t, Action::kBreakGlass, RecordType::kClinicalNote, patient, 1, 0, task.reason);
        t += rng_.Between(10, 40) * kMicrosPerSecond;
      }
    }
    first = false;
    for (int j = 0; j < visit; ++j) {
      ChartAccess a = PickChartAccess(task.reason, role, shift_.unit, p.conditions, rng_);
      Add(t, a.action, a.type, patient, 1, 0, task.reason);
      t += rng_.Between(5, 90) * kMicrosPerSecond;
    }
  }
}

void ShiftWork::Extras(const std::vector<ChartTask>& tasks) {
  const Role role = employee_.role;
  if (role == Role::kItAdmin) {
    const int queries = static_cast<int>(rng_.Between(3, 10));
    for (int i = 0; i < queries; ++i) {
      Add(Within(from_, to_), Action::kQuery,
          rng_.Chance(0.7) ? RecordType::kSchedule : RecordType::kDemographics, -1,
          static_cast<int32_t>(rng_.Between(1, std::max<int>(1, employee_.batch_rows))));
    }
  } else if (employee_.batch_rows > 0 && rng_.Chance(0.7)) {
    // The daily batch: claims out, the day's schedule or census printed, an ROI log exported.
    Action action = Action::kPrint;
    RecordType type = RecordType::kSchedule;
    if (role == Role::kBillingClerk) {
      action = Action::kExport;
      type = RecordType::kBillingStatement;
    } else if (role == Role::kHimAnalyst) {
      action = Action::kExport;
      type = RecordType::kDemographics;
    } else if (role == Role::kRegistrar) {
      type = RecordType::kDemographics;
    }
    const auto rows = std::max<int64_t>(5, employee_.batch_rows * rng_.Between(50, 100) / 100);
    Add(Within(from_, to_), action, type, -1, static_cast<int32_t>(rows));
  }
  if (IsCareTeamRole(role) && !tasks.empty() && rng_.Chance(kDeniedClickShare)) {
    const ChartTask& t = tasks[rng_.Below(static_cast<uint32_t>(tasks.size()))];
    const RecordType type = role == Role::kNurse || role == Role::kResident
                                ? RecordType::kPsychotherapyNote
                                : RecordType::kSudTreatment;
    Add(Within(std::max(t.from, from_), std::min(t.to, to_)), Action::kView, type,
        static_cast<int32_t>(t.patient), 1, kAccessFailure, t.reason);
  }
}

void ShiftWork::NotesFromHome(const std::vector<ChartTask>& tasks) {
  if (!h_.clinic() || !employee_.notes_from_home || !rng_.Chance(0.6)) return;
  std::vector<const ChartTask*> sessions;
  for (const ChartTask& t : tasks) {
    if (IsClinicSession(t.reason)) sessions.push_back(&t);
  }
  if (sessions.empty()) return;
  TimeMicros t =
      std::max(shift_.end + 30 * kMicrosPerMinute,
               h_.DayStart(day_) + 20 * kMicrosPerHour + rng_.Between(0, 90 * kMicrosPerMinute));
  TimeMicros limit = h_.End();
  if (employee_.terminated_day != kNoDay) {
    limit = std::min(limit, h_.DayStart(employee_.terminated_day + 1 - h_.start_day));
  }
  if (t + kMicrosPerHour >= limit) return;
  Add(t, Action::kLogin, RecordType::kNone, -1, 1, kAccessRemote);
  const int notes = static_cast<int>(rng_.Between(2, 6));
  for (int k = 0; k < notes; ++k) {
    t += rng_.Between(2 * kMicrosPerMinute, 8 * kMicrosPerMinute);
    const ChartTask& s = *sessions[rng_.Below(static_cast<uint32_t>(sessions.size()))];
    ChartAccess a = PickChartAccess(s.reason, employee_.role, shift_.unit,
                                    h_.patients[s.patient].conditions, rng_);
    Add(t, a.action, a.type, static_cast<int32_t>(s.patient), 1, kAccessRemote, s.reason);
  }
  Add(t + rng_.Between(1, 5) * kMicrosPerMinute, Action::kLogout, RecordType::kNone, -1, 1,
      kAccessRemote);
}

void ShiftWork::Add(TimeMicros t, Action action, RecordType type, int32_t patient, int32_t count,
                    uint8_t flags, AccessReason reason) {
  AccessEvent e;
  e.ts = WholeMillis(t);
  e.user = user_;
  e.patient = patient;
  e.record_count = count;
  e.workstation = workstation_;
  e.action = action;
  e.record_type = type;
  e.flags = flags | base_flags_;
  e.unit = shift_.unit;
  e.reason = reason;
  if (patient >= 0 && rng_.Chance(kFailureShare)) e.flags |= kAccessFailure;
  if (type == RecordType::kLabResult || type == RecordType::kImaging) e.flags |= kAccessAncillary;
  out_.push_back(e);
}

}  // namespace phi::demo
