// The synthetic hospital in memory: employees (with the `svc_reporting` service account last),
// patients in households, and encounters (care relationships), over a window of whole UTC days.
// BuildPopulation makes the people; encounter_generator and incident_injector fill in the rest.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/demo/demo_vocabulary.hpp"
#include "daemon/demo/staffing.hpp"

namespace phi::demo {

inline constexpr int64_t kNoDay = std::numeric_limits<int64_t>::max();  // date not set
inline constexpr TimeMicros kNever = std::numeric_limits<int64_t>::max();
inline constexpr TimeMicros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr TimeMicros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr TimeMicros kMicrosPerDay = 24 * kMicrosPerHour;

struct HospitalOptions {
  int employees = 200;
  int patients = 5000;
  int days = 7;
  uint64_t seed = 1;
  TimeMicros start = 0;  // midnight UTC of the first day
  int events_per_user_day = 40;
  int incidents_per_scenario = 0;  // 0: scaled to the number of employees
};

struct Employee {
  std::string user_id;  // u00042
  std::string first_name;
  std::string last_name;
  std::string address;
  Department department = Department::kEmergency;
  Role role = Role::kNurse;
  Shift shift = Shift::kDay;
  int64_t hired_day = 0;  // days since the epoch
  int64_t terminated_day = kNoDay;
  uint8_t rota_offset = 0;      // works window day d when (d + rota_offset) % 7 < 5
  uint16_t daily_patients = 0;  // usual distinct patients per working day
  int32_t patient = -1;         // index of the employee's own patient record

  std::string FullName() const { return first_name + " " + last_name; }
};

struct Patient {
  uint32_t mrn = 0;  // MRN0001234 is 1234
  std::string first_name;
  std::string last_name;
  std::string address;
  int64_t dob_day = 0;
  bool vip = false;
  int32_t employee = -1;  // index of the employee this patient is
  int64_t deceased_day = kNoDay;
  std::vector<std::string> contacts;  // full names: guarantor, next of kin, emergency contacts
};

struct Encounter {
  uint32_t patient = 0;
  Department department = Department::kEmergency;
  uint32_t attending = 0;  // employee index
  TimeMicros admitted = 0;
  TimeMicros discharged = kNever;  // kNever: still admitted at the end of the window
};

struct Hospital {
  HospitalOptions options;
  int64_t start_day = 0;  // days since the epoch of the window's first day
  std::vector<Employee> employees;
  std::vector<Patient> patients;
  std::vector<Encounter> encounters;  // sorted by admission time
  uint32_t service_account = 0;       // index of svc_reporting

  TimeMicros DayStart(int64_t window_day) const {
    return options.start + window_day * kMicrosPerDay;
  }
  TimeMicros End() const { return DayStart(options.days); }
};

// Employees, the service account and patients (households, employee records, VIPs, deceased).
Hospital BuildPopulation(const HospitalOptions& options);

// A personal tie between a user and a patient: the user's own record, the same address (family,
// neighbours), or the user listed among the patient's contacts. Routine work never touches these.
bool IsPersonallyLinked(uint32_t employee_index, const Employee& employee, const Patient& patient);

// A patient whose every access without a care relationship is worth review: VIP, an employee,
// or dead for more than a year on `day`.
bool IsFlagged(const Patient& patient, int64_t day);

}  // namespace phi::demo
