// Generates the clinic's episodes and appointments (see clinic_caseload.hpp).
#include "daemon/demo/clinic_caseload.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr int kDaysPerYear = 365;

struct Clinician {
  uint32_t index = 0;
  int capacity = 0;
  int load = 0;
  // Standing one-hour slots: [weekday * 12 + hour]: bit r set when weeks r (mod 4) are taken.
  std::array<uint8_t, 7 * 12> taken{};
};

class CaseloadMaker {
 public:
  explicit CaseloadMaker(Hospital& h)
      : h_(h),
        rng_(DeriveSeed(h.options.seed, {Salt("caseload")})),
        last_(h.options.days + kBookedAheadDays) {
    for (uint32_t i = 0; i < h.employees.size(); ++i) {
      const Employee& e = h.employees[i];
      if (e.terminated_day != kNoDay) continue;
      const int weekdays = std::popcount(static_cast<unsigned>(e.office_weekdays));
      Clinician c;
      c.index = i;
      switch (e.role) {
        case Role::kTherapist:
          c.capacity = kTherapistCaseload * weekdays / 5;
          talkers_.push_back(c);
          break;
        case Role::kPsychologist:
          c.capacity = kPsychologistCaseload * weekdays / 5;
          talkers_.push_back(c);
          break;
        case Role::kPsychiatrist:
          c.capacity = kPrescriberCaseload * weekdays / 5;
          prescribers_.push_back(c);
          break;
        case Role::kNurse:
          nurses_.push_back(i);
          break;
        default:
          break;
      }
    }
  }

  void Run() {
    std::vector<uint32_t> candidates;
    for (uint32_t p = 0; p < h_.patients.size(); ++p) {
      const Patient& patient = h_.patients[p];
      if (patient.employee < 0 && patient.deceased_day == kNoDay) candidates.push_back(p);
    }
    rng_.Shuffle(candidates);
    const double n = static_cast<double>(h_.patients.size());
    const auto therapy = static_cast<size_t>(
        std::min(n * kClinicActiveShare * 0.8, static_cast<double>(Capacity(talkers_))));
    const auto prescriber_only = static_cast<size_t>(
        std::min(n * kClinicActiveShare * 0.2,
                 std::max(0.0, Capacity(prescribers_) - therapy * kAlsoPsychiatryShare)));
    const auto former = static_cast<size_t>(n * kClinicFormerShare);
    size_t next = 0;
    auto take = [&](size_t count, auto make) {
      for (size_t k = 0; k < count && next < candidates.size(); ++k) make(candidates[next++]);
    };
    if (!talkers_.empty()) take(therapy, [&](uint32_t p) { TherapyClient(p); });
    if (!prescribers_.empty()) take(prescriber_only, [&](uint32_t p) { PrescriberClient(p); });
    if (!talkers_.empty()) take(former, [&](uint32_t p) { FormerClient(p); });
    // Referrals waiting for an intake booked after the window.
    const auto upcoming =
        static_cast<size_t>((therapy + prescriber_only) * kBookedAheadDays / (4 * kDaysPerYear));
    if (!talkers_.empty()) take(upcoming, [&](uint32_t p) { UpcomingIntake(p); });
    if (!talkers_.empty()) Groups();
    std::stable_sort(
        h_.encounters.begin(), h_.encounters.end(),
        [](const Encounter& a, const Encounter& b) { return a.admitted < b.admitted; });
  }

 private:
  static int Capacity(const std::vector<Clinician>& pool) {
    int total = 0;
    for (const Clinician& c : pool) total += c.capacity;
    return total;
  }

  // A clinician with room in their caseload, drawn in proportion to that room.
  Clinician& PickWithRoom(std::vector<Clinician>& pool) {
    int room = 0;
    for (const Clinician& c : pool) room += std::max(0, c.capacity - c.load);
    if (room == 0) return pool[rng_.Below(static_cast<uint32_t>(pool.size()))];
    int r = static_cast<int>(rng_.Below(static_cast<uint32_t>(room)));
    for (Clinician& c : pool) {
      r -= std::max(0, c.capacity - c.load);
      if (r < 0) return c;
    }
    return pool.back();
  }

  const Employee& Staff(uint32_t i) const { return h_.employees[i]; }
  bool WorksWeekday(uint32_t i, int weekday) const {
    return (Staff(i).office_weekdays >> weekday & 1u) != 0;
  }

  // A weekday the clinician works, drawn at random.
  int WorkingWeekday(uint32_t i) {
    std::array<int, 7> days{};
    int n = 0;
    for (int w = 0; w < 7; ++w) {
      if (WorksWeekday(i, w)) days[static_cast<size_t>(n++)] = w;
    }
    return n == 0 ? 1 : days[rng_.Below(static_cast<uint32_t>(n))];
  }

  // The first day on or after `day` the clinician works.
  int64_t NextWorkingDay(uint32_t i, int64_t day) const {
    for (int64_t d = day; d < day + 7; ++d) {
      if (WorksWeekday(i, h_.Weekday(d))) return d;
    }
    return day;
  }

  // Weekly (4 of 4 weeks), biweekly (2 of 4) or four-weekly (1 of 4) therapy.
  int TherapyPeriod() {
    double r = rng_.Unit();
    return r < kWeeklyShare ? 1 : r < kWeeklyShare + kBiweeklyShare ? 2 : 4;
  }

  // A standing slot in the clinician's week: weekday, minute of the day, and phase.
  struct Slot {
    int weekday = 1;
    int minute = 9 * 60;
    int phase = 0;
  };

  Slot StandingHour(Clinician& c, int period) {
    const Employee& e = Staff(c.index);
    const int hours = std::clamp(e.office_minutes / 60 - 1, 1, 12);
    Slot best;
    for (int tries = 0; tries < 12; ++tries) {
      Slot s{WorkingWeekday(c.index), 0,
             static_cast<int>(rng_.Below(static_cast<uint32_t>(period)))};
      const int hour = static_cast<int>(rng_.Below(static_cast<uint32_t>(hours)));
      s.minute = e.office_start_minute + 60 * hour;
      uint8_t weeks = 0;
      for (int r = s.phase; r < 4; r += period) weeks |= static_cast<uint8_t>(1u << r);
      uint8_t& taken = c.taken[static_cast<size_t>(s.weekday * 12 + hour)];
      best = s;
      if ((taken & weeks) == 0) {
        taken |= weeks;
        return s;
      }
    }
    return best;  // a full week: double-booked now and then, as real calendars are
  }

  Slot PrescriberSlot(uint32_t i, int period) {
    const Employee& e = Staff(i);
    const int halves = std::max(1, e.office_minutes / 30 - 2);
    return {
        WorkingWeekday(i),
        e.office_start_minute + 30 * static_cast<int>(rng_.Below(static_cast<uint32_t>(halves))),
        static_cast<int>(rng_.Below(static_cast<uint32_t>(period)))};
  }

  // Sessions on the slot's weekday every `period` weeks, on days [from, to) of the feeds' reach.
  void Series(uint32_t patient, uint32_t provider, AppointmentKind kind, const Slot& slot,
              int period, int64_t from, int64_t to) {
    for (int64_t day = std::max<int64_t>(from, -kHistoryDays); day < std::min(to, last_); ++day) {
      if (h_.Weekday(day) != slot.weekday) continue;
      const int64_t week = FloorDiv(h_.start_day + day + 4, 7);
      if (((week % period) + period) % period != slot.phase) continue;
      if (rng_.Chance(kCancelledShare)) continue;
      int64_t on = day;
      int minute = slot.minute;
      if (rng_.Chance(kRescheduledShare)) {
        int64_t moved = day + rng_.Between(-2, 2);
        if (moved >= -kHistoryDays && moved < last_ && WorksWeekday(provider, h_.Weekday(moved))) {
          on = moved;
        }
        const Employee& e = Staff(provider);
        minute = std::clamp(minute + 60 * static_cast<int>(rng_.Between(-2, 2)),
                            static_cast<int>(e.office_start_minute),
                            e.office_start_minute + e.office_minutes - 60);
      }
      uint32_t who = provider;
      if (Staff(provider).OnLeave(static_cast<int>(on))) {
        const int32_t cover = Staff(provider).covered_by;
        if (cover < 0 || !rng_.Chance(kLeaveMovedShare) ||
            !WorksWeekday(static_cast<uint32_t>(cover), h_.Weekday(on)) ||
            Staff(static_cast<uint32_t>(cover)).OnLeave(static_cast<int>(on))) {
          continue;  // cancelled while the clinician is away
        }
        who = static_cast<uint32_t>(cover);
      }
      Push(patient, who, kind, h_.DayStart(on) + minute * kMicrosPerMinute);
    }
  }

  void Push(uint32_t patient, uint32_t provider, AppointmentKind kind, TimeMicros t) {
    Appointment a;
    a.patient = patient;
    a.department = Department::kBehavioralHealth;
    a.kind = kind;
    a.provider = provider;
    a.scheduled = t;
    h_.appointments.push_back(a);
  }

  // An episode from window day `from` (an intake session when within the feeds' reach) to `to`
  // (kNoDay: still open).
  void Episode(uint32_t patient, uint32_t primary, int64_t& from, int64_t to) {
    const int64_t snapped = NextWorkingDay(primary, from);
    if (snapped < h_.options.days) from = snapped;  // no episode opens after the window
    Encounter e;
    e.patient = patient;
    e.department = Department::kBehavioralHealth;
    e.attending = primary;
    e.admitted = h_.DayStart(from) + Staff(primary).office_start_minute * kMicrosPerMinute;
    e.discharged = to == kNoDay ? kNever : h_.DayStart(to) + 17 * kMicrosPerHour;
    if (e.discharged != kNever && e.discharged >= h_.End()) e.discharged = kNever;
    h_.encounters.push_back(e);
    if (from >= -kHistoryDays && WorksWeekday(primary, h_.Weekday(from)) &&
        !Staff(primary).OnLeave(static_cast<int>(from))) {
      Push(patient, primary, AppointmentKind::kIntake, e.admitted);
    }
  }

  void Prescriber(uint32_t patient, uint32_t prescriber, int64_t from, int64_t to) {
    static constexpr int kPeriods[] = {4, 4, 8, 8, 12};
    const int period = kPeriods[rng_.Below(5)];
    Series(patient, prescriber, AppointmentKind::kMedicationVisit,
           PrescriberSlot(prescriber, period), period, from + 7, to);
    if (!nurses_.empty() && rng_.Chance(kInjectionClientShare)) {
      const uint32_t nurse = rng_.Pick(nurses_);
      const int every = rng_.Chance(0.5) ? 2 : 4;
      Series(patient, nurse, AppointmentKind::kInjection, PrescriberSlot(nurse, every), every,
             from + 7, to);
    }
  }

  void TherapyClient(uint32_t patient) {
    Clinician& primary = PickWithRoom(talkers_);
    ++primary.load;
    int64_t from = rng_.Between(-4 * kDaysPerYear, h_.options.days - 1);
    Episode(patient, primary.index, from, kNoDay);
    const int period = TherapyPeriod();
    const Slot slot = StandingHour(primary, period);
    Series(patient, primary.index, AppointmentKind::kTherapySession, slot, period, from + 1, last_);
    if (!prescribers_.empty() && rng_.Chance(kAlsoPsychiatryShare)) {
      Clinician& prescriber = PickWithRoom(prescribers_);
      ++prescriber.load;
      Prescriber(patient, prescriber.index, from, last_);
    }
  }

  void PrescriberClient(uint32_t patient) {
    Clinician& primary = PickWithRoom(prescribers_);
    ++primary.load;
    int64_t from = rng_.Between(-4 * kDaysPerYear, h_.options.days - 1);
    Episode(patient, primary.index, from, kNoDay);
    Prescriber(patient, primary.index, from, last_);
  }

  void FormerClient(uint32_t patient) {
    const uint32_t primary = rng_.Pick(talkers_).index;
    int64_t from = -rng_.Between(kDaysPerYear, 5 * kDaysPerYear);
    const int64_t to = std::min<int64_t>(from + rng_.Between(60, 900), -10);
    if (to <= from) return;
    Episode(patient, primary, from, to);
    const int period = rng_.Chance(0.5) ? 1 : 2;
    Slot slot{WorkingWeekday(primary), Staff(primary).office_start_minute + 60,
              static_cast<int>(rng_.Below(static_cast<uint32_t>(period)))};
    Series(patient, primary, AppointmentKind::kTherapySession, slot, period, from + 1, to);
  }

  void UpcomingIntake(uint32_t patient) {
    const uint32_t clinician = PickWithRoom(talkers_).index;
    const int64_t day =
        NextWorkingDay(clinician, h_.options.days + rng_.Between(0, kBookedAheadDays - 8));
    Push(patient, clinician, AppointmentKind::kIntake,
         h_.DayStart(day) + (Staff(clinician).office_start_minute + 60) * kMicrosPerMinute);
  }

  void Groups() {
    std::vector<uint32_t> therapy_clients;
    for (const Encounter& e : h_.encounters) {
      if (e.discharged == kNever && e.admitted < h_.DayStart(-kHistoryDays) &&
          h_.employees[e.attending].role != Role::kPsychiatrist) {
        therapy_clients.push_back(e.patient);
      }
    }
    if (therapy_clients.size() < 6) return;
    for (const Clinician& c : talkers_) {
      if (Staff(c.index).role != Role::kTherapist || !rng_.Chance(kGroupLeaderShare)) continue;
      ClinicGroup g;
      g.leader = c.index;
      if (talkers_.size() > 1) {
        const Clinician& other = rng_.Pick(talkers_);
        if (other.index != c.index) g.co_leader = static_cast<int32_t>(other.index);
      }
      const auto size = static_cast<int>(rng_.Between(6, 10));
      for (int k = 0; k < size; ++k) g.members.push_back(rng_.Pick(therapy_clients));
      std::sort(g.members.begin(), g.members.end());
      g.members.erase(std::unique(g.members.begin(), g.members.end()), g.members.end());
      const Employee& leader = Staff(c.index);
      const Slot slot{WorkingWeekday(c.index),
                      leader.office_start_minute + leader.office_minutes - 90, 0};
      for (uint32_t member : g.members) {
        Series(member, c.index, AppointmentKind::kGroupSession, slot, 1, -kHistoryDays, last_);
      }
      h_.groups.push_back(std::move(g));
    }
  }

  Hospital& h_;
  DemoRandom rng_;
  const int64_t last_;                  // the feeds reach window days [-kHistoryDays, last_)
  std::vector<Clinician> talkers_;      // therapists and psychologists
  std::vector<Clinician> prescribers_;  // psychiatrists
  std::vector<uint32_t> nurses_;
};

}  // namespace

void GenerateClinicCaseload(Hospital& h) {
  if (h.patients.empty()) return;
  CaseloadMaker(h).Run();
}

}  // namespace phi::demo
