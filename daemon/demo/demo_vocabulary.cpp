// Spellings of the generator's enums and the built-in name lists (see demo_vocabulary.hpp).
#include "daemon/demo/demo_vocabulary.hpp"

#include <array>

namespace phi::demo {
namespace {

constexpr std::array<std::string_view, kDepartmentCount> kDepartmentNames = {
    "Emergency",         "Cardiology", "Oncology",   "Pediatrics",        "Psychiatry",
    "Radiology",         "Billing",    "HIM",        "Registration",      "IT",
    "Internal Medicine", "Obstetrics", "Float Pool", "Behavioral Health", "Administration"};
constexpr std::array<std::string_view, kDepartmentCount> kDepartmentCodes = {
    "EMR", "CAR", "ONC", "PED", "PSY", "RAD", "BIL", "HIM",
    "REG", "ITS", "MED", "OBS", "FLT", "BHC", "ADM"};

constexpr std::array<std::string_view, 14> kRoleNames = {
    "physician",    "nurse",        "resident",   "therapist",         "billing_clerk",
    "him_analyst",  "registrar",    "scheduler",  "it_admin",          "service",
    "psychiatrist", "psychologist", "front_desk", "intake_coordinator"};

constexpr std::array<std::string_view, 9> kActionNames = {
    "view", "create", "update", "print", "export", "query", "login", "logout", "break_glass"};

constexpr std::array<std::string_view, 15> kRecordTypeNames = {
    "",         "demographics",        "clinical_note",     "lab_result",      "medication",
    "imaging",  "psychotherapy_note",  "sud_treatment",     "hiv_result",      "billing_statement",
    "schedule", "reproductive_health", "discharge_summary", "referral_letter", "treatment_plan"};

constexpr std::string_view kFirstNames[] = {
    "James",   "Mary",      "Robert",  "Patricia", "John",    "Jennifer",  "Michael", "Linda",
    "David",   "Elizabeth", "William", "Barbara",  "Richard", "Susan",     "Joseph",  "Jessica",
    "Thomas",  "Sarah",     "Charles", "Karen",    "Daniel",  "Lisa",      "Matthew", "Nancy",
    "Anthony", "Sandra",    "Mark",    "Ashley",   "Steven",  "Emily",     "Andrew",  "Michelle",
    "Joshua",  "Amanda",    "Kevin",   "Melissa",  "Brian",   "Stephanie", "Carlos",  "Maria",
    "Jose",    "Ana",       "Luis",    "Sofia",    "Wei",     "Mei",       "Hiroshi", "Yuki",
    "Arjun",   "Priya",     "Omar",    "Fatima",   "Kwame",   "Amara",     "Ivan",    "Olga",
    "Liam",    "Noah",      "Olivia",  "Emma",     "Ava",     "Mateo",     "Chloe",   "Ethan"};

constexpr std::string_view kLastNames[] = {
    "Smith",    "Johnson",   "Williams", "Brown",     "Jones",    "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez", "Hernandez", "Lopez",    "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",   "Moore",     "Jackson",  "Martin",   "Lee",
    "Perez",    "Thompson",  "White",    "Harris",    "Sanchez",  "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",   "Young",     "Allen",    "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",   "Hill",      "Flores",   "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",     "Rivera",    "Campbell", "Mitchell", "Carter",
    "Roberts",  "Chen",      "Wang",     "Kim",       "Patel",    "Singh",    "Tanaka",
    "Okafor",   "Mensah",    "Ivanova",  "Kowalski",  "Murphy",   "O'Brien",  "Schmidt",
    "Rossi",    "Dubois",    "Haddad",   "Cohen",     "Novak",    "Larsen",   "Silva",
    "Fischer",  "Morales",   "Reyes",    "Cruz",      "Ortiz",    "Gupta",    "Khan",
    "Park",     "Yamamoto",  "Bianchi"};

constexpr std::string_view kStreets[] = {
    "Oak St",         "Maple Ave",   "Pine St",     "Cedar Ln",     "Elm St",
    "Washington Ave", "Lake Dr",     "Hill Rd",     "Main St",      "Park Ave",
    "Sunset Blvd",    "River Rd",    "Church St",   "Highland Ave", "Mill St",
    "Spring St",      "Forest Dr",   "Meadow Ln",   "Lincoln Ave",  "Jefferson St",
    "Walnut St",      "Chestnut St", "Willow Way",  "Birch Ct",     "Harbor Rd",
    "Orchard Ln",     "Valley Rd",   "Ridge Rd",    "Franklin St",  "Madison Ave",
    "Broadway",       "Market St",   "Grove St",    "Prospect Ave", "Summit Ave",
    "College Ave",    "Union St",    "Bridge St",   "Garden Pl",    "Mountain View Dr",
    "Cherry Ln",      "Aspen Ct",    "Magnolia Dr", "Dogwood Ln",   "Hawthorne Rd",
    "Kings Hwy",      "Station Rd",  "Academy St",  "Beacon St",    "Canal St"};

}  // namespace

std::string_view DepartmentName(Department d) {
  return kDepartmentNames[static_cast<int>(d)];
}
std::string_view DepartmentCode(Department d) {
  return kDepartmentCodes[static_cast<int>(d)];
}

bool HoldsEncounters(Department d) {
  switch (d) {
    case Department::kEmergency:
    case Department::kCardiology:
    case Department::kOncology:
    case Department::kPediatrics:
    case Department::kPsychiatry:
    case Department::kInternalMedicine:
    case Department::kObstetrics:
    case Department::kBehavioralHealth:
      return true;
    default:
      return false;
  }
}

std::string_view RoleName(Role r) {
  return kRoleNames[static_cast<int>(r)];
}

bool IsCareTeamRole(Role r) {
  return r == Role::kPhysician || r == Role::kNurse || r == Role::kResident ||
         r == Role::kTherapist || r == Role::kPsychiatrist || r == Role::kPsychologist;
}

bool IsOperationsRole(Role r) {
  return r == Role::kBillingClerk || r == Role::kHimAnalyst || r == Role::kRegistrar ||
         r == Role::kScheduler || r == Role::kItAdmin || r == Role::kFrontDesk ||
         r == Role::kIntakeCoordinator;
}

bool IsSensitiveRecord(RecordType t) {
  return t == RecordType::kPsychotherapyNote || t == RecordType::kSudTreatment ||
         t == RecordType::kHivResult || t == RecordType::kReproductiveHealth;
}

std::string_view ActionName(Action a) {
  return kActionNames[static_cast<int>(a)];
}

std::string_view ExportActionName(Action a) {
  switch (a) {
    case Action::kView:
      return "VIEW";
    case Action::kPrint:
      return "PRINT";
    case Action::kExport:
      return "EXPORT";
    case Action::kUpdate:
    case Action::kCreate:
      return "MODIFY";
    default:
      return "";
  }
}

std::string_view RecordTypeName(RecordType t) {
  return kRecordTypeNames[static_cast<int>(t)];
}

std::span<const std::string_view> FirstNames() {
  return kFirstNames;
}
std::span<const std::string_view> LastNames() {
  return kLastNames;
}
std::span<const std::string_view> Streets() {
  return kStreets;
}

}  // namespace phi::demo
