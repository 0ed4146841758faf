// Self-checks of the generated hospital or clinic (see output_self_check.hpp).
#include "daemon/demo/output_self_check.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "daemon/demo/access_generator.hpp"
#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr size_t kMaxReported = 8;

bool IsSingleVictim(const std::string& s) {
  return s == "vip" || s == "coworker" || s == "family" || s == "neighbour" || s == "self" ||
         s == "deceased" || s == "contact" || s == "break_glass";
}

class Checker {
 public:
  Checker(const Hospital& h, const CareHistory& history) : h_(h), history_(history) {}

  void Fail(std::string problem) {
    if (problems_.size() < kMaxReported) problems_.push_back(std::move(problem));
    ++failures_;
  }

  int64_t Day(TimeMicros t) const { return h_.EpochDay(t); }

  // What an incident's user did to a patient, except the sensitive-record scenario, whose
  // victim the user legitimately works with.
  void NoteIncidentPairs(const std::vector<Incident>& incidents,
                         const std::vector<const AccessEvent*>& events) {
    for (const AccessEvent* e : events) {
      if (e->patient < 0) continue;
      if (incidents[e->incident - 1u].scenario == kSensitiveWrongRole) continue;
      incident_pairs_.insert(PairKey(e->user, static_cast<uint32_t>(e->patient)));
    }
  }

  void CheckRoutine(const AccessEvent& e) {
    const Employee& user = h_.employees[e.user];
    if (user.terminated_day != kNoDay && Day(e.ts) > user.terminated_day) {
      Fail("routine access by " + user.user_id + " after the last day of employment");
    }
    if (user.role != Role::kService && e.record_count > kMaxRoutineBatchRows) {
      Fail("routine bulk access by " + user.user_id);
    }
    if (e.patient < 0) return;
    const auto p = static_cast<uint32_t>(e.patient);
    const Patient& patient = h_.patients[p];
    if (patient.employee == static_cast<int32_t>(e.user)) {
      Fail("routine access by " + user.user_id + " to their own record");
    } else if (IsPersonallyLinked(e.user, user, patient)) {
      Fail("routine access by " + user.user_id + " to relative or contact " + MrnText(patient.mrn));
    }
    if (incident_pairs_.count(PairKey(e.user, p)) != 0) {
      Fail("routine access by " + user.user_id + " to a patient of their own incident");
    }
    if (IsLongDeceased(patient, Day(e.ts)) && user.role != Role::kHimAnalyst) {
      Fail("routine access to long-deceased " + MrnText(patient.mrn) + " outside HIM");
    }
    if (IsOperationsRole(user.role) && IsSensitiveRecord(e.record_type)) {
      Fail("routine " + std::string(RecordTypeName(e.record_type)) + " access by " + user.user_id +
           " (" + std::string(RoleName(user.role)) + ")");
    }
    if (e.action == Action::kBreakGlass &&
        (e.unit != Department::kEmergency ||
         !history_.encounters().HasRelationship(p, Department::kEmergency, e.ts))) {
      Fail("routine break-glass by " + user.user_id + " without an open ED visit");
    }
  }

  bool NeverTreated(uint32_t patient, uint32_t user) const {
    if (history_.TreatedBy(patient, user)) return false;
    for (Department unit : UnitsWorked(h_, user)) {
      if (history_.TreatedIn(patient, unit)) return false;
    }
    return true;
  }

  void CheckIncident(const Incident& incident, const std::vector<const AccessEvent*>& events) {
    const Employee& user = h_.employees[incident.user];
    const std::string where = incident.scenario + " incident of " + user.user_id;
    if (events.empty()) return Fail(where + " has no events");
    if (!incident_users_.insert(incident.user).second) Fail(where + ": user used twice");
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
    if (IsSingleVictim(s)) {
      expect(patient && NeverTreated(p, incident.user),
             "the victim was treated by the user's department or the user");
    } else if (s != kSensitiveWrongRole) {
      const bool strict = !(s == "consecutive_mrns" && h_.clinic());
      for (const AccessEvent* e : events) {
        if (e->patient < 0) continue;
        const auto v = static_cast<uint32_t>(e->patient);
        if (strict ? !NeverTreated(v, incident.user) : history_.TreatedBy(v, incident.user)) {
          Fail(where + ": opened " + MrnText(h_.patients[v].mrn) + ", treated by the department");
          break;
        }
      }
    }
    if (s == "vip") {
      expect(patient && patient->vip, "patient is not a VIP");
    } else if (s == "coworker") {
      expect(patient && patient->employee >= 0 &&
                 patient->employee != static_cast<int32_t>(incident.user),
             "patient is not another employee");
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
      const int64_t floor = std::max<int64_t>(150, 3 * static_cast<int64_t>(user.batch_rows));
      expect(std::any_of(events.begin(), events.end(),
                         [&](const AccessEvent* e) {
                           return e->action == Action::kExport && e->record_count >= floor;
                         }),
             "no export of 150 or more records, and 3 times the user's own batch");
    } else if (s == "volume_spike") {
      std::set<int32_t> distinct;
      for (const AccessEvent* e : events) distinct.insert(e->patient);
      expect(distinct.size() >= 5u * user.daily_patients, "fewer than 5x the usual patients");
    } else if (s == "after_hours") {
      expect(user.shift != Shift::kNight && !user.rotates_nights &&
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
      expect(patient && IsLongDeceased(*patient, Day(incident.ts)),
             "patient not deceased for more than a year");
    } else if (s == "consecutive_mrns") {
      std::set<uint32_t> mrns;
      for (const AccessEvent* e : events)
        mrns.insert(h_.patients[static_cast<size_t>(e->patient)].mrn);
      expect(mrns.size() >= 20 && *mrns.rbegin() - *mrns.begin() + 1 == mrns.size(),
             "not a run of 20 or more consecutive MRNs");
    } else if (s == "contact") {
      expect(patient && std::any_of(patient->contacts.begin(), patient->contacts.end(),
                                    [&](const Contact& c) {
                                      return c.name == user.FullName() &&
                                             c.employee == static_cast<int32_t>(incident.user);
                                    }),
             "user is not among the patient's contacts");
    } else if (s == kSensitiveWrongRole) {
      expect(patient && IsOperationsRole(user.role) &&
                 std::any_of(events.begin(), events.end(),
                             [&](const AccessEvent* e) {
                               return e->patient == incident.patient &&
                                      IsSensitiveRecord(e->record_type);
                             }),
             "no sensitive record opened by an operations role");
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
  const CareHistory& history_;
  UserPatientPairs incident_pairs_;
  std::unordered_set<uint32_t> incident_users_;
  std::vector<std::string> problems_;
  size_t failures_ = 0;
};

}  // namespace

Status CheckGeneratedOutput(const Hospital& h, const CareHistory& history,
                            const std::vector<Incident>& incidents,
                            const std::vector<AccessEvent>& events) {
  Checker checker(h, history);
  std::vector<std::vector<const AccessEvent*>> by_incident(incidents.size());
  std::vector<const AccessEvent*> incident_events;
  TimeMicros previous = h.options.start;
  for (const AccessEvent& e : events) {
    if (e.ts < previous || e.ts >= h.End()) {
      checker.Fail("event out of order or outside the window at " + FormatIsoTime(e.ts));
    }
    previous = e.ts;
    if (e.incident == 0) continue;
    if (e.incident <= incidents.size()) {
      by_incident[e.incident - 1u].push_back(&e);
      incident_events.push_back(&e);
    } else {
      checker.Fail("event of an unknown incident");
    }
  }
  checker.NoteIncidentPairs(incidents, incident_events);
  for (const AccessEvent& e : events) {
    if (e.incident == 0) checker.CheckRoutine(e);
  }
  for (size_t i = 0; i < incidents.size(); ++i) checker.CheckIncident(incidents[i], by_incident[i]);
  return checker.Result();
}

}  // namespace phi::demo
