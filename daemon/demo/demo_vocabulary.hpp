// The words of the synthetic hospital and clinic: departments, roles, actions and record types as
// the generator's enums with their canonical spellings, and the built-in lists of names and
// streets. New values are appended, so the benchmark stream's draws do not change.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace phi::demo {

enum class Department : uint8_t {
  kEmergency,
  kCardiology,
  kOncology,
  kPediatrics,
  kPsychiatry,
  kRadiology,
  kBilling,
  kHim,
  kRegistration,
  kIt,
  kInternalMedicine,
  kObstetrics,
  kFloatPool,         // nurses who work each shift in whichever unit is short
  kBehavioralHealth,  // the outpatient mental-health clinic
  kAdministration,    // the clinic's billing and IT
};
inline constexpr int kDepartmentCount = 15;

enum class Role : uint8_t {
  kPhysician,
  kNurse,
  kResident,
  kTherapist,
  kBillingClerk,
  kHimAnalyst,
  kRegistrar,
  kScheduler,
  kItAdmin,
  kService,
  kPsychiatrist,
  kPsychologist,
  kFrontDesk,
  kIntakeCoordinator,
};

enum class Action : uint8_t {
  kView,
  kCreate,
  kUpdate,
  kPrint,
  kExport,
  kQuery,
  kLogin,
  kLogout,
  kBreakGlass,
};

enum class RecordType : uint8_t {
  kNone,
  kDemographics,
  kClinicalNote,
  kLabResult,
  kMedication,
  kImaging,
  kPsychotherapyNote,
  kSudTreatment,
  kHivResult,
  kBillingStatement,
  kSchedule,
  kReproductiveHealth,
  kDischargeSummary,
  kReferralLetter,
  kTreatmentPlan,
};

std::string_view DepartmentName(Department d);
// Three capital letters used in workstation ids ("WS-EMR-014").
std::string_view DepartmentCode(Department d);
// Departments that hold encounters (stays, ED visits, the clinic's episodes of care). Radiology
// works on imaging orders (appointments) instead.
bool HoldsEncounters(Department d);

std::string_view RoleName(Role r);
// Roles whose accesses are explained by a care relationship (the care team).
bool IsCareTeamRole(Role r);
// Roles that work around care without giving it: registration, scheduling, front desk, intake,
// billing, HIM, IT. They never need psychotherapy notes or other sensitive record classes.
bool IsOperationsRole(Role r);
// Psychotherapy notes, substance-use treatment, HIV results, reproductive health.
bool IsSensitiveRecord(RecordType t);

std::string_view ActionName(Action a);
// The EHR export's ACCESS_ACTION (VIEW, PRINT, EXPORT, MODIFY), or empty when it has none.
std::string_view ExportActionName(Action a);

std::string_view RecordTypeName(RecordType t);  // empty for kNone

std::span<const std::string_view> FirstNames();
std::span<const std::string_view> LastNames();
std::span<const std::string_view> Streets();

}  // namespace phi::demo
