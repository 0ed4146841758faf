// The event as rules see it: the committed Event plus what the context says about its user and
// patient, resolved lazily and at most once per event (a rule that never asks about the patient
// costs no patient look-up), and what the engine learned of the user before it (UserHistory)
// and of explanations (ExplanationMemory). One EventView per event; not shared between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/context/context_snapshot.hpp"
#include "daemon/detection/detection_settings.hpp"
#include "daemon/detection/explanation_memory.hpp"
#include "daemon/detection/sensitive_records.hpp"
#include "daemon/detection/user_activity.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// What the engine learned of the user before this event; set before rules run.
struct UserHistory {
  bool usual_hour = true;            // active at this hour (or next to it) on two days or more
  bool peers_usual_hour = true;      // the peer group (role and department) often works then
  int active_days = 0;               // days on which the user was active
  TimeMicros session_start = 0;      // start of the user's current run of work (gaps under 1 h)
  int64_t usual_record_count = 0;    // largest record_count of the user's recent events
  const PeerHours* peers = nullptr;  // the user's peer group, when known
  const UserActivity* activity = nullptr;  // the rest of what is known (for alert text)
};

// The engine's helpers an EventView may consult; all optional.
struct EventViewAids {
  const ExplanationMemory* memory = nullptr;
  SensitiveRecordIndex* sensitive = nullptr;
};

class EventView {
 public:
  EventView(const Event& event, const ContextSnapshot* context, const DetectionSettings& settings,
            EventViewAids aids = {})
      : event_(event), context_(context), settings_(settings), aids_(aids) {}

  const Event& event() const { return event_; }
  const ContextSnapshot* context() const { return context_; }
  const DetectionSettings& settings() const { return settings_; }

  const EmployeeRecord* employee();  // nullptr: unknown user (or no context loaded)
  const PatientRecord* patient();    // nullptr: no patient in the event, or unknown MRN
  // The best explanation: the context's, else (when it has no strong one) a learned one.
  Explanation explanation();
  ExplanationStrength explanation_strength() { return StrengthOf(explanation()); }
  // The care episode a context explanation rests on (nullptr for learned ones and none).
  const EncounterRecord* explanation_episode();
  // For learned explanations: the access they rest on.
  const LearnedExplanation& learned();
  bool care_relationship();  // explained by an encounter or appointment of the user or department
  // The department the event names, when it is not the employee record's (0 otherwise).
  InternId working_department();
  // The facts ExplanationMemory needs (hashes of user, patient, departments; the local day).
  AccessFacts access_facts();
  // Departments treating the patient now (the context's strong windows), as hashes.
  size_t current_departments(const uint64_t*& out);
  // The patient's own clinicians (context_snapshot.hpp), as hashes of their user ids.
  size_t clinicians(const uint64_t*& out);

  int local_hour();                    // 0-23 in the configured time zone
  int local_weekday();                 // 0 = Monday ... 6 = Sunday
  int64_t local_day();                 // days since the epoch in the configured time zone
  std::string_view sensitive_class();  // "" when the record is not of a sensitive class
  RoleClass role_class();              // the employee record's, else the event role's
  // The account was used after the employee's termination (a date is the last day worked:
  // that whole local day is fine, and a shift that began on it may run past midnight).
  bool after_termination();

  void SetHistory(const UserHistory& history) {
    has_history_ = true;
    history_ = history;
  }
  bool has_history() const { return has_history_; }
  const UserHistory& history() const { return history_; }

  // "user:patient", for allow-lists of pairs the privacy office approved.
  std::string_view user_patient();

  // The user's department and role: the event's own, else the employee record's.
  std::string_view department();
  std::string_view role();

  // The results of shared conditions (macros) already evaluated for this event; a few are kept.
  bool RecallCondition(const void* condition, bool& result) const {
    for (size_t i = 0; i < remembered_count_; ++i) {
      if (remembered_[i] == condition) {
        result = (remembered_results_ >> i) & 1;
        return true;
      }
    }
    return false;
  }
  void RememberCondition(const void* condition, bool result) {
    if (remembered_count_ == kRememberedConditions) return;
    remembered_results_ |= static_cast<uint32_t>(result) << remembered_count_;
    remembered_[remembered_count_++] = condition;
  }

 private:
  void ResolveLocalTime();
  void ResolveExplanation();

  const Event& event_;
  const ContextSnapshot* context_;
  const DetectionSettings& settings_;
  EventViewAids aids_;
  bool employee_done_ = false, patient_done_ = false, explanation_done_ = false;
  bool local_done_ = false, sensitive_done_ = false, working_done_ = false;
  bool departments_done_ = false;
  const EmployeeRecord* employee_ = nullptr;
  const PatientRecord* patient_ = nullptr;
  Explanation explanation_ = Explanation::kNone;
  const EncounterRecord* episode_ = nullptr;
  LearnedExplanation learned_;
  InternId working_department_ = 0;
  static constexpr size_t kMaxCurrentDepartments = 4;
  uint64_t department_hashes_[kMaxCurrentDepartments] = {};
  static constexpr size_t kMaxClinicians = 4;
  uint64_t clinician_hashes_[kMaxClinicians] = {};
  size_t clinician_count_ = 0;
  bool clinicians_done_ = false;
  size_t department_count_ = 0;
  int hour_ = 0, weekday_ = 0;
  int64_t day_ = 0;
  std::string_view sensitive_;
  std::string user_patient_;
  bool has_history_ = false;
  UserHistory history_;
  static constexpr size_t kRememberedConditions = 24;
  const void* remembered_[kRememberedConditions];
  uint32_t remembered_results_ = 0;
  size_t remembered_count_ = 0;
};

}  // namespace phi
