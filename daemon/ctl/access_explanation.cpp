#include "daemon/ctl/access_explanation.hpp"

#include "daemon/detection/explanation_report.hpp"

namespace phi {
namespace {

std::string Department(const ContextSnapshot& context, InternId id) {
  std::string name(context.strings().Name(id));
  return name.empty() ? "a department" : name;
}

std::string VisitOf(const ContextSnapshot& context, const EncounterRecord* episode) {
  if (episode == nullptr) return "";
  std::string out = " (" + std::string(episode->appointment ? "appointment" : "visit") + " in " +
                    Department(context, episode->department);
  if (episode->admitted != kNoTime) out += ", " + ReadableDate(episode->admitted);
  return out + ")";
}

}  // namespace

std::string ExplainAccessInWords(const Event& access, const ContextSnapshot* context) {
  if (access.action == "audit") {
    return "Review of this record's access history with phi-auditd (privacy or compliance "
           "work).";
  }
  if (context == nullptr) return "No care-relationship data is configured to explain it.";
  const EmployeeRecord* employee = context->FindEmployee(access.user);
  const PatientRecord* patient = context->FindPatient(access.patient);
  if (employee == nullptr) return "The person is not in the staff list.";
  if (patient == nullptr)
    return "The patient is not in the patient list; no care relationship "
           "could be checked.";
  ContextExplanation why = context->ExplainDetailed(*employee, *patient, access.ts);
  const std::string visit = VisitOf(*context, why.episode);
  switch (why.explanation) {
    case Explanation::kAttending:
      return "Treating clinician: on the care team of the patient's visit" + visit + ".";
    case Explanation::kAppointmentProvider:
      return "The patient's provider for an appointment or order" + visit + ".";
    case Explanation::kDepartmentEncounter:
      return "Works in the department that was treating the patient" + visit + ".";
    case Explanation::kDepartmentAppointment:
      return "Works in the department where the patient had an appointment" + visit + ".";
    case Explanation::kCaseload:
      return "One of the patient's own clinicians (their caseload)" + visit + ".";
    case Explanation::kOperationsRole:
      return "Registration, scheduling, billing or records work on the patient's care" + visit +
             ".";
    case Explanation::kDepartmentFollowUp:
      return "Follow-up care: their department treated the patient recently" + visit + ".";
    case Explanation::kServiceDepartment:
      return "A service department (pharmacy, laboratory and the like) while the patient was in "
             "hospital.";
    case Explanation::kRecordsReview:
      return "Health records, quality or audit review of past care.";
    case Explanation::kInpatientCover:
      return "Clinical cover or consultation while the patient was in hospital.";
    case Explanation::kReturning:
    case Explanation::kDepartmentWorkingSet:
    case Explanation::kWorksWithDepartment:
    case Explanation::kWorksWithColleague:
      return "Part of their team's usual work on the patient's care.";
    case Explanation::kNone:
      break;
  }
  if (access.action == "break_glass")
    return "Emergency (\"break the glass\") access; no care relationship on record.";
  return "No care relationship on record for this access.";
}

}  // namespace phi
