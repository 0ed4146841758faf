// What retention keeps, as one value that readers copy: entries filed at or after the applied
// cut-off, and older ones of a patient or user under legal hold. Queries, replay and the
// compaction filters all decide with it, so that every view of the timeline agrees.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "daemon/common/time_util.hpp"
#include "daemon/timeline/held_identities.hpp"

namespace phi {

struct RetentionView {
  TimeMicros cutoff = INT64_MIN;               // nothing removed yet
  std::shared_ptr<const HeldIdentities> held;  // null: no holds

  bool any_held() const { return held && !held->empty(); }
  // `filed`: the time the entry's key carries (the event's time, or when it was received).
  bool Keeps(TimeMicros filed, std::string_view patient, std::string_view user) const {
    return filed >= cutoff || (held && held->Holds(patient, user));
  }
};

}  // namespace phi
