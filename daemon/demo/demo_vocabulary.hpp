// The words of the synthetic hospital: departments, roles, actions and record types as the
// generator's enums with their canonical spellings, and the built-in lists of names and streets.
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
};
inline constexpr int kDepartmentCount = 10;

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
};

std::string_view DepartmentName(Department d);
// Three capital letters used in workstation ids ("WS-EMR-014").
std::string_view DepartmentCode(Department d);
// Departments that hold encounters (care relationships): the clinical ones and Radiology.
bool HoldsEncounters(Department d);

std::string_view RoleName(Role r);
// Roles whose accesses are explained by a care relationship (the care team).
bool IsCareTeamRole(Role r);

std::string_view ActionName(Action a);
// The EHR export's ACCESS_ACTION (VIEW, PRINT, EXPORT, MODIFY), or empty when it has none.
std::string_view ExportActionName(Action a);

std::string_view RecordTypeName(RecordType t);  // empty for kNone

std::span<const std::string_view> FirstNames();
std::span<const std::string_view> LastNames();
std::span<const std::string_view> Streets();

}  // namespace phi::demo
