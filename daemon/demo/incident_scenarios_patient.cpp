// Incidents about whose record was opened: a VIP, a coworker, a relative, a neighbour, oneself,
// someone long dead, someone who lists the user as a contact, break-the-glass on a patient outside
// the user's department, and a sensitive record opened by a role that never needs one (see
// incident_builder.hpp).
#include <algorithm>

#include "daemon/demo/incident_builder.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/demo/work_schedule.hpp"

namespace phi::demo {
namespace {

// The sensitive record a patient has, given where they were seen: psychotherapy notes in mental
// health, reproductive health in Obstetrics, substance-use and HIV records where the patient has
// them; kNone when there is none.
RecordType SensitiveRecordOf(const Patient& p, Department d) {
  if (p.conditions & kConditionSud) return RecordType::kSudTreatment;
  if (d == Department::kBehavioralHealth || d == Department::kPsychiatry) {
    return RecordType::kPsychotherapyNote;
  }
  if (d == Department::kObstetrics) return RecordType::kReproductiveHealth;
  if (p.conditions & kConditionHiv) return RecordType::kHivResult;
  return RecordType::kNone;
}

std::string_view SensitiveRecordText(RecordType t) {
  switch (t) {
    case RecordType::kPsychotherapyNote:
      return "a psychotherapy note";
    case RecordType::kSudTreatment:
      return "substance-use treatment records";
    case RecordType::kHivResult:
      return "HIV results";
    default:
      return "reproductive health records";
  }
}

}  // namespace

bool IncidentBuilder::Vip(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  std::vector<uint32_t> vips;
  for (uint32_t p = 0; p < h_.patients.size(); ++p) {
    const Patient& patient = h_.patients[p];
    if (patient.vip && patient.deceased_day == kNoDay && !Linked(p) && NeverTreatedBy(p, user_)) {
      vips.push_back(p);
    }
  }
  int32_t patient;
  if (!vips.empty()) {
    patient = static_cast<int32_t>(rng_.Pick(vips));
  } else {
    auto spare = TakeSpare();
    if (!spare) return false;
    h_.patients[*spare].vip = true;
    patient = static_cast<int32_t>(*spare);
  }
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(2, 3)));
  return Commit(patient, Who() + " opened VIP patient " + Mrn(patient) + ", never treated in " +
                             std::string(DepartmentName(User().department)));
}

bool IncidentBuilder::Coworker(int i) {
  if (!TakeCareTeamUser()) return false;
  // Every other incident prefers a colleague from the user's own department.
  const bool prefer_same_department = i % 2 == 0;
  std::vector<uint32_t> colleagues;
  for (bool preferred : {true, false}) {
    for (uint32_t u : user_order_) {
      const Employee& c = h_.employees[u];
      if (u == user_ || c.role == Role::kService) continue;
      bool same = c.department == User().department;
      if ((same == prefer_same_department) == preferred) colleagues.push_back(u);
    }
  }
  int32_t patient = -1;
  uint32_t colleague = 0;
  for (uint32_t u : colleagues) {  // someone who already has a record we may open
    int32_t record = h_.employees[u].patient;
    if (record >= 0 && !Linked(static_cast<uint32_t>(record)) &&
        NeverTreatedBy(static_cast<uint32_t>(record), user_)) {
      patient = record;
      colleague = u;
      break;
    }
  }
  if (patient < 0) {
    for (uint32_t u : colleagues) {
      if (h_.employees[u].patient >= 0 || h_.employees[u].household == User().household) continue;
      if (!MakeOwnRecord(u)) return false;
      patient = h_.employees[u].patient;
      colleague = u;
      break;
    }
  }
  if (patient < 0) {
    skip_reason_ = "no colleague to look up";
    return false;
  }
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(2, 4)));
  const Employee& c = h_.employees[colleague];
  const bool same_department = c.department == User().department;
  return Commit(patient, Who() + " opened the record of coworker " + c.user_id + " (" +
                             (same_department ? "same department"
                                              : std::string(DepartmentName(c.department))) +
                             ") without a care relationship");
}

bool IncidentBuilder::Family(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  auto spare = TakeSpare();
  if (!spare) return false;
  Rewrite(*spare, User().last_name, User().address);
  h_.patients[*spare].household = User().household;
  auto patient = static_cast<int32_t>(*spare);
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(2, 4)));
  return Commit(patient, Who() + " opened " + Mrn(patient) + ", who shares their last name " +
                             User().last_name + " and address " + User().address);
}

bool IncidentBuilder::Neighbour(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  auto spare = TakeSpare();
  if (!spare) return false;
  Rewrite(*spare, OtherLastName(User().last_name), User().address);
  auto patient = static_cast<int32_t>(*spare);
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(1, 3)));
  return Commit(patient, Who() + " opened " + Mrn(patient) + ", a neighbour at " + User().address +
                             " (different last name)");
}

bool IncidentBuilder::Self(int /*i*/) {
  auto untreated_self = [&](uint32_t u, const Employee& e) {
    return e.patient < 0 || NeverTreatedBy(static_cast<uint32_t>(e.patient), u);
  };
  if (!TakeUser([&](uint32_t u, const Employee& e) {
        return IsCareTeamRole(e.role) && untreated_self(u, e);
      }) &&
      !TakeUser(untreated_self)) {
    skip_reason_ = "no unused employee left";
    return false;
  }
  int32_t patient = User().patient;
  if (patient < 0) {
    if (!MakeOwnRecord(user_)) return false;
    patient = User().patient;
  }
  TimeMicros t = WorkingTime(0);
  Add(t, Action::kView, RecordType::kDemographics, patient);
  Add(t + rng_.Between(20, 60) * kMicrosPerSecond, Action::kView, RecordType::kLabResult, patient);
  Add(t + rng_.Between(70, 180) * kMicrosPerSecond, Action::kView, RecordType::kClinicalNote,
      patient);
  if (rng_.Chance(0.5)) {
    Add(t + rng_.Between(200, 300) * kMicrosPerSecond, Action::kPrint, RecordType::kLabResult,
        patient);
  }
  return Commit(patient, Who() + " opened their own record " + Mrn(patient));
}

bool IncidentBuilder::Deceased(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  std::vector<uint32_t> candidates;
  for (uint32_t p = 0; p < h_.patients.size(); ++p) {
    const Patient& patient = h_.patients[p];
    if (IsLongDeceased(patient, h_.start_day) && !patient.vip && patient.employee < 0 &&
        !Linked(p) && NeverTreatedBy(p, user_)) {
      candidates.push_back(p);
    }
  }
  int32_t patient;
  if (!candidates.empty()) {
    patient = static_cast<int32_t>(rng_.Pick(candidates));
  } else {
    auto spare = TakeSpare();
    if (!spare) return false;
    Patient& p = h_.patients[*spare];
    p.deceased_day = h_.start_day - rng_.Between(400, 3000);
    p.dob_day = std::min(p.dob_day, p.deceased_day - 60 * 365);
    patient = static_cast<int32_t>(*spare);
  }
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(1, 3)));
  return Commit(patient, Who() + " opened " + Mrn(patient) + ", who died on " +
                             DateText(h_.patients[static_cast<size_t>(patient)].deceased_day));
}

bool IncidentBuilder::Contact(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  auto spare = TakeSpare();
  if (!spare) return false;
  Patient& p = h_.patients[*spare];
  if (p.last_name == User().last_name) p.last_name = OtherLastName(User().last_name);
  p.contacts.push_back({User().FullName(), static_cast<int32_t>(user_)});
  if (rng_.Chance(0.5)) {
    p.contacts.push_back({std::string(rng_.Pick(FirstNames())) + " " + p.last_name, -1});
  }
  auto patient = static_cast<int32_t>(*spare);
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(1, 3)));
  return Commit(patient,
                Who() + " opened " + Mrn(patient) + ", whose contacts list " + User().FullName());
}

bool IncidentBuilder::BreakGlass(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  TimeMicros t = WorkingTime(0);
  int32_t patient = PickOrdinary(EpochDay(t));
  if (patient < 0) return false;
  Add(t, Action::kBreakGlass, RecordType::kClinicalNote, patient);
  Browse(t + rng_.Between(10, 60) * kMicrosPerSecond, patient,
         static_cast<int>(rng_.Between(2, 4)));
  return Commit(patient, Who() + " used break-the-glass on " + Mrn(patient) +
                             ", never treated in " +
                             std::string(DepartmentName(User().department)));
}

// Front desk, registration, scheduling, billing or IT opening a sensitive record of a patient
// they do work with (a client they check in, a visit they bill): the role never needs it.
bool IncidentBuilder::SensitiveWrongRole(int i) {
  auto desk = [](const Employee& e) {
    return e.role == Role::kFrontDesk || e.role == Role::kScheduler ||
           (e.role == Role::kRegistrar && e.shift == Shift::kOffice);
  };
  auto billing = [](const Employee& e) { return e.role == Role::kBillingClerk; };
  const bool desk_first = i % 2 == 0;
  if (!TakeUser([&](const Employee& e) { return desk_first ? desk(e) : billing(e); }) &&
      !TakeUser([&](const Employee& e) { return desk(e) || billing(e); }) &&
      !TakeUser([](const Employee& e) { return e.role == Role::kItAdmin; })) {
    skip_reason_ = "no unused front desk, billing or IT employee left";
    return false;
  }
  const bool checks_in = desk(User());
  const bool bills = billing(User());
  const auto& appointments = h_.appointments;
  if (appointments.empty()) {
    skip_reason_ = "no appointments";
    return false;
  }
  auto [first, last] = history_.appointments().Between(h_.DayStart(-14), h_.End());
  if (first == last) {
    skip_reason_ = "no appointments in the window";
    return false;
  }
  const auto span = static_cast<uint32_t>(last - first);
  const uint32_t offset = rng_.Below(span);
  for (uint32_t k = 0; k < span; ++k) {
    const Appointment& a = appointments[first + (offset + k) % span];
    const Patient& p = h_.patients[a.patient];
    const RecordType sensitive = SensitiveRecordOf(p, a.department);
    if (sensitive == RecordType::kNone || Linked(a.patient) || p.deceased_day != kNoDay) continue;
    if (a.kind == AppointmentKind::kConsultOrder || a.kind == AppointmentKind::kImagingOrder) {
      continue;
    }
    // When: at the desk just before the visit; at billing, a working day 1-14 days after it.
    TimeMicros t = 0;
    if (checks_in) {
      if (a.scheduled < h_.options.start) continue;
      const int64_t day = h_.WindowDay(a.scheduled);
      auto shift = ShiftOn(h_, user_, static_cast<int>(day));
      const TimeMicros at = a.scheduled - rng_.Between(5 * kMicrosPerMinute, 15 * kMicrosPerMinute);
      if (!shift || shift->begin > at || at + kMicrosPerHour > shift->end) continue;
      t = at;
    } else {
      const int64_t day = h_.WindowDay(a.scheduled) + (bills ? rng_.Between(1, 14) : 0);
      if (day < 0 || day >= h_.options.days) continue;
      auto shift = ShiftOn(h_, user_, static_cast<int>(day));
      if (!shift || shift->end - shift->begin < 2 * kMicrosPerHour) continue;
      t = rng_.Between(shift->begin + 30 * kMicrosPerMinute, shift->end - kMicrosPerHour);
    }
    const auto patient = static_cast<int32_t>(a.patient);
    Add(t, Action::kView, bills ? RecordType::kBillingStatement : RecordType::kSchedule, patient);
    t += rng_.Between(20, 90) * kMicrosPerSecond;
    Add(t, Action::kView, RecordType::kDemographics, patient);
    const int looks = static_cast<int>(rng_.Between(1, 3));
    for (int j = 0; j < looks; ++j) {
      t += rng_.Between(30, 150) * kMicrosPerSecond;
      Add(t, j == looks - 1 && rng_.Chance(0.3) ? Action::kPrint : Action::kView, sensitive,
          patient);
    }
    const std::string why = User().role == Role::kScheduler ? "a patient they schedule"
                            : checks_in                     ? "a patient they check in"
                            : bills                         ? "a visit they bill"
                                                            : "";
    return Commit(patient, Who() + " opened " + std::string(SensitiveRecordText(sensitive)) +
                               " of " + Mrn(patient) + (why.empty() ? "" : ", " + why) +
                               "; the role never needs it");
  }
  skip_reason_ = "no appointment with a sensitive record during the user's shifts";
  return false;
}

}  // namespace phi::demo
