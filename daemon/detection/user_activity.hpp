// What the engine learns of each user's work, for the rules' user.* history fields: the hours
// they work (on how many days at each hour of day), their current run of work (so that a last
// shift may run past midnight), and the largest batch of records they read; and, per peer
// group (role and department), how often its members work at each hour. A user costs about
// 90 bytes, keyed by the hash of their id (as rule state is). Local days and hours come from the
// engine's time zone.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "daemon/common/binary_codec.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/detection/baseline.hpp"
#include "daemon/detection/dense_hash_map.hpp"

namespace phi {

// The largest value seen in the last 15 to 30 days: the maximum of this period of 15 days and
// the one before (a batch size, for "bulk is relative to habits").
struct RecentMaximum {
  std::array<uint32_t, 2> max{};  // this period, the previous one
  int32_t period = 0;

  int64_t At(int64_t day) const;
  void Add(int64_t day, int64_t value);
  void Save(std::string& out) const;
  bool Load(ByteReader& in);
};

// How often a peer group works at each hour: of its member-days, how many included the hour.
// Decays by halving, so it follows the last few thousand member-days. Also the group's usual
// batch of records, from its members' largest batch on their days with one: the 90th
// percentile once 20 such days are known, the median from 5 (never the maximum, so that one
// member's bulk export does not raise the bar for the others).
struct PeerHours {
  std::array<uint32_t, 24> member_days_at_hour{};
  uint32_t member_days = 0;
  DailyRing<64> batch_days;

  // The usual batch, or 0 until 5 member-days with a batch are known.
  int64_t UsualBatch() const;

  // Whether a share of at least `share_percent` of the member-days included this hour or one
  // next to it; false until the group has `min_member_days` of history (a group too small to
  // tell says nothing for the hour).
  bool Usual(int hour, uint32_t share_percent, uint32_t min_member_days) const;
  void AddDay();
  void AddHour(int hour) { ++member_days_at_hour[static_cast<size_t>(hour)]; }
};

struct UserActivity {
  int32_t last_day = INT32_MIN;  // local day of the latest event
  uint16_t active_days = 0;
  uint32_t hours_on_last_day = 0;          // bit h: active at hour h on last_day
  std::array<uint8_t, 24> days_at_hour{};  // days before last_day active at each hour
  TimeMicros last_ts = 0;
  TimeMicros session_start = 0;    // first event of the current run (gaps under an hour)
  RecentMaximum record_count;      // the user's largest batch of records
  uint32_t batch_on_last_day = 0;  // the largest record_count on last_day
  uint64_t peer_group = 0;         // hash of role and department

  // Whether `hour` is usual for the user: active at it, or next to it, on two earlier days or
  // more, or inside their working span; always true until the user has `learning_days` days.
  bool UsualHour(int hour, int learning_days) const;
  // The start of the run of work an event at `ts` belongs to.
  TimeMicros SessionStartAt(TimeMicros ts) const;
  int64_t UsualRecordCount(int64_t day) const { return record_count.At(day); }
  // Records an event; the peer group learns a new member-day or hour.
  void Record(TimeMicros ts, int64_t day, int hour, int64_t record_count, PeerHours& peers);
};

using ActivityLedger = DenseHashMap<UserActivity>;  // by HashText(user id)
using PeerHoursLedger = std::unordered_map<uint64_t, PeerHours>;
void SaveActivity(const ActivityLedger& users, const PeerHoursLedger& peers, std::string& out);
bool LoadActivity(ByteReader& in, ActivityLedger& users, PeerHoursLedger& peers);

}  // namespace phi
