// The task book (see chart_task.hpp).
#include "daemon/demo/chart_task.hpp"

namespace phi::demo {

bool HasRecordedLink(AccessReason reason) {
  switch (reason) {
    case AccessReason::kWardCare:
    case AccessReason::kClinicVisit:
    case AccessReason::kChartPrep:
    case AccessReason::kResultsReview:
    case AccessReason::kFollowUpCall:
    case AccessReason::kDischargeSummary:
    case AccessReason::kReferralLetter:
    case AccessReason::kImagingStudy:
    case AccessReason::kImagingRead:
    case AccessReason::kConsult:
    case AccessReason::kRegistration:
    case AccessReason::kNewPatient:
    case AccessReason::kCheckIn:
    case AccessReason::kScheduling:
    case AccessReason::kBilling:
    case AccessReason::kTherapySession:
    case AccessReason::kMedicationVisit:
    case AccessReason::kIntakeScreening:
      return true;
    default:
      return false;
  }
}

void TaskBook::Seal(size_t users, int days) {
  days_ = days;
  const size_t slots = users * static_cast<size_t>(days + 1);
  offsets_.assign(slots + 1, 0);
  auto slot = [&](const ChartTask& t) {
    return static_cast<size_t>(t.user) * static_cast<size_t>(days + 1) +
           static_cast<size_t>(t.day + 1);
  };
  for (const ChartTask& t : tasks_) ++offsets_[slot(t) + 1];
  for (size_t s = 0; s < slots; ++s) offsets_[s + 1] += offsets_[s];
  std::vector<ChartTask> sorted(tasks_.size());
  std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (const ChartTask& t : tasks_) sorted[fill[slot(t)]++] = t;
  tasks_ = std::move(sorted);
}

std::span<const ChartTask> TaskBook::For(uint32_t user, int day) const {
  const size_t s =
      static_cast<size_t>(user) * static_cast<size_t>(days_ + 1) + static_cast<size_t>(day + 1);
  return {tasks_.data() + offsets_[s], offsets_[s + 1] - offsets_[s]};
}

}  // namespace phi::demo
