// Who works in the synthetic hospital: the share of staff per department, the roles within each
// department and who works nights. Used by the hospital model and by the benchmark event stream.
#pragma once

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

enum class Shift : uint8_t {
  kDay,     // 07:00-19:00, five days in seven on a rota
  kNight,   // 19:00-07:00 next morning, five nights in seven
  kOffice,  // 08:00-17:00, Monday to Friday
};

Department PickDepartment(DemoRandom& rng);
Role PickRole(Department department, DemoRandom& rng);
Shift PickShift(Department department, Role role, DemoRandom& rng);

// How many distinct patients a person in this role usually touches on a working day.
int UsualDailyPatients(Role role, DemoRandom& rng);

}  // namespace phi::demo
