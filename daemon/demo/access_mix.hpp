// What opening a chart looks like for each reason: the actions and record types a role uses, by
// department; sensitive classes only where the patient has them or the work is theirs, never for
// operations roles.
#pragma once

#include "daemon/demo/chart_task.hpp"
#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

struct ChartAccess {
  Action action = Action::kView;
  RecordType type = RecordType::kClinicalNote;
};

// One access for `reason` by `role` working in `unit`, to a patient with PatientCondition bits
// `conditions`.
ChartAccess PickChartAccess(AccessReason reason, Role role, Department unit, uint8_t conditions,
                            DemoRandom& rng);

}  // namespace phi::demo
