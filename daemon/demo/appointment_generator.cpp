// Generates the hospital's appointments feed (see appointment_generator.hpp).
#include "daemon/demo/appointment_generator.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/care_patient_picker.hpp"
#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::array<Role, 1> kPhysician = {Role::kPhysician};

class AppointmentMaker {
 public:
  AppointmentMaker(Hospital& h, const Roster& roster)
      : h_(h), roster_(roster), picker_(h), clinic_physicians_(kDepartmentCount) {
    for (uint32_t i = 0; i < h.employees.size(); ++i) {
      const Employee& e = h.employees[i];
      if (e.role != Role::kPhysician) continue;
      if (e.clinic_weekdays != 0)
        clinic_physicians_[static_cast<size_t>(e.department)].push_back(i);
      if (e.department == Department::kRadiology) radiologists_.push_back(i);
    }
  }

  void ClinicSessions() {
    for (const auto& physicians : clinic_physicians_) {
      for (uint32_t p : physicians) {
        for (int64_t day = -kHistoryDays; day < h_.options.days + kBookedAheadDays; ++day) {
          if ((h_.employees[p].clinic_weekdays & (1u << h_.Weekday(day))) == 0) continue;
          if (!roster_.Shift(p, day)) continue;  // on leave, or terminated
          DemoRandom rng(DeriveSeed(h_.options.seed, {Salt("clinic-session"), p,
                                                      static_cast<uint64_t>(day + kHistoryDays)}));
          Session(p, day, rng);
        }
      }
    }
  }

  void AroundStays() {
    for (uint32_t i = 0; i < h_.encounters.size(); ++i) {
      const Encounter& e = h_.encounters[i];
      DemoRandom rng(DeriveSeed(h_.options.seed, {Salt("stay-orders"), i}));
      const TimeMicros end = std::min(e.discharged, h_.End());
      if (e.department == Department::kEmergency) {
        if (rng.Chance(kEdImagingShare)) {
          TimeMicros t =
              e.admitted + rng.Between(20 * kMicrosPerMinute,
                                       std::max(21 * kMicrosPerMinute,
                                                std::min(end - e.admitted, 2 * kMicrosPerHour)));
          ImagingOrder(e.patient, t, static_cast<int32_t>(i), rng);
        }
        continue;
      }
      if (rng.Chance(kStayImagingShare) && end - e.admitted > 3 * kMicrosPerHour) {
        int orders = static_cast<int>(rng.Between(1, 2));
        for (int k = 0; k < orders; ++k) {
          TimeMicros t = rng.Between(e.admitted + kMicrosPerHour, end - kMicrosPerHour);
          ImagingOrder(e.patient, t, static_cast<int32_t>(i), rng);
        }
      }
      if (e.scheduled && rng.Chance(kPreAdmissionVisitShare)) {
        int64_t day = h_.WindowDay(e.admitted) - rng.Between(2, 7);
        if (roster_.Shift(e.attending, day)) {
          Push(e.patient, e.department, AppointmentKind::kPreAdmission, e.attending,
               h_.DayStart(day) + rng.Between(9 * 60, 16 * 60) * kMicrosPerMinute);
        }
      }
      if (e.discharged != kNever && rng.Chance(kFollowUpVisitShare)) FollowUp(e, rng);
    }
  }

 private:
  // Morning or afternoon, the same half of the day every week for one physician.
  TimeMicros SessionStart(uint32_t physician, int64_t day) const {
    DemoRandom half(DeriveSeed(h_.options.seed, {Salt("clinic-half"), physician}));
    return h_.DayStart(day) + (half.Chance(0.5) ? 8 : 13) * kMicrosPerHour;
  }

  void Session(uint32_t physician, int64_t day, DemoRandom& rng) {
    const Department d = h_.employees[physician].department;
    const int visits = static_cast<int>(rng.Between(8, 14));
    const TimeMicros start = SessionStart(physician, day);
    const TimeMicros slot = 4 * kMicrosPerHour / visits;
    const int64_t epoch_day = h_.start_day + day;
    for (int k = 0; k < visits; ++k) {
      auto patient = picker_.Pick(d, epoch_day, epoch_day, rng);
      if (!patient) return;
      TimeMicros t = start + k * slot + rng.Between(0, 5) * kMicrosPerMinute;
      const size_t visit =
          Push(*patient, d, AppointmentKind::kClinicVisit, physician, t - t % kMicrosPerMinute);
      if (rng.Chance(kReferralShare) && Refer(*patient, d, day, rng)) {
        h_.appointments[visit].referral_letter = true;
      }
      if (rng.Chance(kVisitImagingShare)) {
        int64_t on = day + rng.Between(0, 7);
        ImagingOrder(*patient, h_.DayStart(on) + rng.Between(8 * 60, 19 * 60) * kMicrosPerMinute,
                     -1, rng);
      }
    }
  }

  // A referral visit in another clinic 7-30 days later; false when none can be booked.
  bool Refer(uint32_t patient, Department from, int64_t day, DemoRandom& rng) {
    static constexpr std::array<Department, 6> kClinics = {
        Department::kCardiology, Department::kOncology,         Department::kPediatrics,
        Department::kPsychiatry, Department::kInternalMedicine, Department::kObstetrics};
    const Department to = rng.Pick(std::span<const Department>(kClinics));
    const auto& physicians = clinic_physicians_[static_cast<size_t>(to)];
    if (to == from || physicians.empty()) return false;
    const int64_t epoch_day = h_.start_day + day;
    if (to == Department::kPediatrics && epoch_day - h_.patients[patient].dob_day >= 18 * 365) {
      return false;
    }
    const uint32_t q = rng.Pick(physicians);
    return BookInClinic(patient, to, q, day + rng.Between(7, 30), AppointmentKind::kReferralVisit,
                        rng);
  }

  // A visit with `provider` on their first clinic day on or after `day`.
  bool BookInClinic(uint32_t patient, Department d, uint32_t provider, int64_t day,
                    AppointmentKind kind, DemoRandom& rng) {
    const uint8_t weekdays = h_.employees[provider].clinic_weekdays;
    for (int64_t on = day; on < day + 7; ++on) {
      if (on >= h_.options.days + kBookedAheadDays) return false;
      if ((weekdays & (1u << h_.Weekday(on))) == 0 || !roster_.Shift(provider, on)) continue;
      const Patient& p = h_.patients[patient];
      if (p.deceased_day != kNoDay && p.deceased_day <= h_.start_day + on) return false;
      TimeMicros t = SessionStart(provider, on) + rng.Between(0, 15) * 15 * kMicrosPerMinute;
      Push(patient, d, kind, provider, t);
      return true;
    }
    return false;
  }

  void FollowUp(const Encounter& e, DemoRandom& rng) {
    const auto& physicians = clinic_physicians_[static_cast<size_t>(e.department)];
    uint32_t provider = e.attending;
    if (h_.employees[provider].clinic_weekdays == 0) {
      if (physicians.empty()) return;
      provider = rng.Pick(physicians);
    }
    BookInClinic(e.patient, e.department, provider, h_.WindowDay(e.discharged) + rng.Between(7, 28),
                 AppointmentKind::kFollowUpVisit, rng);
  }

  void ImagingOrder(uint32_t patient, TimeMicros t, int32_t encounter, DemoRandom& rng) {
    if (radiologists_.empty() || h_.WindowDay(t) >= h_.options.days + kBookedAheadDays) return;
    auto reader = roster_.OnDuty(Department::kRadiology, kPhysician, t, rng);
    const size_t order = Push(patient, Department::kRadiology, AppointmentKind::kImagingOrder,
                              reader ? *reader : rng.Pick(radiologists_), t - t % kMicrosPerMinute);
    h_.appointments[order].encounter = encounter;
  }

  // Returns the new appointment's index (the vector may grow again before it is used).
  size_t Push(uint32_t patient, Department d, AppointmentKind kind, uint32_t provider,
              TimeMicros t) {
    Appointment a;
    a.patient = patient;
    a.department = d;
    a.kind = kind;
    a.provider = provider;
    a.scheduled = t - t % 1000;
    h_.appointments.push_back(a);
    return h_.appointments.size() - 1;
  }

  Hospital& h_;
  const Roster& roster_;
  CarePatientPicker picker_;
  std::vector<std::vector<uint32_t>> clinic_physicians_;  // [department]
  std::vector<uint32_t> radiologists_;
};

}  // namespace

void GenerateHospitalAppointments(Hospital& h, const Roster& roster) {
  if (h.patients.empty()) return;
  AppointmentMaker maker(h, roster);
  maker.ClinicSessions();
  maker.AroundStays();
}

void SortCareFeeds(Hospital& h) {
  std::stable_sort(
      h.appointments.begin(), h.appointments.end(),
      [](const Appointment& a, const Appointment& b) { return a.scheduled < b.scheduled; });
  std::stable_sort(h.consults.begin(), h.consults.end(),
                   [](const Consult& a, const Consult& b) { return a.at < b.at; });
}

}  // namespace phi::demo
