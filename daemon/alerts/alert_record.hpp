// One entry of the alert log: a change to an alert (created, grew, acknowledged, assigned,
// noted, resolved, reopened) with who made it, when, and the alert as it stood after it. The
// log is what sinks deliver, in order; `position` is unique in the timeline, so a receiver that
// gets a record twice (at-least-once delivery) drops it by (alert_id, position).
#pragma once

#include <cstdint>
#include <string>

#include "daemon/common/binary_codec.hpp"
#include "daemon/detection/alert.hpp"

namespace phi {

struct AlertRecord {
  uint64_t position = 0;  // in the alert log, from 1
  std::string change;     // created, grew, acknowledged, assigned, noted, resolved, reopened
  TimeMicros at = 0;      // when the change was stored
  std::string by;         // "phi-auditd" for detection, the reviewer's OS user for triage
  std::string text;       // the assignee, the resolution or the note
  std::string note;       // a note given with an acknowledgement, resolution or reopening
  Alert alert;            // after the change, with its triage state
};

// The name detection's own changes carry in `by`.
inline constexpr char kDetectionActor[] = "phi-auditd";

// Stored form (without the position, which is the key).
void SaveAlertRecord(const AlertRecord& record, std::string& out);
bool LoadAlertRecord(ByteReader& in, AlertRecord& record);

// The alert's JSON object with the change beside it: "change", "record" (the position),
// "changed_at", "changed_by", and "change_text" / "change_note" when given.
void AppendAlertRecordJson(const AlertRecord& record, std::string& out);

}  // namespace phi
