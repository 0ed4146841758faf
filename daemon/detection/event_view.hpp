// The event as rules see it: the committed Event plus what the context says about its user and
// patient, resolved lazily and at most once per event (a rule that never asks about the patient
// costs no patient look-up). One EventView per event; not shared between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/context/context_snapshot.hpp"
#include "daemon/detection/detection_settings.hpp"
#include "daemon/event/event.hpp"

namespace phi {

class EventView {
 public:
  EventView(const Event& event, const ContextSnapshot* context, const DetectionSettings& settings)
      : event_(event), context_(context), settings_(settings) {}

  const Event& event() const { return event_; }
  const ContextSnapshot* context() const { return context_; }
  const DetectionSettings& settings() const { return settings_; }

  const EmployeeRecord* employee();    // nullptr: unknown user (or no context loaded)
  const PatientRecord* patient();      // nullptr: no patient in the event, or unknown MRN
  Explanation explanation();           // kNone when the access is not explained
  bool care_relationship();            // explained by the attending or a department encounter
  int local_hour();                    // 0-23 in the configured time zone
  int local_weekday();                 // 0 = Monday ... 6 = Sunday
  int64_t local_day();                 // days since the epoch in the configured time zone
  std::string_view sensitive_class();  // "" when the record is not of a sensitive class

  // What the engine learned of the user's working hours, set before rules run: whether the
  // user was active at this hour of day (or the next or previous one) on two days or more, and
  // on how many days the user was active at all. Without it, `usual_hour` is missing.
  void SetActivity(bool usual_hour, int active_days) {
    has_activity_ = true;
    usual_hour_ = usual_hour;
    active_days_ = active_days;
  }
  bool has_activity() const { return has_activity_; }
  bool usual_hour() const { return usual_hour_; }
  int active_days() const { return active_days_; }

  // Set by the engine when the context explains nothing but the user was explained for this
  // patient before (within the returning window).
  void MarkReturning() {
    explanation();
    if (explanation_ == Explanation::kNone) explanation_ = Explanation::kReturning;
  }
  // "user:patient", for allow-lists of pairs the privacy office approved.
  std::string_view user_patient();

  // The user's department and role: the event's own, else the employee record's.
  std::string_view department();
  std::string_view role();

 private:
  void ResolveLocalTime();

  const Event& event_;
  const ContextSnapshot* context_;
  const DetectionSettings& settings_;
  bool employee_done_ = false, patient_done_ = false, explanation_done_ = false;
  bool local_done_ = false, sensitive_done_ = false;
  const EmployeeRecord* employee_ = nullptr;
  const PatientRecord* patient_ = nullptr;
  Explanation explanation_ = Explanation::kNone;
  int hour_ = 0, weekday_ = 0;
  int64_t day_ = 0;
  std::string_view sensitive_;
  std::string user_patient_;
  bool has_activity_ = false, usual_hour_ = true;
  int active_days_ = 0;
};

}  // namespace phi
