// Incidents about how the user behaved: access after termination, a bulk export (large for the
// organisation and far beyond the user's own batches), a volume spike, night work by a day
// worker, bursts of failures, and a run of consecutive MRNs (see incident_builder.hpp).
#include <algorithm>

#include "daemon/demo/incident_builder.hpp"
#include "daemon/demo/work_schedule.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {

bool IncidentBuilder::Terminated(int /*i*/) {
  const int days = h_.options.days;
  const int last_day_employed = std::max(-1, std::min(days / 2, days - 2));
  // Someone with nobody booked to see them after they leave (no caseload, no clinic days).
  const TimeMicros leaves = h_.DayStart(last_day_employed + 1);
  if (!TakeUser([&](uint32_t u, const Employee& e) {
        return LastDuty(u) < leaves && e.supervisor < 0 &&
               (!h_.clinic() || !IsCareTeamRole(e.role));
      })) {
    skip_reason_ = "no unused employee without appointments after the termination date left";
    return false;
  }
  Employee& e = h_.employees[user_];
  e.terminated_day = h_.start_day + last_day_employed;
  int day = static_cast<int>(rng_.Between(last_day_employed + 1, days - 1));
  ShiftWindow w = UsualHours(h_, user_, day);
  w.end = std::min(w.end, h_.End());
  TimeMicros t = rng_.Between(w.begin, std::max(w.begin, w.end - 2 * kMicrosPerHour));
  Add(t, Action::kLogin, RecordType::kNone, -1);
  int opened = static_cast<int>(rng_.Between(3, 6));
  int32_t first = -1;
  for (int k = 0; k < opened; ++k) {
    t += rng_.Between(1, 4) * kMicrosPerMinute;
    int32_t patient = PickOrdinary(EpochDay(t));
    if (patient < 0) return false;
    if (first < 0) first = patient;
    Add(t, Action::kView, k % 2 == 0 ? RecordType::kDemographics : RecordType::kClinicalNote,
        patient);
  }
  Add(t + rng_.Between(1, 5) * kMicrosPerMinute, Action::kLogout, RecordType::kNone, -1);
  return Commit(-1, Who() + ", terminated on " + DateText(e.terminated_day) +
                        ", logged in and opened " + std::to_string(opened) + " records on " +
                        DateText(EpochDay(t)));
}

// "Many" is relative: 150 records is a bulk export in a practice of 2,000 clients (7.5% of the
// records), and it is always several times the user's own daily batch.
bool IncidentBuilder::BulkExport(int /*i*/) {
  bool found = TakeUser([](const Employee& e) {
                 return e.role == Role::kBillingClerk || e.role == Role::kHimAnalyst ||
                        e.role == Role::kPhysician || e.role == Role::kResident ||
                        e.role == Role::kRegistrar || e.role == Role::kFrontDesk ||
                        e.role == Role::kPsychiatrist || e.role == Role::kTherapist;
               }).has_value();
  if (!found && !TakeUser([](const Employee&) { return true; })) {
    skip_reason_ = "no unused employee left";
    return false;
  }
  const auto patients = static_cast<int64_t>(h_.patients.size());
  const int64_t fewest = std::max<int64_t>({150, patients * 3 / 40, 4 * User().batch_rows});
  const int64_t most = std::max(fewest, std::min(patients, fewest * 5 / 2));
  TimeMicros t = WorkingTime(0);
  auto rows = static_cast<int32_t>(rng_.Between(fewest, most));
  Add(t, Action::kQuery, RecordType::kDemographics, -1, rows);
  Add(t + rng_.Between(30, 300) * kMicrosPerSecond, Action::kExport, RecordType::kDemographics, -1,
      rows);
  return Commit(-1, Who() + " exported " + std::to_string(rows) + " of " +
                        std::to_string(patients) + " patient records in one export" +
                        (User().batch_rows > 0 ? " (their usual batch: up to " +
                                                     std::to_string(User().batch_rows) + ")"
                                               : ""));
}

bool IncidentBuilder::VolumeSpike(int /*i*/) {
  bool found = TakeUser([](const Employee& e) {
                 return IsCareTeamRole(e.role) && e.shift != Shift::kNight && !e.rotates_nights &&
                        e.daily_patients > 0;
               }).has_value();
  if (!found && !TakeUser([](const Employee& e) { return e.daily_patients > 0; })) {
    skip_reason_ = "no unused employee with a patient load left";
    return false;
  }
  // The latest working day with some days of normal work before it.
  const int days = h_.options.days;
  std::optional<ShiftWindow> shift;
  int day = days - 1;
  for (int lowest : {std::min(2, days - 1), 0}) {
    for (int d = days - 1; d >= lowest && !shift; --d) {
      shift = ShiftOn(h_, user_, d);
      day = d;
    }
  }
  if (!shift) {
    shift = UsualHours(h_, user_, days - 1);
    shift->end = std::min(shift->end, h_.End());
    day = days - 1;
  }
  // daily_patients is the planned caseload; chart tasks, notes and calls around it make the
  // distinct patients of a real day about twice that: a spike far beyond both.
  const int usual = User().daily_patients;
  int wanted = usual * static_cast<int>(rng_.Between(8, 12));
  wanted = std::min<int>(wanted, static_cast<int>(h_.patients.size() / 3));
  std::vector<bool> chosen(h_.patients.size(), false);
  int distinct = 0;
  const int64_t epoch_day = h_.start_day + day;
  for (int tries = 0; distinct < wanted && tries < wanted * 20; ++tries) {
    int32_t p = PickOrdinary(epoch_day);
    if (p < 0 || chosen[static_cast<size_t>(p)]) continue;
    chosen[static_cast<size_t>(p)] = true;
    ++distinct;
    TimeMicros t = rng_.Between(
        shift->begin + 10 * kMicrosPerMinute,
        std::max(shift->begin + 10 * kMicrosPerMinute, shift->end - 10 * kMicrosPerMinute));
    Browse(t, p, static_cast<int>(rng_.Between(1, 2)));
  }
  if (distinct < usual * 8) {
    skip_reason_ = "not enough patients for a spike";
    return false;
  }
  return Commit(-1, Who() + " touched " + std::to_string(distinct) + " distinct patients on " +
                        DateText(epoch_day) + ", against a planned caseload of about " +
                        std::to_string(usual));
}

// Window days on which `user` has already worked three days at least: before then a detector
// has not seen enough of the user's hours (a part-timer, or someone back from leave) to call
// one unusual.
std::vector<int> IncidentBuilder::DaysWithKnownHours(uint32_t user) const {
  constexpr int kWorkedDaysBefore = 3;
  std::vector<int> days;
  for (int d = 0, worked = 0; d < h_.options.days; ++d) {
    if (worked >= kWorkedDaysBefore) days.push_back(d);
    if (ShiftOn(h_, user, d)) ++worked;
  }
  return days;
}

bool IncidentBuilder::AfterHours(int /*i*/) {
  auto day_worker = [&](uint32_t u, const Employee& e) {
    return e.shift != Shift::kNight && !e.rotates_nights && !DaysWithKnownHours(u).empty();
  };
  bool found =
      TakeUser([&](uint32_t u, const Employee& e) {
        return day_worker(u, e) && (IsCareTeamRole(e.role) || e.role == Role::kBillingClerk ||
                                    e.role == Role::kHimAnalyst);
      }).has_value();
  if (!found && !TakeUser(day_worker)) {
    skip_reason_ = "no unused day-shift employee with a few days of work left";
    return false;
  }
  const std::vector<int> known = DaysWithKnownHours(user_);
  const int day = known[rng_.Below(static_cast<uint32_t>(known.size()))];
  TimeMicros t =
      h_.DayStart(day) + kMicrosPerHour + rng_.Between(kMicrosPerMinute, 20 * kMicrosPerMinute);
  Add(t - 30 * kMicrosPerSecond, Action::kLogin, RecordType::kNone, -1, 1, kAccessRemote);
  int records = static_cast<int>(rng_.Between(20, 30));
  std::vector<int32_t> seen;
  for (int k = 0; k < records; ++k) {
    int32_t p = PickOrdinary(h_.start_day + day);
    if (p < 0) return false;
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) {
      --k;
      continue;
    }
    seen.push_back(p);
    Add(t, Action::kView, k % 3 == 0 ? RecordType::kDemographics : RecordType::kClinicalNote, p, 1,
        kAccessRemote);
    t += rng_.Between(2 * 60, 5 * 60) * kMicrosPerSecond;
  }
  Add(t, Action::kLogout, RecordType::kNone, -1, 1, kAccessRemote);
  return Commit(-1, Who() + ", who works " +
                        (User().shift == Shift::kOffice ? "office hours" : "day shifts") +
                        ", opened " + std::to_string(records) +
                        " records between 01:00 and 04:00 on " + DateText(h_.start_day + day) +
                        " over VPN");
}

bool IncidentBuilder::FailedBurst(int i) {
  if (!TakeUser([](const Employee&) { return true; })) {
    skip_reason_ = "no unused employee left";
    return false;
  }
  TimeMicros t = WorkingTime(0);
  int failures = static_cast<int>(rng_.Between(12, 20));
  const bool logins = i % 2 == 0;
  static constexpr RecordType kRestricted[] = {RecordType::kPsychotherapyNote,
                                               RecordType::kSudTreatment, RecordType::kHivResult};
  for (int k = 0; k < failures; ++k) {
    if (logins) {
      Add(t, Action::kLogin, RecordType::kNone, -1, 1, kAccessFailure);
    } else {
      int32_t p = PickOrdinary(EpochDay(t));
      if (p < 0) return false;
      Add(t, Action::kView, rng_.Pick(std::span<const RecordType>(kRestricted)), p, 1,
          kAccessFailure);
    }
    t += rng_.Between(5, 20) * kMicrosPerSecond;
  }
  if (logins) Add(t, Action::kLogin, RecordType::kNone, -1);
  return Commit(-1, Who() + " had " + std::to_string(failures) +
                        (logins ? " failed logins" : " denied views of restricted records") +
                        " within minutes");
}

bool IncidentBuilder::ConsecutiveMrns(int /*i*/) {
  const auto length = static_cast<uint32_t>(rng_.Between(20, 30));
  if (h_.patients.size() < length + 1) {
    skip_reason_ = "too few patients";
    return false;
  }
  // In a hospital the run lies outside the care of every unit the user works in; in a clinic,
  // where nearly every record is a client of the one department, outside the user's own
  // caseload. A user whose department sees too much of the hospital leaves it to another.
  const bool strict = !h_.clinic();
  auto browser = [](const Employee& e) {
    return IsCareTeamRole(e.role) || e.role == Role::kHimAnalyst || e.role == Role::kRegistrar;
  };
  std::vector<uint32_t> passed_over;  // tried without luck: free for later scenarios
  auto release = [&] {
    for (uint32_t u : passed_over) used_[u] = false;
  };
  for (int candidates = 0; candidates < 20; ++candidates) {
    if (!TakeUser(browser) && !TakeUser([](const Employee&) { return true; })) break;
    TimeMicros t = WorkingTime(0);
    const int64_t day = EpochDay(t);
    std::vector<uint32_t> starts;  // first MRNs of clean runs
    uint32_t clean_run = 0;
    for (uint32_t p = 0; p < h_.patients.size(); ++p) {
      const bool clean = Ordinary(p, day) && h_.patients[p].deceased_day == kNoDay &&
                         (strict ? NeverTreatedBy(p, user_) : !history_.TreatedBy(p, user_));
      clean_run = clean ? clean_run + 1 : 0;
      if (clean_run >= length) starts.push_back(p + 1 - length);
    }
    if (starts.empty()) {
      passed_over.push_back(user_);
      continue;
    }
    release();
    const uint32_t first = rng_.Pick(starts);
    for (uint32_t p = first; p < first + length; ++p) {
      Add(t, Action::kView, RecordType::kDemographics, static_cast<int32_t>(p));
      t += rng_.Between(10, 40) * kMicrosPerSecond;
    }
    return Commit(-1, Who() + " opened " + std::to_string(length) + " consecutive MRNs " +
                          Mrn(static_cast<int32_t>(first)) + ".." +
                          Mrn(static_cast<int32_t>(first + length - 1)));
  }
  release();
  skip_reason_ = "no run of ordinary consecutive MRNs outside the department's care found";
  return false;
}

}  // namespace phi::demo
