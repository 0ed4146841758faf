// Incidents about whose record was opened: a VIP, a coworker, a relative, a neighbour, oneself,
// someone long dead, someone who lists the user as a contact, and break-the-glass on a patient
// outside the user's department (see incident_builder.hpp).
#include <algorithm>

#include "daemon/demo/incident_builder.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {

bool IncidentBuilder::Vip(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  std::vector<uint32_t> vips;
  for (uint32_t p = 0; p < h_.patients.size(); ++p) {
    const Patient& patient = h_.patients[p];
    if (patient.vip && patient.deceased_day == kNoDay && !Linked(p) &&
        !index_.HasEncounterIn(p, User().department)) {
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
  return Commit(patient, Who() + " opened VIP patient " + Mrn(patient) + " with no encounter in " +
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
        !index_.HasEncounterIn(static_cast<uint32_t>(record), User().department)) {
      patient = record;
      colleague = u;
      break;
    }
  }
  if (patient < 0) {
    for (uint32_t u : colleagues) {
      if (h_.employees[u].patient >= 0) continue;
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
  if (!TakeCareTeamUser()) return false;
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
    if (patient.deceased_day != kNoDay && patient.deceased_day + 365 < h_.start_day &&
        !patient.vip && patient.employee < 0 && !Linked(p)) {
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
  p.contacts.push_back(User().FullName());
  if (rng_.Chance(0.5)) {
    p.contacts.push_back(std::string(rng_.Pick(FirstNames())) + " " + p.last_name);
  }
  auto patient = static_cast<int32_t>(*spare);
  Browse(WorkingTime(0), patient, static_cast<int>(rng_.Between(1, 3)));
  return Commit(patient,
                Who() + " opened " + Mrn(patient) + ", whose contacts list " + User().FullName());
}

bool IncidentBuilder::BreakGlass(int /*i*/) {
  if (!TakeCareTeamUser()) return false;
  TimeMicros t = WorkingTime(0);
  int32_t patient = PickOrdinary(EpochDay(t), /*without_encounter_in_department=*/true);
  if (patient < 0) return false;
  Add(t, Action::kBreakGlass, RecordType::kClinicalNote, patient);
  Browse(t + rng_.Between(10, 60) * kMicrosPerSecond, patient,
         static_cast<int>(rng_.Between(2, 4)));
  return Commit(patient, Who() + " used break-the-glass on " + Mrn(patient) +
                             ", who has no encounter in " +
                             std::string(DepartmentName(User().department)));
}
}  // namespace phi::demo
