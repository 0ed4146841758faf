// One generated access, compact (32 bytes) so a large hospital's weeks of activity sort quickly in
// memory; the writers turn it into phi-json or EHR-export text through the hospital model.
#pragma once

#include <cstdint>

#include "daemon/common/time_util.hpp"
#include "daemon/demo/chart_task.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

enum AccessFlag : uint8_t {
  kAccessFailure = 1,    // outcome failure
  kAccessRemote = 2,     // from the VPN gateway instead of a department workstation
  kAccessAncillary = 4,  // logged by the lab & imaging viewer: goes to ehr_export.csv
};

struct AccessEvent {
  TimeMicros ts = 0;
  uint32_t user = 0;     // employee index
  int32_t patient = -1;  // patient index; -1 when the access touches no single patient
  int32_t record_count = 1;
  uint16_t workstation = 0;  // number within the unit: WS-EMR-014
  uint16_t incident = 0;     // 1 + index of the injected incident; 0 for routine work
  Action action = Action::kView;
  RecordType record_type = RecordType::kNone;
  uint8_t flags = 0;
  // The unit the user is logged in to: a resident's rotation, a float nurse's ward, otherwise
  // their own department. It is the event's `department` and names the workstation.
  Department unit = Department::kEmergency;
  AccessReason reason = AccessReason::kNone;  // why routine work did it; never written
};
static_assert(sizeof(AccessEvent) == 32, "AccessEvent is sorted by the million: keep it small");

// Access times are whole milliseconds, as EHR audit logs write them.
inline TimeMicros WholeMillis(TimeMicros t) {
  return t - t % 1000;
}

// Workstations per department (WS-XXX-001 .. WS-XXX-040); the first twelve are the unit's shared
// nursing-station computers.
inline constexpr uint16_t kWorkstationsPerDepartment = 40;
inline constexpr uint16_t kSharedWorkstations = 12;

}  // namespace phi::demo
