// The benchmark event stream's staff mix: the share of users per department and the roles within
// each. Kept apart from the hospital's staffing plan (hospital_staffing.hpp) so that the stream's
// bytes stay the same when the hospital model changes.
#pragma once

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

Department PickDepartment(DemoRandom& rng);
Role PickRole(Department department, DemoRandom& rng);

}  // namespace phi::demo
