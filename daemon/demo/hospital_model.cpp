// Builds the synthetic hospital's people (see hospital_model.hpp): employees on rotas, patients
// in households (a few of them employees and their families), VIPs and the deceased.
#include "daemon/demo/hospital_model.hpp"

#include <algorithm>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

std::string RandomAddress(DemoRandom& rng) {
  std::string address;
  AppendDecimal(static_cast<uint64_t>(rng.Between(1, 9999)), address);
  address += ' ';
  address += rng.Pick(Streets());
  return address;
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

void MakeEmployees(Hospital& h, DemoRandom& rng) {
  const HospitalOptions& o = h.options;
  h.employees.reserve(static_cast<size_t>(o.employees) + 1);
  for (int i = 0; i < o.employees; ++i) {
    Employee e;
    AppendUserId(static_cast<uint32_t>(i + 1), e.user_id);
    e.first_name = rng.Pick(FirstNames());
    e.last_name = rng.Pick(LastNames());
    e.address = RandomAddress(rng);
    e.department = PickDepartment(rng);
    e.role = PickRole(e.department, rng);
    e.shift = PickShift(e.department, e.role, rng);
    e.hired_day = h.start_day - rng.Between(90, 365 * 20);
    if (rng.Chance(0.03)) {  // left before the window: in the feed, never in the logs
      e.terminated_day = h.start_day - rng.Between(5, 400);
      e.hired_day = std::min(e.hired_day, e.terminated_day - rng.Between(60, 2000));
    }
    e.rota_offset = static_cast<uint8_t>(rng.Below(7));
    e.daily_patients = static_cast<uint16_t>(UsualDailyPatients(e.role, rng));
    h.employees.push_back(std::move(e));
  }
  Employee svc;
  svc.user_id = "svc_reporting";
  svc.first_name = "Reporting";
  svc.last_name = "Service";
  svc.department = Department::kIt;
  svc.role = Role::kService;
  svc.shift = Shift::kOffice;
  svc.hired_day = h.start_day - 1200;
  h.service_account = static_cast<uint32_t>(h.employees.size());
  h.employees.push_back(std::move(svc));
}

Patient NewPatient(DemoRandom& rng, std::string_view last_name, const std::string& address,
                   int64_t dob_day) {
  Patient p;
  p.first_name = rng.Pick(FirstNames());
  p.last_name = last_name;
  p.address = address;
  p.dob_day = dob_day;
  return p;
}

// Household members list one or two of the others as contacts.
void LinkHousehold(std::vector<Patient>& household, DemoRandom& rng) {
  if (household.size() < 2) return;
  for (size_t i = 0; i < household.size(); ++i) {
    size_t first = (i + 1) % household.size();
    household[i].contacts.push_back(household[first].first_name + " " + household[first].last_name);
    if (household.size() > 2 && rng.Chance(0.4)) {
      size_t second = (i + 2) % household.size();
      household[i].contacts.push_back(household[second].first_name + " " +
                                      household[second].last_name);
    }
  }
}

// An employee's own record, and sometimes relatives living with them.
std::vector<Patient> EmployeeHousehold(const Employee& e, int32_t index, int64_t today,
                                       DemoRandom& rng) {
  std::vector<Patient> household;
  Patient self =
      NewPatient(rng, e.last_name, e.address, BirthdayAtAge(today, rng.Between(22, 64), rng));
  self.first_name = e.first_name;
  self.employee = index;
  household.push_back(std::move(self));
  if (rng.Chance(0.25)) {
    int relatives = static_cast<int>(rng.Between(1, 2));
    for (int k = 0; k < relatives; ++k) {
      int64_t age = k == 0 ? rng.Between(20, 70) : rng.Between(0, 17);
      household.push_back(NewPatient(rng, e.last_name, e.address, BirthdayAtAge(today, age, rng)));
    }
  }
  LinkHousehold(household, rng);
  if (household.size() == 1 && rng.Chance(0.6)) {
    household[0].contacts.push_back(RandomFullName(rng, rng.Chance(0.5) ? e.last_name : ""));
  }
  return household;
}

std::vector<Patient> CommunityHousehold(int64_t today, DemoRandom& rng) {
  static constexpr int kSizeWeights[] = {65, 22, 8, 5};  // 1, 2, 3, 4 people
  size_t size = rng.Weighted(kSizeWeights) + 1;
  std::string last_name(rng.Pick(LastNames()));
  std::string address = RandomAddress(rng);
  std::vector<Patient> household;
  household.push_back(NewPatient(
      rng, last_name, address,
      BirthdayAtAge(today, size == 1 ? RandomPatientAge(rng) : rng.Between(20, 80), rng)));
  for (size_t k = 1; k < size; ++k) {
    bool partner = k == 1;
    std::string_view member_last =
        partner && rng.Chance(0.15) ? rng.Pick(LastNames()) : std::string_view(last_name);
    int64_t age = partner ? rng.Between(20, 80) : rng.Between(0, 17);
    household.push_back(NewPatient(rng, member_last, address, BirthdayAtAge(today, age, rng)));
  }
  LinkHousehold(household, rng);
  if (size == 1 && rng.Chance(0.6)) {
    household[0].contacts.push_back(RandomFullName(rng, rng.Chance(0.5) ? last_name : ""));
  }
  return household;
}

void MakePatients(Hospital& h, DemoRandom& rng) {
  const auto wanted = static_cast<size_t>(h.options.patients);
  std::vector<std::vector<Patient>> households;
  size_t planned = 0;
  for (uint32_t i = 0; i < h.service_account; ++i) {
    if (!rng.Chance(0.3)) continue;
    households.push_back(
        EmployeeHousehold(h.employees[i], static_cast<int32_t>(i), h.start_day, rng));
    planned += households.back().size();
  }
  while (planned < wanted) {
    households.push_back(CommunityHousehold(h.start_day, rng));
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

  size_t vips = 0;
  for (auto& p : h.patients) {
    if (p.employee >= 0) continue;
    if (rng.Chance(0.003)) {
      p.vip = true;
      ++vips;
    } else if (rng.Chance(0.015)) {
      int64_t died = h.start_day - rng.Between(20, 3650);
      if (died > p.dob_day) p.deceased_day = died;
    }
  }
  // A hospital of any size has a few VIPs to protect.
  for (int tries = 0; vips < 2 && h.patients.size() >= 20 && tries < 100; ++tries) {
    Patient& p = h.patients[rng.Below(static_cast<uint32_t>(h.patients.size()))];
    if (p.employee >= 0 || p.vip || p.deceased_day != kNoDay) continue;
    p.vip = true;
    ++vips;
  }
}

bool IsFullName(const std::string& contact, const Employee& e) {
  return contact.size() == e.first_name.size() + 1 + e.last_name.size() &&
         contact.compare(0, e.first_name.size(), e.first_name) == 0 &&
         contact[e.first_name.size()] == ' ' &&
         contact.compare(e.first_name.size() + 1, e.last_name.size(), e.last_name) == 0;
}

}  // namespace

Hospital BuildPopulation(const HospitalOptions& options) {
  Hospital h;
  h.options = options;
  h.start_day = FloorDiv(options.start, kMicrosPerDay);
  DemoRandom rng(DeriveSeed(options.seed, {Salt("population")}));
  MakeEmployees(h, rng);
  MakePatients(h, rng);
  return h;
}

bool IsPersonallyLinked(uint32_t employee_index, const Employee& employee, const Patient& patient) {
  if (patient.employee == static_cast<int32_t>(employee_index)) return true;
  if (!employee.address.empty() && patient.address == employee.address) return true;
  for (const auto& contact : patient.contacts) {
    if (IsFullName(contact, employee)) return true;
  }
  return false;
}

bool IsFlagged(const Patient& patient, int64_t day) {
  return patient.vip || patient.employee >= 0 ||
         (patient.deceased_day != kNoDay && patient.deceased_day + 365 < day);
}

}  // namespace phi::demo
