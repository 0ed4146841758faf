// The incident workbench (see incident_builder.hpp). Each incident has its own user, never
// reused by another, so a detector's alert can be matched to exactly one label. Victims are
// patients nobody in the user's units ever treated (no encounter, appointment or consult there,
// none with the user). Patients that an incident rewrites (a relative at the user's address, a
// colleague's record...) come from a pool of "spare" patients with no care at all, no contacts
// and an address nobody else has, which routine work and the other incidents never touch.
#include "daemon/demo/incident_builder.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/demo/work_schedule.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::string_view kScenarios[] = {
    "vip",         "coworker",    "family",           "neighbour",   "self",
    "terminated",  "bulk_export", "volume_spike",     "after_hours", "failed_burst",
    "break_glass", "deceased",    "consecutive_mrns", "contact",     kSensitiveWrongRole};

}  // namespace

std::span<const std::string_view> ScenarioNames() {
  return kScenarios;
}

int DefaultIncidentsPerScenario(const HospitalOptions& options) {
  const HospitalOptions o = WithProfileDefaults(options);
  const double user_days = static_cast<double>(o.employees) * o.days;
  const double per_scenario = kIncidentsPerThousandUserDays * user_days / 1000.0 /
                              static_cast<double>(std::size(kScenarios));
  return std::max(1, static_cast<int>(std::lround(per_scenario)));
}

InjectedIncidents InjectIncidents(Hospital& hospital, const CareHistory& history) {
  return IncidentBuilder(hospital, history).Run();
}

IncidentBuilder::IncidentBuilder(Hospital& h, const CareHistory& history)
    : h_(h), history_(history), rng_(DeriveSeed(h.options.seed, {Salt("incidents")})) {
  for (uint32_t u = 0; u < h.employees.size(); ++u) {
    const Employee& e = h.employees[u];
    if (e.role != Role::kService && e.terminated_day == kNoDay) user_order_.push_back(u);
  }
  rng_.Shuffle(user_order_);
  used_.assign(h.employees.size(), false);
  last_duty_.assign(h.employees.size(), 0);
  for (const Encounter& e : h.encounters) {
    last_duty_[e.attending] = std::max(last_duty_[e.attending], std::min(e.discharged, h.End()));
  }
  for (const Appointment& a : h.appointments) {
    last_duty_[a.provider] = std::max(last_duty_[a.provider], a.scheduled);
  }
  for (const Consult& c : h.consults) {
    last_duty_[c.consultant] = std::max(last_duty_[c.consultant], c.at);
  }
  FindSparePatients();
}

InjectedIncidents IncidentBuilder::Run() {
  int per_scenario = h_.options.incidents_per_scenario > 0
                         ? h_.options.incidents_per_scenario
                         : DefaultIncidentsPerScenario(h_.options);
  for (size_t s = 0; s < std::size(kScenarios); ++s) {
    for (int i = 0; i < per_scenario; ++i) {
      scenario_ = kScenarios[s];
      first_event_ = out_.events.size();
      if (!Make(s, i)) {
        out_.events.resize(first_event_);
        out_.skipped.push_back(std::string(scenario_) + " #" + std::to_string(i + 1) + ": " +
                               skip_reason_);
      }
    }
  }
  return std::move(out_);
}

// Makes incident `i` of scenario kScenarios[scenario]; false (with skip_reason_) if impossible.
bool IncidentBuilder::Make(size_t scenario, int i) {
  switch (scenario) {
    case 0:
      return Vip(i);
    case 1:
      return Coworker(i);
    case 2:
      return Family(i);
    case 3:
      return Neighbour(i);
    case 4:
      return Self(i);
    case 5:
      return Terminated(i);
    case 6:
      return BulkExport(i);
    case 7:
      return VolumeSpike(i);
    case 8:
      return AfterHours(i);
    case 9:
      return FailedBurst(i);
    case 10:
      return BreakGlass(i);
    case 11:
      return Deceased(i);
    case 12:
      return ConsecutiveMrns(i);
    case 13:
      return Contact(i);
    default:
      return SensitiveWrongRole(i);
  }
}

std::optional<uint32_t> IncidentBuilder::TakeUser(
    const std::function<bool(uint32_t, const Employee&)>& want) {
  for (uint32_t u : user_order_) {
    if (used_[u] || !want(u, h_.employees[u])) continue;
    used_[u] = true;
    user_ = u;
    units_ = UnitsOf(u);
    workstation_ = static_cast<uint16_t>(1 + rng_.Below(kWorkstationsPerDepartment));
    return u;
  }
  return std::nullopt;
}

// A care-team member if there is one left, else anyone.
bool IncidentBuilder::TakeCareTeamUser() {
  if (TakeUser([](const Employee& e) { return IsCareTeamRole(e.role); })) return true;
  if (TakeUser([](const Employee&) { return true; })) return true;
  skip_reason_ = "no unused employee left";
  return false;
}

std::string IncidentBuilder::Who() const {
  const Employee& e = User();
  return e.user_id + " (" + std::string(RoleName(e.role)) + ", " +
         std::string(DepartmentName(e.department)) + ")";
}

// A time inside one of the user's shifts on a window day >= min_day, leaving `room` after it.
TimeMicros IncidentBuilder::WorkingTime(int min_day, TimeMicros room) {
  const int days = h_.options.days;
  const int first = std::min(min_day, days - 1);
  const auto span = static_cast<uint32_t>(days - first);
  const uint32_t offset = rng_.Below(span);
  for (uint32_t k = 0; k < span; ++k) {
    int day = first + static_cast<int>((offset + k) % span);
    auto shift = ShiftOn(h_, user_, day);
    if (shift && shift->end - shift->begin > room + kMicrosPerHour) {
      return rng_.Between(shift->begin + 30 * kMicrosPerMinute, shift->end - room);
    }
  }
  ShiftWindow w = UsualHours(h_, user_, first + static_cast<int>(offset));
  w.end = std::min(w.end, h_.End());
  return rng_.Between(w.begin, std::max(w.begin, w.end - room));
}

std::vector<Department> IncidentBuilder::UnitsOf(uint32_t user) const {
  return UnitsWorked(h_, user);
}

bool IncidentBuilder::NeverTreatedBy(uint32_t patient, uint32_t user) const {
  if (history_.TreatedBy(patient, user)) return false;
  for (Department unit : user == user_ ? units_ : UnitsOf(user)) {
    if (history_.TreatedIn(patient, unit)) return false;
  }
  return true;
}

void IncidentBuilder::FindSparePatients() {
  std::unordered_map<std::string_view, int> residents;
  for (const auto& p : h_.patients) ++residents[p.address];
  for (const auto& e : h_.employees) {
    if (!e.address.empty()) ++residents[e.address];
  }
  spare_flag_.assign(h_.patients.size(), false);
  for (uint32_t i = 0; i < h_.patients.size(); ++i) {
    const Patient& p = h_.patients[i];
    if (!history_.encounters().OfPatient(i).empty() ||
        !history_.appointments().OfPatient(i).empty() || p.vip || p.employee >= 0 ||
        p.deceased_day != kNoDay || !p.contacts.empty() || residents[p.address] != 1) {
      continue;
    }
    spare_.push_back(i);
    spare_flag_[i] = true;
  }
  rng_.Shuffle(spare_);
}

std::optional<uint32_t> IncidentBuilder::TakeSpare() {
  if (spare_.empty()) {
    skip_reason_ = "no spare patient left (more patients needed)";
    return std::nullopt;
  }
  uint32_t p = spare_.back();
  spare_.pop_back();
  return p;
}

bool IncidentBuilder::Linked(uint32_t patient) const {
  return IsPersonallyLinked(user_, User(), h_.patients[patient]);
}

// A patient with nothing special about them for this user on this day.
bool IncidentBuilder::Ordinary(uint32_t patient, int64_t day) const {
  return !spare_flag_[patient] && !IsFlagged(h_.patients[patient], day) && !Linked(patient);
}

int32_t IncidentBuilder::PickOrdinary(int64_t day, bool strict) {
  auto n = static_cast<uint32_t>(h_.patients.size());
  for (int tries = 0; tries < 2000; ++tries) {
    uint32_t p = rng_.Below(n);
    if (!Ordinary(p, day)) continue;
    if (strict ? !NeverTreatedBy(p, user_) : history_.TreatedBy(p, user_)) continue;
    const Patient& patient = h_.patients[p];
    if (patient.deceased_day != kNoDay && patient.deceased_day <= day) continue;
    return static_cast<int32_t>(p);
  }
  skip_reason_ = "no ordinary patient outside the user's department's care found";
  return -1;
}

// Makes spare patient `p` a new person with the given last name and address.
void IncidentBuilder::Rewrite(uint32_t p, std::string_view last_name, const std::string& address) {
  Patient& patient = h_.patients[p];
  patient.first_name = rng_.Pick(FirstNames());
  patient.last_name = last_name;
  patient.address = address;
}

bool IncidentBuilder::MakeOwnRecord(uint32_t e) {
  auto spare = TakeSpare();
  if (!spare) return false;
  Employee& employee = h_.employees[e];
  Patient& record = h_.patients[*spare];
  record.first_name = employee.first_name;
  record.last_name = employee.last_name;
  record.address = employee.address;
  record.household = employee.household;
  record.employee = static_cast<int32_t>(e);
  employee.patient = static_cast<int32_t>(*spare);
  return true;
}

std::string_view IncidentBuilder::OtherLastName(std::string_view avoid) {
  std::string_view name = rng_.Pick(LastNames());
  while (name == avoid) name = rng_.Pick(LastNames());
  return name;
}

void IncidentBuilder::Add(TimeMicros t, Action action, RecordType type, int32_t patient,
                          int32_t count, uint8_t flags) {
  AccessEvent e;
  e.ts = WholeMillis(t);
  e.user = user_;
  e.patient = patient;
  e.record_count = count;
  e.workstation = workstation_;
  e.incident = static_cast<uint16_t>(out_.incidents.size() + 1);
  e.action = action;
  e.record_type = type;
  e.flags = flags;
  e.unit = UnitOn(h_, user_, h_.WindowDay(t));
  out_.events.push_back(e);
}

// A chart review: `n` views of one patient a little apart, starting at t. Returns the end.
TimeMicros IncidentBuilder::Browse(TimeMicros t, int32_t patient, int n) {
  static constexpr RecordType kTypes[] = {RecordType::kClinicalNote, RecordType::kLabResult,
                                          RecordType::kMedication, RecordType::kImaging};
  for (int j = 0; j < n; ++j) {
    Add(t, Action::kView,
        j == 0 ? RecordType::kDemographics : rng_.Pick(std::span<const RecordType>(kTypes)),
        patient);
    t += rng_.Between(15, 120) * kMicrosPerSecond;
  }
  return t;
}

bool IncidentBuilder::Commit(int32_t patient, std::string description) {
  Incident incident;
  incident.scenario = scenario_;
  incident.user = user_;
  incident.patient = patient;
  incident.ts = kNever;
  for (size_t i = first_event_; i < out_.events.size(); ++i) {
    incident.ts = std::min(incident.ts, out_.events[i].ts);
  }
  incident.description = std::move(description);
  out_.incidents.push_back(std::move(incident));
  return true;
}

std::string IncidentBuilder::Mrn(int32_t patient) const {
  return MrnText(h_.patients[static_cast<size_t>(patient)].mrn);
}

std::string IncidentBuilder::DateText(int64_t day) {
  std::string out;
  AppendIsoDate(day, out);
  return out;
}

}  // namespace phi::demo
