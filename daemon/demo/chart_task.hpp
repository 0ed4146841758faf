// Routine work is planned before it is written: a ChartTask says that a user, on the shift that
// starts on a day, opens a patient's chart for a reason within a time range. Planners fill a
// TaskBook; ShiftWork writes it. The reason is internal, never written to the logs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi::demo {

enum class AccessReason : uint8_t {
  kNone,               // logins, searches, batch exports, IT queries
  kWardCare,           // a patient of the unit, during the stay or ED visit
  kClinicVisit,        // an appointment: the provider, the rooming nurse
  kChartPrep,          // 1-7 days before a visit or a scheduled stay
  kResultsReview,      // days to weeks after a discharge or a visit
  kFollowUpCall,       // a nurse's call before a visit or after a discharge
  kDischargeSummary,   // the attending, on or just after the discharge day
  kReferralLetter,     // the referring physician, after the visit
  kImagingStudy,       // the technologist at the scanner
  kImagingRead,        // the radiologist
  kConsult,            // with a consult order in the appointments feed
  kUnrecordedConsult,  // a consult with no order
  kCrossCover,         // a night doctor covering another team's patients
  kRegistration,       // ED arrival, admission
  kNewPatient,         // registering someone the hospital has never seen
  kCheckIn,            // outpatient check-in and check-out
  kScheduling,         // booking, reminder calls, rescheduling
  kBilling,            // charges, claims, denials
  kHimAbstracting,     // coding and chart completion after a discharge
  kReleaseOfInformation,
  kTherapySession,   // clinic: the clinician's session and its notes
  kGroupSession,     // clinic: leader and co-leader
  kMedicationVisit,  // clinic: prescriber or nurse
  kCaseloadCall,     // clinic: a call or message about one of the clinician's clients
  kSupervision,      // clinic: a supervisor reviewing a supervisee's client
  kLeaveCoverage,    // clinic: covering a colleague's caseload during leave
  kIntakeScreening,  // clinic: the intake coordinator before a first session
};

// Reasons backed by a recorded relationship in the feeds (an encounter or an appointment of the
// user's department around that time); the others are consults, cover, supervision, HIM.
bool HasRecordedLink(AccessReason reason);

struct ChartTask {
  TimeMicros from = 0;  // the task's accesses fall in [from, to], cut to the shift
  TimeMicros to = 0;
  uint32_t user = 0;
  uint32_t patient = 0;
  int16_t day = 0;  // the window day the user's shift starts on
  AccessReason reason = AccessReason::kNone;
  uint8_t weight = 1;  // relative share of the user's accesses that day
};

class TaskBook {
 public:
  void Add(const ChartTask& task) { tasks_.push_back(task); }
  // Groups the tasks by user and day (stable). REQUIRES: called once, before For().
  void Seal(size_t users, int days);
  // The tasks of `user`'s shift starting on `day`, -1 <= day < days.
  std::span<const ChartTask> For(uint32_t user, int day) const;
  size_t size() const { return tasks_.size(); }

 private:
  std::vector<ChartTask> tasks_;
  std::vector<uint32_t> offsets_;  // [user * (days + 1) + day + 1]
  int days_ = 0;
};

}  // namespace phi::demo
