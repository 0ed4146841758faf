// Self-checks of the generated hospital (see output_self_check.hpp).
#include "daemon/demo/output_self_check.hpp"

#include <algorithm>
#include <set>

#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

constexpr size_t kMaxReported = 8;

class Checker {
 public:
  Checker(const Hospital& h, const EncounterIndex& index) : h_(h), index_(index) {}

  void Fail(std::string problem) {
    if (problems_.size() < kMaxReported) problems_.push_back(std::move(problem));
    ++failures_;
  }

  int64_t Day(TimeMicros t) const { return h_.start_day + (t - h_.options.start) / kMicrosPerDay; }

  void CheckRoutine(const AccessEvent& e) {
    const Employee& user = h_.employees[e.user];
    if (user.terminated_day != kNoDay && Day(e.ts) >= user.terminated_day) {
      Fail("routine access by " + user.user_id + " after termination");
    }
    if (e.action == Action::kBreakGlass) Fail("routine break-glass by " + user.user_id);
    if (user.role != Role::kService && e.record_count >= 5000) {
      Fail("routine bulk access by " + user.user_id);
    }
    if (e.patient < 0) return;
    const auto p = static_cast<uint32_t>(e.patient);
    const Patient& patient = h_.patients[p];
    if (IsPersonallyLinked(e.user, user, patient)) {
      Fail("routine access by " + user.user_id + " to linked patient " + MrnText(patient.mrn));
    }
    if (patient.deceased_day != kNoDay && patient.deceased_day + 365 < Day(e.ts)) {
      Fail("routine access to long-deceased " + MrnText(patient.mrn));
    }
    if (IsCareTeamRole(user.role) && IsFlagged(patient, Day(e.ts)) &&
        !index_.HasRelationship(p, user.department, e.ts)) {
      Fail("routine access by " + user.user_id + " to flagged " + MrnText(patient.mrn) +
           " without a relationship");
    }
  }

  void CheckIncident(const Incident& incident, const std::vector<const AccessEvent*>& events) {
    const Employee& user = h_.employees[incident.user];
    const std::string where = incident.scenario + " incident of " + user.user_id;
    if (events.empty()) return Fail(where + " has no events");
    if (events.front()->ts != incident.ts) Fail(where + ": ts is not its first access");
    for (const AccessEvent* e : events) {
      if (e->flags & kAccessAncillary) Fail(where + ": event outside ehr_access.jsonl");
    }
    const Patient* patient =
        incident.patient >= 0 ? &h_.patients[static_cast<size_t>(incident.patient)] : nullptr;
    const auto p = static_cast<uint32_t>(incident.patient);
    const std::string& s = incident.scenario;
    auto expect = [&](bool condition, const char* what) {
      if (!condition) Fail(where + ": " + what);
    };
    if (s == "vip") {
      expect(patient && patient->vip && !index_.HasEncounterIn(p, user.department),
             "patient is not a VIP without an encounter in the department");
    } else if (s == "coworker") {
      expect(patient && patient->employee >= 0 &&
                 patient->employee != static_cast<int32_t>(incident.user) &&
                 !index_.HasEncounterIn(p, user.department),
             "patient is not another employee without an encounter in the department");
    } else if (s == "family") {
      expect(patient && patient->last_name == user.last_name && patient->address == user.address,
             "patient does not share last name and address");
    } else if (s == "neighbour") {
      expect(patient && patient->address == user.address && patient->last_name != user.last_name,
             "patient is not a neighbour");
    } else if (s == "self") {
      expect(patient && patient->employee == static_cast<int32_t>(incident.user),
             "patient is not the user");
    } else if (s == "terminated") {
      expect(user.terminated_day != kNoDay && std::all_of(events.begin(), events.end(),
                                                          [&](const AccessEvent* e) {
                                                            return Day(e->ts) > user.terminated_day;
                                                          }),
             "access is not after the termination date");
    } else if (s == "bulk_export") {
      expect(std::any_of(events.begin(), events.end(),
                         [](const AccessEvent* e) {
                           return e->action == Action::kExport && e->record_count >= 5000;
                         }),
             "no export of 5000 or more records");
    } else if (s == "volume_spike") {
      std::set<int32_t> distinct;
      for (const AccessEvent* e : events) distinct.insert(e->patient);
      expect(distinct.size() >= 5u * user.daily_patients, "fewer than 5x the usual patients");
    } else if (s == "after_hours") {
      expect(user.shift != Shift::kNight &&
                 std::all_of(events.begin(), events.end(),
                             [&](const AccessEvent* e) {
                               TimeMicros in_day = (e->ts - h_.options.start) % kMicrosPerDay;
                               return in_day >= kMicrosPerHour && in_day < 4 * kMicrosPerHour;
                             }),
             "not a day worker active between 01:00 and 04:00");
    } else if (s == "failed_burst") {
      expect(std::count_if(events.begin(), events.end(),
                           [](const AccessEvent* e) { return e->flags & kAccessFailure; }) >= 10,
             "fewer than 10 failures");
    } else if (s == "break_glass") {
      expect(std::any_of(events.begin(), events.end(),
                         [](const AccessEvent* e) { return e->action == Action::kBreakGlass; }),
             "no break_glass action");
    } else if (s == "deceased") {
      expect(patient && patient->deceased_day != kNoDay &&
                 patient->deceased_day + 365 < Day(incident.ts),
             "patient not deceased for more than a year");
    } else if (s == "consecutive_mrns") {
      std::set<uint32_t> mrns;
      for (const AccessEvent* e : events)
        mrns.insert(h_.patients[static_cast<size_t>(e->patient)].mrn);
      expect(mrns.size() >= 20 && *mrns.rbegin() - *mrns.begin() + 1 == mrns.size(),
             "not a run of 20 or more consecutive MRNs");
    } else if (s == "contact") {
      expect(patient && std::find(patient->contacts.begin(), patient->contacts.end(),
                                  user.FullName()) != patient->contacts.end(),
             "user is not among the patient's contacts");
    } else {
      Fail(where + ": unknown scenario");
    }
  }

  Status Result() const {
    if (failures_ == 0) return Status::Ok();
    std::string message = "self-check failed (" + std::to_string(failures_) + " problems):";
    for (const auto& p : problems_) message += "\n  " + p;
    return Status::Corruption(message);
  }

 private:
  const Hospital& h_;
  const EncounterIndex& index_;
  std::vector<std::string> problems_;
  size_t failures_ = 0;
};

}  // namespace

Status CheckGeneratedOutput(const Hospital& h, const EncounterIndex& index,
                            const std::vector<Incident>& incidents,
                            const std::vector<AccessEvent>& events) {
  Checker checker(h, index);
  std::vector<std::vector<const AccessEvent*>> by_incident(incidents.size());
  TimeMicros previous = h.options.start;
  for (const AccessEvent& e : events) {
    if (e.ts < previous || e.ts >= h.End()) {
      checker.Fail("event out of order or outside the window at " + FormatIsoTime(e.ts));
    }
    previous = e.ts;
    if (e.incident == 0) {
      checker.CheckRoutine(e);
    } else if (e.incident <= incidents.size()) {
      by_incident[e.incident - 1u].push_back(&e);
    } else {
      checker.Fail("event of an unknown incident");
    }
  }
  for (size_t i = 0; i < incidents.size(); ++i) checker.CheckIncident(incidents[i], by_incident[i]);
  return checker.Result();
}

}  // namespace phi::demo
