// The synthetic organisation in memory, a hospital or a mental-health clinic: employees (the
// `svc_reporting` service account last), patients in households and buildings, encounters,
// appointments and consults over a window of whole UTC days.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/demo/demo_vocabulary.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {

inline constexpr int64_t kNoDay = std::numeric_limits<int64_t>::max();  // date not set
inline constexpr int32_t kNoLeave = std::numeric_limits<int32_t>::min();
inline constexpr TimeMicros kNever = std::numeric_limits<int64_t>::max();
inline constexpr TimeMicros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr TimeMicros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr TimeMicros kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr uint8_t kMondayToFriday = 0b0111110;  // bit w: weekday w, 0 = Sunday

// hospital: a few thousand staff in many departments; clinic: a few dozen staff, nearly all in
// Behavioral Health, with caseloads seen by appointment.
enum class Profile : uint8_t { kHospital, kClinic };
std::string_view ProfileName(Profile profile);
bool ParseProfile(std::string_view name, Profile& profile);

struct HospitalOptions {
  Profile profile = Profile::kHospital;
  int employees = 0;  // 0: the profile's default (hospital 200, clinic 40)
  int patients = 0;   // 0: the profile's default (hospital 5000, clinic 2000)
  int days = 7;
  uint64_t seed = 1;
  TimeMicros start = 0;  // midnight UTC of the first day
  int events_per_user_day = 40;
  int incidents_per_scenario = 0;  // 0: about 2 incidents per 1,000 user-days, at least 1
  double consult_order_share = kConsultOrderShare;
};

// `options` with the profile's defaults filled in.
HospitalOptions WithProfileDefaults(HospitalOptions options);

enum class Shift : uint8_t {
  kDay,     // 07:00-19:00 on a rota
  kNight,   // 19:00-07:00 next morning on a rota
  kOffice,  // office_start_minute for office_minutes on office_weekdays
};

struct Employee {
  std::string user_id;  // u00042
  std::string first_name;
  std::string last_name;
  std::string address;
  Department department = Department::kEmergency;  // HR's department (a resident's programme)
  Role role = Role::kNurse;
  Shift shift = Shift::kDay;
  int64_t hired_day = 0;  // days since the epoch
  int64_t terminated_day = kNoDay;
  uint8_t rota_offset = 0;      // day/night rota: works window day d when (d + offset) % 7 < ...
  uint8_t shifts_per_week = 5;  // ... this many
  bool rotates_nights = false;  // alternates a week of day shifts and a week of nights
  uint8_t office_weekdays = kMondayToFriday;
  int16_t office_start_minute = 8 * 60;
  int16_t office_minutes = 9 * 60;
  uint8_t clinic_weekdays = 0;         // physicians: weekdays with an outpatient clinic session
  uint8_t rotation_days = 0;           // residents: days per rotation block (0: no rotation)
  int32_t leave_first_day = kNoLeave;  // window days of a vacation or leave, inclusive
  int32_t leave_last_day = kNoLeave;
  uint16_t daily_patients = 0;   // usual distinct patients per working day
  uint16_t batch_rows = 0;       // usual rows of the daily batch export or print (0: none)
  int32_t patient = -1;          // index of the employee's own patient record
  int32_t household = -1;        // the household the employee lives in
  int32_t supervisor = -1;       // clinic: the licensed clinician supervising this one
  int32_t covered_by = -1;       // the colleague who covers the caseload during leave
  bool notes_from_home = false;  // clinic: finishes the day's notes in the evening over VPN

  std::string FullName() const { return first_name + " " + last_name; }
  bool OnLeave(int window_day) const {
    return window_day >= leave_first_day && window_day <= leave_last_day;
  }
};

// A guarantor, next of kin or emergency contact; `employee` when it is a member of staff.
struct Contact {
  std::string name;
  int32_t employee = -1;
};

enum PatientCondition : uint8_t {
  kConditionSud = 1,  // substance-use treatment records (42 CFR Part 2)
  kConditionHiv = 2,  // HIV results
};

struct Patient {
  uint32_t mrn = 0;  // MRN0001234 is 1234
  std::string first_name;
  std::string last_name;
  std::string address;
  int64_t dob_day = 0;
  bool vip = false;
  int32_t employee = -1;  // index of the employee this patient is
  int32_t household = -1;
  int64_t deceased_day = kNoDay;
  uint8_t conditions = 0;         // PatientCondition bits
  std::vector<Contact> contacts;  // guarantor, next of kin, emergency contacts
};

struct Encounter {
  uint32_t patient = 0;
  Department department = Department::kEmergency;
  bool scheduled = false;  // an elective admission, known (and prepared for) days ahead
  uint32_t attending = 0;  // employee index
  TimeMicros admitted = 0;
  TimeMicros discharged = kNever;  // kNever: still admitted at the end of the window
};

enum class AppointmentKind : uint8_t {
  kClinicVisit,
  kFollowUpVisit,    // after a discharge
  kPreAdmission,     // before a scheduled stay
  kReferralVisit,    // booked by another department's referral letter
  kImagingOrder,     // provider: the radiologist who reads it
  kConsultOrder,     // provider: the consultant
  kTherapySession,   // clinic
  kGroupSession,     // clinic: one row per member, provider the group's leader
  kMedicationVisit,  // clinic: the prescriber
  kIntake,           // clinic: a new client's first session
  kInjection,        // clinic: the nurse
};

struct Appointment {
  uint32_t patient = 0;
  Department department = Department::kEmergency;
  AppointmentKind kind = AppointmentKind::kClinicVisit;
  bool referral_letter = false;  // the visit ended with a referral to another department
  uint32_t provider = 0;         // employee index
  TimeMicros scheduled = 0;
  int32_t encounter = -1;  // the stay or ED visit an order belongs to
};

// A consult by another department; `recorded` ones also have a kConsultOrder appointment.
struct Consult {
  uint32_t patient = 0;
  int32_t encounter = -1;
  Department department = Department::kEmergency;  // the consulting department
  bool recorded = false;
  uint32_t consultant = 0;
  TimeMicros at = 0;
};

// Clinic: a weekly therapy group. Each member's sessions are appointments with the leader; the
// co-leader facilitates too, with no row of their own in the feed.
struct ClinicGroup {
  uint32_t leader = 0;
  int32_t co_leader = -1;
  std::vector<uint32_t> members;
};

struct Hospital {
  HospitalOptions options;
  int64_t start_day = 0;  // days since the epoch of the window's first day
  std::vector<Employee> employees;
  std::vector<Patient> patients;
  std::vector<Encounter> encounters;      // sorted by admission time
  std::vector<Appointment> appointments;  // sorted by scheduled time
  std::vector<Consult> consults;          // sorted by time
  std::vector<ClinicGroup> groups;
  uint32_t service_account = 0;  // index of svc_reporting
  int32_t household_count = 0;

  bool clinic() const { return options.profile == Profile::kClinic; }
  TimeMicros DayStart(int64_t window_day) const {
    return options.start + window_day * kMicrosPerDay;
  }
  TimeMicros End() const { return DayStart(options.days); }
  // The window day (negative before the window) of time t.
  int64_t WindowDay(TimeMicros t) const;
  int64_t EpochDay(TimeMicros t) const { return start_day + WindowDay(t); }
  // 0 = Sunday.
  int Weekday(int64_t window_day) const;
  // The busier stretch: the middle third of the window.
  bool InSurge(int64_t window_day) const;
};

int64_t FloorDiv(int64_t a, int64_t b);

// Employees, the service account and patients (households, buildings, employee records, VIPs,
// the deceased).
Hospital BuildPopulation(const HospitalOptions& options);

// A personal tie between a user and a patient: the user's own record, someone of the user's
// household, or the user listed among the patient's contacts. Routine work never touches these;
// neighbours and namesakes are not ties.
bool IsPersonallyLinked(uint32_t employee_index, const Employee& employee, const Patient& patient);

// A patient whose every access without a care relationship is worth review: VIP, an employee,
// or dead for more than a year on `day`.
bool IsFlagged(const Patient& patient, int64_t day);

bool IsLongDeceased(const Patient& patient, int64_t day);

}  // namespace phi::demo
