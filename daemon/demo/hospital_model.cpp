// Builds the synthetic organisation's people (see hospital_model.hpp): staff from the profile's
// staffing plan, patients in households (some in large apartment buildings, a few of them staff
// and their families), VIPs, the deceased, and who lists whom as a contact.
#include "daemon/demo/hospital_model.hpp"

#include <algorithm>

#include "daemon/demo/clinic_staffing.hpp"
#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

std::string RandomAddress(DemoRandom& rng) {
  std::string address;
  AppendDecimal(static_cast<uint64_t>(rng.Between(1, 9999)), address);
  address += ' ';
  address += rng.Pick(Streets());
  return address;
}

// A home: a house of its own, or a flat in one of the apartment buildings (whose address, as
// registration usually records it, has no unit number).
std::string HomeAddress(const std::vector<std::string>& buildings, DemoRandom& rng) {
  if (!buildings.empty() && rng.Chance(kApartmentShare)) return rng.Pick(buildings);
  return RandomAddress(rng);
}

std::string RandomFullName(DemoRandom& rng, std::string_view last_name) {
  std::string name(rng.Pick(FirstNames()));
  name += ' ';
  name += last_name.empty() ? rng.Pick(LastNames()) : last_name;
  return name;
}

// Days since the epoch of a birthday `years` (plus a random part of a year) before `day`.
int64_t BirthdayAtAge(int64_t day, int64_t years, DemoRandom& rng) {
  return day - years * 365 - years / 4 - rng.Between(0, 364);
}

int64_t RandomPatientAge(DemoRandom& rng) {
  double r = rng.Unit();
  if (r < 0.2) return rng.Between(0, 17);
  if (r < 0.75) return rng.Between(18, 64);
  return rng.Between(65, 95);
}

void GiveIdentities(Hospital& h, const std::vector<std::string>& buildings, DemoRandom& rng) {
  for (size_t i = 0; i < h.employees.size(); ++i) {
    Employee& e = h.employees[i];
    AppendUserId(static_cast<uint32_t>(i + 1), e.user_id);
    e.first_name = rng.Pick(FirstNames());
    e.last_name = rng.Pick(LastNames());
    e.address = HomeAddress(buildings, rng);
    e.household = h.household_count++;
    e.hired_day = h.start_day - rng.Between(90, 365 * 20);
    if (rng.Chance(0.03)) {  // left before the window: in the feed, never in the logs
      e.terminated_day = h.start_day - rng.Between(5, 400);
      e.hired_day = std::min(e.hired_day, e.terminated_day - rng.Between(60, 2000));
    }
  }
  Employee svc;
  svc.user_id = "svc_reporting";
  svc.first_name = "Reporting";
  svc.last_name = "Service";
  svc.department = h.clinic() ? Department::kAdministration : Department::kIt;
  svc.role = Role::kService;
  svc.shift = Shift::kOffice;
  svc.hired_day = h.start_day - 1200;
  h.service_account = static_cast<uint32_t>(h.employees.size());
  h.employees.push_back(std::move(svc));
}

Patient NewPatient(DemoRandom& rng, std::string_view last_name, const std::string& address,
                   int64_t dob_day, int32_t household) {
  Patient p;
  p.first_name = rng.Pick(FirstNames());
  p.last_name = last_name;
  p.address = address;
  p.dob_day = dob_day;
  p.household = household;
  return p;
}

// Household members list one or two of the others as contacts; `staff` is the member of staff
// (by full name) the household includes, if any.
void LinkHousehold(std::vector<Patient>& household, const Employee* staff, int32_t staff_index,
                   DemoRandom& rng) {
  std::vector<Contact> members;
  for (const Patient& p : household) {
    Contact c{p.first_name + " " + p.last_name, p.employee};
    members.push_back(std::move(c));
  }
  if (staff && std::none_of(household.begin(), household.end(),
                            [&](const Patient& p) { return p.employee == staff_index; })) {
    members.push_back({staff->FullName(), staff_index});  // staff without a record of their own
  }
  if (members.size() < 2) return;
  for (size_t i = 0; i < household.size(); ++i) {
    for (size_t step = 1; step < members.size() && household[i].contacts.size() < 2; ++step) {
      const Contact& c = members[(i + step) % members.size()];
      if (c.employee >= 0 && c.employee == household[i].employee) continue;
      if (step > 1 && !rng.Chance(0.4)) break;
      household[i].contacts.push_back(c);
    }
  }
}

// An employee's own record, relatives living with them, or both.
std::vector<Patient> EmployeeHousehold(const Employee& e, int32_t index, bool own_record,
                                       int64_t today, DemoRandom& rng) {
  std::vector<Patient> household;
  if (own_record) {
    Patient self = NewPatient(rng, e.last_name, e.address,
                              BirthdayAtAge(today, rng.Between(22, 64), rng), e.household);
    self.first_name = e.first_name;
    self.employee = index;
    household.push_back(std::move(self));
  }
  if (!own_record || rng.Chance(0.25)) {
    int relatives = static_cast<int>(rng.Between(1, 2));
    for (int k = 0; k < relatives; ++k) {
      int64_t age = k == 0 ? rng.Between(20, 70) : rng.Between(0, 17);
      household.push_back(
          NewPatient(rng, e.last_name, e.address, BirthdayAtAge(today, age, rng), e.household));
    }
  }
  LinkHousehold(household, &e, index, rng);
  if (household.size() == 1 && household[0].contacts.empty() && rng.Chance(0.6)) {
    household[0].contacts.push_back({RandomFullName(rng, rng.Chance(0.5) ? e.last_name : ""), -1});
  }
  return household;
}

std::vector<Patient> CommunityHousehold(Hospital& h, const std::vector<std::string>& buildings,
                                        DemoRandom& rng) {
  static constexpr int kSizeWeights[] = {65, 22, 8, 5};  // 1, 2, 3, 4 people
  const int64_t today = h.start_day;
  size_t size = rng.Weighted(kSizeWeights) + 1;
  std::string last_name(rng.Pick(LastNames()));
  std::string address = HomeAddress(buildings, rng);
  const int32_t household = h.household_count++;
  std::vector<Patient> members;
  members.push_back(
      NewPatient(rng, last_name, address,
                 BirthdayAtAge(today, size == 1 ? RandomPatientAge(rng) : rng.Between(20, 80), rng),
                 household));
  for (size_t k = 1; k < size; ++k) {
    bool partner = k == 1;
    std::string_view member_last =
        partner && rng.Chance(0.15) ? rng.Pick(LastNames()) : std::string_view(last_name);
    int64_t age = partner ? rng.Between(20, 80) : rng.Between(0, 17);
    members.push_back(
        NewPatient(rng, member_last, address, BirthdayAtAge(today, age, rng), household));
  }
  LinkHousehold(members, nullptr, -1, rng);
  if (size == 1 && rng.Chance(0.6)) {
    members[0].contacts.push_back({RandomFullName(rng, rng.Chance(0.5) ? last_name : ""), -1});
  }
  return members;
}

void MakePatients(Hospital& h, const std::vector<std::string>& buildings, DemoRandom& rng) {
  const auto wanted = static_cast<size_t>(h.options.patients);
  std::vector<std::vector<Patient>> households;
  size_t planned = 0;
  for (uint32_t i = 0; i < h.service_account; ++i) {
    bool own_record = rng.Chance(kStaffWithRecordShare);
    bool relatives_only = !own_record && rng.Chance(0.10);
    if (!own_record && !relatives_only) continue;
    households.push_back(
        EmployeeHousehold(h.employees[i], static_cast<int32_t>(i), own_record, h.start_day, rng));
    planned += households.back().size();
  }
  while (planned < wanted) {
    households.push_back(CommunityHousehold(h, buildings, rng));
    planned += households.back().size();
  }
  rng.Shuffle(households);

  h.patients.reserve(wanted);
  for (auto& household : households) {
    for (auto& p : household) {
      if (h.patients.size() == wanted) break;
      p.mrn = static_cast<uint32_t>(h.patients.size() + 1);
      if (p.employee >= 0)
        h.employees[static_cast<size_t>(p.employee)].patient =
            static_cast<int32_t>(h.patients.size());
      h.patients.push_back(std::move(p));
    }
  }
}

void MarkSpecialPatients(Hospital& h, DemoRandom& rng) {
  const double sud = h.clinic() ? kClinicSudShare : kSudShare;
  const double hiv = h.clinic() ? 2 * kHivShare : kHivShare;
  size_t vips = 0;
  for (auto& p : h.patients) {
    if (rng.Chance(sud)) p.conditions |= kConditionSud;
    if (rng.Chance(hiv)) p.conditions |= kConditionHiv;
    if (p.employee >= 0) continue;
    if (rng.Chance(kVipShare)) {
      p.vip = true;
      ++vips;
    } else if (rng.Chance(kLongDeceasedShare)) {
      int64_t died = h.start_day - rng.Between(20, 3650);
      if (died > p.dob_day) p.deceased_day = died;
    }
  }
  // Any organisation has a few VIPs to protect.
  for (int tries = 0; vips < 2 && h.patients.size() >= 20 && tries < 100; ++tries) {
    Patient& p = h.patients[rng.Below(static_cast<uint32_t>(h.patients.size()))];
    if (p.employee >= 0 || p.vip || p.deceased_day != kNoDay) continue;
    p.vip = true;
    ++vips;
  }
  // Some staff are the emergency contact of a parent or sibling who lives elsewhere.
  for (uint32_t i = 0; i < h.service_account && !h.patients.empty(); ++i) {
    if (!rng.Chance(kStaffElsewhereContactShare)) continue;
    Patient& p = h.patients[rng.Below(static_cast<uint32_t>(h.patients.size()))];
    if (p.household == h.employees[i].household || p.employee >= 0) continue;
    p.contacts.push_back({h.employees[i].FullName(), static_cast<int32_t>(i)});
  }
}

}  // namespace

std::string_view ProfileName(Profile profile) {
  return profile == Profile::kClinic ? "clinic" : "hospital";
}

bool ParseProfile(std::string_view name, Profile& profile) {
  if (name == "hospital") {
    profile = Profile::kHospital;
  } else if (name == "clinic") {
    profile = Profile::kClinic;
  } else {
    return false;
  }
  return true;
}

HospitalOptions WithProfileDefaults(HospitalOptions o) {
  const bool clinic = o.profile == Profile::kClinic;
  if (o.employees <= 0) o.employees = clinic ? 40 : 200;
  if (o.patients <= 0) o.patients = clinic ? 2000 : 5000;
  return o;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

int64_t Hospital::WindowDay(TimeMicros t) const {
  return FloorDiv(t - options.start, kMicrosPerDay);
}

int Hospital::Weekday(int64_t window_day) const {
  return static_cast<int>(((start_day + window_day + 4) % 7 + 7) % 7);
}

bool Hospital::InSurge(int64_t window_day) const {
  const int days = options.days;
  if (days < 3) return false;
  return window_day >= days / 3 && window_day < days / 3 + std::max(1, days / 3);
}

Hospital BuildPopulation(const HospitalOptions& options) {
  Hospital h;
  h.options = WithProfileDefaults(options);
  h.start_day = FloorDiv(h.options.start, kMicrosPerDay);
  DemoRandom rng(DeriveSeed(h.options.seed, {Salt("population")}));
  const int expected_households = std::max(1, h.options.patients * 2 / 3);
  const int building_count = static_cast<int>(
      std::max(1.0, expected_households * kApartmentShare / kHouseholdsPerBuilding));
  std::vector<std::string> buildings;
  for (int b = 0; b < building_count; ++b) buildings.push_back(RandomAddress(rng));

  if (h.clinic()) {
    StaffClinic(h, rng);
  } else {
    StaffHospital(h, rng);
  }
  GiveIdentities(h, buildings, rng);
  MakePatients(h, buildings, rng);
  MarkSpecialPatients(h, rng);
  return h;
}

bool IsPersonallyLinked(uint32_t employee_index, const Employee& employee, const Patient& patient) {
  const auto index = static_cast<int32_t>(employee_index);
  if (patient.employee == index) return true;
  if (employee.household >= 0 && patient.household == employee.household) return true;
  for (const auto& contact : patient.contacts) {
    if (contact.employee == index) return true;
  }
  return false;
}

bool IsLongDeceased(const Patient& patient, int64_t day) {
  return patient.deceased_day != kNoDay && patient.deceased_day + 365 < day;
}

bool IsFlagged(const Patient& patient, int64_t day) {
  return patient.vip || patient.employee >= 0 || IsLongDeceased(patient, day);
}

}  // namespace phi::demo
