// A time zone for local hours and days: UTC, a fixed offset ("+05:30"), or an IANA zone
// ("America/New_York") read once from the system's TZif files (/usr/share/zoneinfo), with its
// daylight-saving transitions. Immutable after Load; cheap to copy (shared transitions).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"

namespace phi {

class TimeZone {
 public:
  TimeZone() = default;  // UTC
  static Result<TimeZone> Load(const std::string& name,
                               const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  // Seconds east of UTC in force at `t`.
  int32_t OffsetAt(TimeMicros t) const;
  const std::string& name() const { return name_; }

 private:
  struct Transitions {
    std::vector<int64_t> at;      // UTC seconds, ascending
    std::vector<int32_t> offset;  // offset from at[i] on
    int32_t initial = 0;          // before the first transition
  };
  std::string name_ = "UTC";
  int32_t fixed_ = 0;
  std::shared_ptr<const Transitions> transitions_;
};

}  // namespace phi
