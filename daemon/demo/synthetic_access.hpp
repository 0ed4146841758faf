// The benchmark stream's access model: many users (each with a fixed department, role and
// workstation) reading a large patient population, mostly their own panel, at steadily increasing
// times. Cheap per access (a few PRNG draws, no allocation), shared by every stream format.
#pragma once

#include <cstdint>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

struct SyntheticAccess {
  TimeMicros ts = 0;
  uint32_t user = 1;  // u00001 .. users
  uint32_t mrn = 1;   // MRN0000001 .. patients; 0 for logins and logouts
  Department department = Department::kEmergency;
  Role role = Role::kNurse;
  Action action = Action::kView;
  RecordType record_type = RecordType::kNone;
  uint16_t workstation = 1;
  int32_t record_count = 1;
  bool failure = false;
};

class SyntheticAccessSource {
 public:
  // REQUIRES: users >= 1, patients >= 1.
  SyntheticAccessSource(uint64_t seed, uint32_t users, uint32_t patients, TimeMicros start);

  // The next access, later than the previous one. With `export_actions_only`, only the actions an
  // EHR export can name (view, print, export, update) and always a patient.
  void Next(SyntheticAccess& access, bool export_actions_only);

  // Pieces for formats that build their own records (database sessions).
  TimeMicros NextTime();
  uint32_t RandomUser() { return 1 + rng_.Below(users_); }
  uint32_t PickMrn(uint32_t user);
  DemoRandom& rng() { return rng_; }

 private:
  DemoRandom rng_;
  uint32_t users_;
  uint32_t patients_;
  TimeMicros now_;
  std::vector<uint8_t> departments_;  // per user, index user - 1
  std::vector<uint8_t> roles_;
  std::vector<uint32_t> panels_;  // first MRN of each user's usual patients
};

}  // namespace phi::demo
