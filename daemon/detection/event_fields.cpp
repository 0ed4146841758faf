#include "daemon/detection/event_fields.hpp"

#include <algorithm>
#include <array>

namespace phi {
namespace {

using V = FieldValue;
using K = FieldKind;
constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;

std::string_view Interned(EventView& v, InternId id) {
  return v.context() ? v.context()->strings().Name(id) : std::string_view();
}

// Context facts about the (user, patient) pair; false when either is unknown.
template <typename F>
V PairFact(EventView& v, F fact) {
  const EmployeeRecord* e = v.employee();
  const PatientRecord* p = v.patient();
  return V::Bool(e != nullptr && p != nullptr && fact(*v.context(), *e, *p));
}

const std::
    array
        kFields =
            {
                // The event itself.
                FieldDef{"ts", K::kNumber, "event time, microseconds since the epoch",
                         [](EventView& v) { return V::Number(v.event().ts); }},
                FieldDef{"user", K::kString, "user id",
                         [](EventView& v) { return V::Text(v.event().user); }},
                FieldDef{"role", K::kString, "the event's role, else the employee record's",
                         [](EventView& v) { return V::Text(v.role()); }},
                FieldDef{"department", K::kString,
                         "the event's department, else the employee record's",
                         [](EventView& v) { return V::Text(v.department()); }},
                FieldDef{"action", K::kString,
                         "view, create, update, delete, print, export, query, ...",
                         [](EventView& v) { return V::Text(v.event().action); }},
                FieldDef{"patient", K::kString, "the patient's MRN",
                         [](EventView& v) { return V::Text(v.event().patient); }},
                FieldDef{"patient_outside_care", K::kString,
                         "the patient's MRN when the user has no care relationship with them, "
                         "else missing (what a volume rule counts)",
                         [](EventView& v) {
                           return v.care_relationship() ? V::Missing() : V::Text(v.event().patient);
                         }},
                FieldDef{"record_type", K::kString, "the kind of record touched",
                         [](EventView& v) { return V::Text(v.event().record_type); }},
                FieldDef{"record_count", K::kNumber, "records or rows affected",
                         [](EventView& v) { return V::Number(v.event().record_count); }},
                FieldDef{"workstation", K::kString, "workstation id",
                         [](EventView& v) { return V::Text(v.event().workstation); }},
                FieldDef{"client_ip", K::kString, "client address",
                         [](EventView& v) { return V::Text(v.event().client_ip); }},
                FieldDef{"outcome", K::kString, "success or failure",
                         [](EventView& v) { return V::Text(v.event().outcome); }},
                FieldDef{"event_id", K::kString, "the source's own event id",
                         [](EventView& v) { return V::Text(v.event().event_id); }},
                FieldDef{"source", K::kString, "the configured source name",
                         [](EventView& v) { return V::Text(v.event().source); }},
                FieldDef{"statement", K::kString, "database statement text (truncated)",
                         [](EventView& v) { return V::Text(v.event().statement); }},
                FieldDef{"truncated", K::kBool,
                         "the record was longer than max_record_bytes and only its start was read",
                         [](EventView& v) { return V::Bool(v.event().truncated); }},
                FieldDef{"implausible_time", K::kBool,
                         "the source's time lay outside the plausible range: detection used the "
                         "time it was received",
                         [](EventView& v) { return V::Bool(v.event().implausible_time); }},
                // The user, from the employees feed.
                FieldDef{"user.known", K::kBool, "the user is in the employees feed",
                         [](EventView& v) { return V::Bool(v.employee() != nullptr); }},
                FieldDef{"user.department", K::kString, "the employee record's department",
                         [](EventView& v) {
                           const EmployeeRecord* e = v.employee();
                           return e ? V::Text(Interned(v, e->department)) : V::Missing();
                         }},
                FieldDef{"user.role", K::kString, "the employee record's role",
                         [](EventView& v) {
                           const EmployeeRecord* e = v.employee();
                           return e ? V::Text(Interned(v, e->role)) : V::Missing();
                         }},
                FieldDef{
                    "user.role_class", K::kString,
                    "clinical, operations, records, it, service or unknown (from the role's words)",
                    [](EventView& v) { return V::Text(RoleClassName(v.role_class())); }},
                FieldDef{"user.terminated", K::kBool,
                         "the account was used after the last day worked (terminated)",
                         [](EventView& v) { return V::Bool(v.after_termination()); }},
                FieldDef{"user.days_since_termination", K::kNumber,
                         "whole days since the last day worked (or the termination instant)",
                         [](EventView& v) {
                           const EmployeeRecord* e = v.employee();
                           if (!e) return V::Missing();
                           if (e->terminated != kNoTime)
                             return V::Number((v.event().ts - e->terminated) / kMicrosPerDay);
                           if (e->terminated_day == INT64_MIN) return V::Missing();
                           return V::Number(v.local_day() - e->terminated_day);
                         }},
                FieldDef{"user.before_hire", K::kBool,
                         "the event happened before the user's hire date",
                         [](EventView& v) {
                           const EmployeeRecord* e = v.employee();
                           return V::Bool(e && e->hired != kNoTime && v.event().ts < e->hired);
                         }},
                // The patient, from the patients feed.
                FieldDef{"patient.known", K::kBool, "the patient is in the patients feed",
                         [](EventView& v) { return V::Bool(v.patient() != nullptr); }},
                FieldDef{"patient.vip", K::kBool, "the patient is flagged VIP",
                         [](EventView& v) { return V::Bool(v.patient() && v.patient()->vip); }},
                FieldDef{"patient.employee", K::kBool, "the patient is an employee",
                         [](EventView& v) {
                           return V::Bool(v.patient() && !v.patient()->employee_user_id.empty());
                         }},
                FieldDef{"patient.employee_user_id", K::kString, "the patient's employee user id",
                         [](EventView& v) {
                           return v.patient() ? V::Text(v.patient()->employee_user_id)
                                              : V::Missing();
                         }},
                FieldDef{"patient.deceased", K::kBool, "the patient died before the event",
                         [](EventView& v) {
                           const PatientRecord* p = v.patient();
                           return V::Bool(p && p->deceased != kNoTime &&
                                          p->deceased < v.event().ts);
                         }},
                FieldDef{"patient.days_since_death", K::kNumber,
                         "whole days since the patient's death",
                         [](EventView& v) {
                           const PatientRecord* p = v.patient();
                           if (!p || p->deceased == kNoTime) return V::Missing();
                           return V::Number((v.event().ts - p->deceased) / kMicrosPerDay);
                         }},
                // Relationships between the user and the patient.
                FieldDef{"care_relationship", K::kBool,
                         "a strong explanation by an encounter or appointment of the user or the "
                         "department",
                         [](EventView& v) { return V::Bool(v.care_relationship()); }},
                FieldDef{
                    "explained", K::kBool, "some explanation, strong or weak, holds for the access",
                    [](EventView& v) { return V::Bool(v.explanation() != Explanation::kNone); }},
                FieldDef{
                    "explanation", K::kString,
                    "the best explanation: attending, appointment_provider, department_encounter, "
                    "department_appointment, caseload, operations_role, department_follow_up, "
                    "service_department, records_review, inpatient_cover, returning, "
                    "department_working_set, "
                    "works_with_department, works_with_colleague "
                    "or none",
                    [](EventView& v) { return V::Text(ExplanationName(v.explanation())); }},
                FieldDef{
                    "explanation_strength", K::kString, "strong, weak or none",
                    [](EventView& v) { return V::Text(StrengthName(v.explanation_strength())); }},
                FieldDef{"user_patient", K::kString,
                         "\"user:patient\", for allow-lists of approved pairs",
                         [](EventView& v) { return V::Text(v.user_patient()); }},
                FieldDef{"self_access", K::kBool, "the patient is the user",
                         [](EventView& v) {
                           const PatientRecord* p = v.patient();
                           return V::Bool(p && !p->employee_user_id.empty() &&
                                          p->employee_user_id == v.event().user);
                         }},
                FieldDef{"coworker_access", K::kBool, "the patient is another employee",
                         [](EventView& v) {
                           const PatientRecord* p = v.patient();
                           return V::Bool(p && !p->employee_user_id.empty() &&
                                          p->employee_user_id != v.event().user);
                         }},
                FieldDef{"same_department", K::kBool,
                         "the patient is an employee of the user's department",
                         [](EventView& v) {
                           const PatientRecord* p = v.patient();
                           const EmployeeRecord* e = v.employee();
                           if (!p || !e || p->employee_user_id.empty() ||
                               p->employee_user_id == e->user_id) {
                             return V::Bool(false);
                           }
                           const EmployeeRecord* colleague =
                               v.context()->FindEmployee(p->employee_user_id);
                           return V::Bool(colleague && colleague->department != 0 &&
                                          colleague->department == e->department);
                         }},
                FieldDef{"same_last_name", K::kBool, "the user and the patient share a last name",
                         [](EventView& v) {
                           return PairFact(
                               v, [](const ContextSnapshot& c, const EmployeeRecord& e,
                                     const PatientRecord& p) { return c.SameLastName(e, p); });
                         }},
                FieldDef{"same_address", K::kBool, "the user and the patient share an address",
                         [](EventView& v) {
                           return PairFact(
                               v, [](const ContextSnapshot& c, const EmployeeRecord& e,
                                     const PatientRecord& p) { return c.SameAddress(e, p); });
                         }},
                FieldDef{"user_is_contact", K::kBool, "the user is a listed contact of the patient",
                         [](EventView& v) {
                           return PairFact(
                               v, [](const ContextSnapshot& c, const EmployeeRecord& e,
                                     const PatientRecord& p) { return c.IsListedContact(e, p); });
                         }},
                // What the engine learned of the user's activity.
                FieldDef{"user.usual_hour", K::kBool,
                         "the user has worked at this hour before (on 2+ days; true while history "
                         "is short)",
                         [](EventView& v) {
                           return v.has_history() ? V::Bool(v.history().usual_hour) : V::Missing();
                         }},
                FieldDef{"user.peers_usual_hour", K::kBool,
                         "the user's peers (same role and department) often work at this hour",
                         [](EventView& v) {
                           return v.has_history() ? V::Bool(v.history().peers_usual_hour)
                                                  : V::Missing();
                         }},
                FieldDef{"user.active_days", K::kNumber, "days on which the user was active",
                         [](EventView& v) {
                           return v.has_history() ? V::Number(v.history().active_days)
                                                  : V::Missing();
                         }},
                FieldDef{"user.usual_record_count", K::kNumber,
                         "the largest record_count of the user's exports, prints and queries in 30 "
                         "days",
                         [](EventView& v) {
                           return v.has_history() ? V::Number(v.history().usual_record_count)
                                                  : V::Missing();
                         }},
                FieldDef{"user.peers_usual_record_count", K::kNumber,
                         "the usual batch of the user's peers (role and department): the 90th "
                         "percentile "
                         "(from 20 days, the median from 5) of their largest record_count on days "
                         "with one",
                         [](EventView& v) {
                           if (!v.has_history()) return V::Missing();
                           return V::Number(v.history().peers ? v.history().peers->UsualBatch()
                                                              : 0);
                         }},
                FieldDef{"record_count_ratio", K::kNumber,
                         "record_count divided by the larger of user.usual_record_count and "
                         "user.peers_usual_record_count (record_count when neither has a batch)",
                         [](EventView& v) {
                           int64_t usual = 0;
                           if (v.has_history()) {
                             const UserHistory& h = v.history();
                             usual = std::max(h.usual_record_count,
                                              h.peers ? h.peers->UsualBatch() : 0);
                           }
                           return V::Number(v.event().record_count / std::max<int64_t>(1, usual));
                         }},
                // The organisation.
                FieldDef{"org.patients", K::kNumber, "patients in the patients feed",
                         [](EventView& v) {
                           return v.context() ? V::Number(static_cast<int64_t>(
                                                    v.context()->patient_count()))
                                              : V::Missing();
                         }},
                FieldDef{
                    "org.bulk_threshold", K::kNumber,
                    "records that make a bulk read here: detection.bulk's share of the patients, "
                    "between its minimum and maximum",
                    [](EventView& v) {
                      const DetectionSettings& s = v.settings();
                      int64_t patients = v.context()
                                             ? static_cast<int64_t>(v.context()->patient_count())
                                             : INT64_MAX;
                      int64_t share = patients == INT64_MAX
                                          ? s.bulk_max_records
                                          : patients * s.bulk_share_permille / 1000;
                      return V::Number(std::clamp(share, s.bulk_min_records, s.bulk_max_records));
                    }},
                // Time, in the configured time zone.
                FieldDef{"hour", K::kNumber, "hour of day 0-23 in the configured time zone",
                         [](EventView& v) { return V::Number(v.local_hour()); }},
                FieldDef{"weekday", K::kNumber, "day of week, 0 = Monday ... 6 = Sunday",
                         [](EventView& v) { return V::Number(v.local_weekday()); }},
                // Sensitive record classes (configured by record_type and source).
                FieldDef{"sensitive", K::kBool, "the record is of a sensitive class",
                         [](EventView& v) { return V::Bool(!v.sensitive_class().empty()); }},
                FieldDef{"sensitive_class", K::kString,
                         "psychotherapy_notes, substance_use_disorder, ...",
                         [](EventView& v) { return V::Text(v.sensitive_class()); }},
};

}  // namespace

std::span<const FieldDef> EventFields() {
  return kFields;
}

const FieldDef* FindEventField(std::string_view name) {
  for (const auto& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace phi
