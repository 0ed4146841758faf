// The workbench incidents are made with (internal to incident_injector): unused users, spare
// patients an incident may rewrite, the care history that keeps victims outside the user's care,
// and the incident being made. Scenarios: incident_scenarios_{patient,behaviour}.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/incident_injector.hpp"

namespace phi::demo {

class IncidentBuilder {
 public:
  IncidentBuilder(Hospital& hospital, const CareHistory& history);
  InjectedIncidents Run();

 private:
  // Makes incident `i` of scenario kScenarios[scenario]; false (with skip_reason_) if impossible.
  bool Make(size_t scenario, int i);

  // Scenarios about whose record was opened (incident_scenarios_patient.cpp).
  bool Vip(int i);
  bool Coworker(int i);  // even i: a colleague from the same department when there is one
  bool Family(int i);
  bool Neighbour(int i);
  bool Self(int i);
  bool Deceased(int i);
  bool Contact(int i);
  bool BreakGlass(int i);
  bool SensitiveWrongRole(int i);

  // Scenarios about how the user behaved (incident_scenarios_behaviour.cpp).
  bool Terminated(int i);
  bool BulkExport(int i);
  bool VolumeSpike(int i);
  bool AfterHours(int i);
  bool FailedBurst(int i);  // even i: failed logins; odd i: denied views of restricted records
  bool ConsecutiveMrns(int i);

  // Users: each incident takes one nobody else has used.
  std::optional<uint32_t> TakeUser(const std::function<bool(uint32_t, const Employee&)>& want);
  std::vector<int> DaysWithKnownHours(uint32_t user) const;
  std::optional<uint32_t> TakeUser(const std::function<bool(const Employee&)>& want) {
    return TakeUser([&](uint32_t, const Employee& e) { return want(e); });
  }
  // A care-team member if there is one left, else anyone.
  bool TakeCareTeamUser();
  const Employee& User() const { return h_.employees[user_]; }
  // "u00042 (nurse, Cardiology)"
  std::string Who() const;
  // A time inside one of the user's shifts on a window day >= min_day, leaving `room` after it.
  TimeMicros WorkingTime(int min_day, TimeMicros room = 2 * kMicrosPerHour);
  int64_t EpochDay(TimeMicros t) const { return h_.EpochDay(t); }

  // Care: the units a user works in over the window (their department, rotations, float
  // assignments), and whether any of them, or the user, ever cared for a patient.
  std::vector<Department> UnitsOf(uint32_t user) const;
  bool NeverTreatedBy(uint32_t patient, uint32_t user) const;
  // The latest time the user is on record as attending, provider or consultant.
  TimeMicros LastDuty(uint32_t user) const { return last_duty_[user]; }

  // Patients: the spare pool, and patients with nothing special about them.
  void FindSparePatients();
  std::optional<uint32_t> TakeSpare();
  bool Linked(uint32_t patient) const;
  // A patient with nothing special about them for this user on this day.
  bool Ordinary(uint32_t patient, int64_t day) const;
  // An ordinary patient the user's units never treated (with `strict` false: only not the
  // user's own patient, for the clinic where nearly every record is a client).
  int32_t PickOrdinary(int64_t day, bool strict = true);
  // Makes spare patient `p` a new person with the given last name and address.
  void Rewrite(uint32_t p, std::string_view last_name, const std::string& address);
  // Makes a spare patient employee `e`'s own record (their name and address); false when no
  // spare is left.
  bool MakeOwnRecord(uint32_t e);
  std::string_view OtherLastName(std::string_view avoid);

  // Events and the label of the incident being made.
  void Add(TimeMicros t, Action action, RecordType type, int32_t patient, int32_t count = 1,
           uint8_t flags = 0);
  // A chart review: `n` views of one patient a little apart, starting at t. Returns the end.
  TimeMicros Browse(TimeMicros t, int32_t patient, int n);
  // Records the incident made of the events added since it started; always true.
  bool Commit(int32_t patient, std::string description);
  std::string Mrn(int32_t patient) const;
  static std::string DateText(int64_t day);

  Hospital& h_;
  const CareHistory& history_;
  DemoRandom rng_;
  std::vector<uint32_t> user_order_;  // active people, shuffled
  std::vector<bool> used_;
  std::vector<uint32_t> spare_;
  std::vector<bool> spare_flag_;
  std::vector<TimeMicros> last_duty_;
  InjectedIncidents out_;
  std::string_view scenario_;
  std::string skip_reason_;
  size_t first_event_ = 0;
  uint32_t user_ = 0;
  std::vector<Department> units_;  // UnitsOf(user_)
  uint16_t workstation_ = 1;
};

}  // namespace phi::demo
