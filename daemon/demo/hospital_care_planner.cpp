// Hospital care around and outside stays (see PlanHospitalCare in task_planning.hpp): the work a
// care team does for patients who are not, or not yet, or no longer in a bed on the unit.
#include <algorithm>
#include <array>

#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/task_planning.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::array<Role, 1> kNurse = {Role::kNurse};
constexpr std::array<Role, 2> kDoctors = {Role::kPhysician, Role::kResident};

bool IsVisit(AppointmentKind kind) {
  return kind == AppointmentKind::kClinicVisit || kind == AppointmentKind::kFollowUpVisit ||
         kind == AppointmentKind::kPreAdmission || kind == AppointmentKind::kReferralVisit;
}

class CarePlanner {
 public:
  explicit CarePlanner(const PlanningContext& c) : c_(c), h_(c.h) {}

  void Visits() {
    auto [first, last] =
        c_.appointments.Between(h_.DayStart(-14), h_.DayStart(h_.options.days + 8));
    for (size_t i = first; i < last; ++i) {
      const Appointment& a = h_.appointments[i];
      DemoRandom rng(c_.Seed("visit-tasks", i));
      if (IsVisit(a.kind)) {
        Visit(a, rng);
      } else if (a.kind == AppointmentKind::kImagingOrder) {
        Imaging(a, rng);
      }
    }
  }

  void Consults() {
    for (size_t i = 0; i < h_.consults.size(); ++i) {
      const Consult& consult = h_.consults[i];
      if (consult.at < h_.DayStart(-1) || consult.at >= h_.End()) continue;
      DemoRandom rng(c_.Seed("consult-tasks", i));
      const AccessReason reason =
          consult.recorded ? AccessReason::kConsult : AccessReason::kUnrecordedConsult;
      c_.During(consult.consultant, consult.patient, reason, consult.at - 10 * kMicrosPerMinute,
                consult.at + 90 * kMicrosPerMinute, 2);
      if (!rng.Chance(kConsultRevisitShare) || consult.encounter < 0) continue;
      const Encounter& e = h_.encounters[static_cast<size_t>(consult.encounter)];
      const TimeMicros again = consult.at + kMicrosPerDay + rng.Between(-2, 2) * kMicrosPerHour;
      if (again + kMicrosPerHour < e.discharged) {
        c_.During(consult.consultant, consult.patient, reason, again - kMicrosPerHour,
                  again + kMicrosPerHour, 1);
      }
    }
  }

  void Stays() {
    const TimeMicros oldest = h_.DayStart(-kResultsReviewMaxDays - 1);
    for (size_t i = 0; i < h_.encounters.size(); ++i) {
      const Encounter& e = h_.encounters[i];
      if (e.discharged < oldest) continue;
      DemoRandom rng(c_.Seed("stay-tasks", i));
      if (e.scheduled && rng.Chance(kChartPrepShare)) {
        c_.OnDay(e.attending, h_.WindowDay(e.admitted) - rng.Between(1, kChartPrepMaxDays),
                 e.patient, AccessReason::kChartPrep);
      }
      if (e.discharged == kNever) continue;
      const int64_t discharge_day = h_.WindowDay(e.discharged);
      if (e.department != Department::kEmergency) {
        if (!c_.During(e.attending, e.patient, AccessReason::kDischargeSummary, e.discharged,
                       e.discharged + 6 * kMicrosPerHour, 2)) {
          c_.FirstDay(e.attending, discharge_day + 1, discharge_day + 3, e.patient,
                      AccessReason::kDischargeSummary, 2);
        }
        if (rng.Chance(kFollowUpCallShare)) {
          FollowUpCall(e.department, e.patient, discharge_day + rng.Between(1, 3), false, rng);
        }
      }
      if (rng.Chance(kResultsReviewShare)) {
        c_.OnDay(e.attending, discharge_day + rng.Between(2, kResultsReviewMaxDays), e.patient,
                 AccessReason::kResultsReview);
      }
    }
  }

  // Night doctors answer pages about the other teams' patients on their floor group.
  void CrossCover() {
    for (int day = -1; day < h_.options.days; ++day) {
      for (int u = 0; u < kDepartmentCount; ++u) {
        const auto unit = static_cast<Department>(u);
        auto covered = CoveredBy(unit);
        if (covered.empty()) continue;
        for (uint32_t doc : c_.roster.InUnit(unit, day)) {
          const Role role = h_.employees[doc].role;
          if (std::find(kDoctors.begin(), kDoctors.end(), role) == kDoctors.end()) continue;
          const ShiftWindow* w = c_.roster.Shift(doc, day);
          if (w->begin < h_.DayStart(day) + 17 * kMicrosPerHour) continue;  // day shift
          DemoRandom rng(c_.Seed(
              "cross-cover", (static_cast<uint64_t>(doc) << 16) | static_cast<uint64_t>(day + 1)));
          const int pages = static_cast<int>(rng.Between(1, kCrossCoverMaxPatients));
          for (int k = 0; k < pages; ++k) {
            const Department other = covered[rng.Below(static_cast<uint32_t>(covered.size()))];
            auto census = c_.encounters.OnDay(other, std::max(0, day));
            if (census.empty()) continue;
            const Encounter& e =
                h_.encounters[census[rng.Below(static_cast<uint32_t>(census.size()))]];
            const TimeMicros t =
                rng.Between(w->begin + 30 * kMicrosPerMinute, w->end - 40 * kMicrosPerMinute);
            if (e.admitted > t || e.discharged <= t + 30 * kMicrosPerMinute) continue;
            c_.During(doc, e.patient, AccessReason::kCrossCover, t, t + 30 * kMicrosPerMinute);
          }
        }
      }
    }
  }

 private:
  static std::span<const Department> CoveredBy(Department unit) {
    static constexpr Department kFromMedicine[] = {Department::kCardiology, Department::kOncology};
    static constexpr Department kFromCardiology[] = {Department::kInternalMedicine,
                                                     Department::kOncology};
    static constexpr Department kFromOncology[] = {Department::kInternalMedicine,
                                                   Department::kCardiology};
    static constexpr Department kFromPediatrics[] = {Department::kObstetrics};
    static constexpr Department kFromObstetrics[] = {Department::kPediatrics};
    static constexpr Department kFromPsychiatry[] = {Department::kInternalMedicine};
    switch (unit) {
      case Department::kInternalMedicine:
        return kFromMedicine;
      case Department::kCardiology:
        return kFromCardiology;
      case Department::kOncology:
        return kFromOncology;
      case Department::kPediatrics:
        return kFromPediatrics;
      case Department::kObstetrics:
        return kFromObstetrics;
      case Department::kPsychiatry:
        return kFromPsychiatry;
      default:
        return {};
    }
  }

  void Visit(const Appointment& a, DemoRandom& rng) {
    const TimeMicros t = a.scheduled;
    const int64_t day = h_.WindowDay(t);
    c_.During(a.provider, a.patient, AccessReason::kClinicVisit, t - 20 * kMicrosPerMinute,
              t + 40 * kMicrosPerMinute, 3);
    auto nurse = c_.roster.OnDuty(a.department, kNurse, t, rng, 0, [&](uint32_t u) {
      return h_.employees[u].shift == Shift::kOffice;  // the clinic's own nurses
    });
    if (nurse) {
      c_.During(*nurse, a.patient, AccessReason::kClinicVisit, t - 15 * kMicrosPerMinute,
                t + 30 * kMicrosPerMinute, 2);
    }
    if (a.referral_letter) {
      c_.During(a.provider, a.patient, AccessReason::kReferralLetter, t + 20 * kMicrosPerMinute,
                t + 4 * kMicrosPerHour);
    }
    if (rng.Chance(kChartPrepShare)) {
      c_.OnDay(a.provider, day - rng.Between(1, kChartPrepMaxDays), a.patient,
               AccessReason::kChartPrep);
    }
    if (rng.Chance(0.3)) FollowUpCall(a.department, a.patient, day - rng.Between(1, 2), true, rng);
    if (rng.Chance(0.3)) {
      c_.OnDay(a.provider, day + rng.Between(2, 14), a.patient, AccessReason::kResultsReview);
    }
  }

  // A nurse of the department calls the patient on `day`, between 10:00 and 16:00.
  void FollowUpCall(Department d, uint32_t patient, int64_t day, bool clinic_nurse,
                    DemoRandom& rng) {
    if (day < -1 || day >= h_.options.days) return;
    const TimeMicros t = h_.DayStart(day) + rng.Between(10 * 60, 16 * 60) * kMicrosPerMinute;
    auto nurse = c_.roster.OnDuty(d, kNurse, t, rng, 30 * kMicrosPerMinute, [&](uint32_t u) {
      return !clinic_nurse || h_.employees[u].shift == Shift::kOffice;
    });
    if (nurse) {
      c_.During(*nurse, patient, AccessReason::kFollowUpCall, t, t + 20 * kMicrosPerMinute);
    }
  }

  void Imaging(const Appointment& a, DemoRandom& rng) {
    static constexpr std::array<Role, 1> kTechnologist = {Role::kNurse};
    const TimeMicros t = a.scheduled;
    if (t < h_.DayStart(-1) || t >= h_.End()) return;
    auto tech = c_.roster.OnDuty(Department::kRadiology, kTechnologist, t, rng);
    if (tech) {
      c_.During(*tech, a.patient, AccessReason::kImagingStudy, t - 10 * kMicrosPerMinute,
                t + 40 * kMicrosPerMinute, 2);
    }
    if (!c_.During(a.provider, a.patient, AccessReason::kImagingRead, t + 10 * kMicrosPerMinute,
                   t + 6 * kMicrosPerHour, 2)) {
      const int64_t day = h_.WindowDay(t);
      c_.FirstDay(a.provider, day, day + 2, a.patient, AccessReason::kImagingRead, 2);
    }
  }

  const PlanningContext& c_;
  const Hospital& h_;
};

}  // namespace

void PlanHospitalCare(const PlanningContext& context) {
  CarePlanner planner(context);
  planner.Visits();
  planner.Consults();
  planner.Stays();
  planner.CrossCover();
}

}  // namespace phi::demo
