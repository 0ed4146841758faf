#include "daemon/detection/user_activity.hpp"

#include <algorithm>

namespace phi {
namespace {

constexpr TimeMicros kSessionGap = 3600LL * kMicrosPerSecond;
constexpr int64_t kRecordCountPeriodDays = 15;
constexpr uint32_t kPeerDecayAt = 4096;

}  // namespace

bool PeerHours::Usual(int hour, uint32_t share_percent, uint32_t min_member_days) const {
  if (member_days < min_member_days) return true;
  for (int h : {hour, (hour + 23) % 24, (hour + 1) % 24}) {
    if (member_days_at_hour[static_cast<size_t>(h)] * 100ULL >=
        static_cast<uint64_t>(share_percent) * member_days) {
      return true;
    }
  }
  return false;
}

void PeerHours::AddDay() {
  if (++member_days >= kPeerDecayAt) {
    member_days /= 2;
    for (auto& c : member_days_at_hour) c /= 2;
  }
}

bool UserActivity::UsualHour(int hour, int learning_days) const {
  if (active_days < learning_days) return true;
  int days = days_at_hour[static_cast<size_t>(hour)] + days_at_hour[(hour + 23) % 24] +
             days_at_hour[(hour + 1) % 24];
  return days >= 2;
}

TimeMicros UserActivity::SessionStartAt(TimeMicros ts) const {
  return last_ts != 0 && ts - last_ts < kSessionGap && ts >= last_ts ? session_start : ts;
}

int64_t UserActivity::UsualRecordCount(int64_t day) const {
  int64_t period = day / kRecordCountPeriodDays;
  if (period == record_count_period) return std::max(record_count_max[0], record_count_max[1]);
  if (period == record_count_period + 1) return record_count_max[0];
  return 0;
}

void UserActivity::Record(TimeMicros ts, int64_t day, int hour, int64_t record_count,
                          PeerHours& peers) {
  session_start = SessionStartAt(ts);
  last_ts = std::max(last_ts, ts);
  auto d = static_cast<int32_t>(day);
  if (d != last_day) {
    last_day = d;
    hours_on_last_day = 0;
    if (active_days < UINT16_MAX) ++active_days;
    peers.AddDay();
  }
  const uint32_t bit = 1u << hour;
  if (!(hours_on_last_day & bit)) {
    hours_on_last_day |= bit;
    if (days_at_hour[static_cast<size_t>(hour)] < UINT8_MAX)
      ++days_at_hour[static_cast<size_t>(hour)];
    peers.AddHour(hour);
  }
  auto period = static_cast<int32_t>(day / kRecordCountPeriodDays);
  if (period != record_count_period) {
    record_count_max[1] = period == record_count_period + 1 ? record_count_max[0] : 0;
    record_count_max[0] = 0;
    record_count_period = period;
  }
  auto count = static_cast<uint32_t>(std::clamp<int64_t>(record_count, 0, UINT32_MAX));
  record_count_max[0] = std::max(record_count_max[0], count);
}

void SaveActivity(const ActivityLedger& users, const PeerHoursLedger& peers, std::string& out) {
  PutVarint(users.size(), out);
  for (const auto& [user, a] : users) {
    PutFixed64BE(user, out);
    PutSignedFixed64BE(a.last_day, out);
    PutVarint(a.active_days, out);
    PutVarint(a.hours_on_last_day, out);
    for (uint8_t days : a.days_at_hour) PutVarint(days, out);
    PutSignedFixed64BE(a.last_ts, out);
    PutSignedFixed64BE(a.session_start, out);
    PutVarint(a.record_count_max[0], out);
    PutVarint(a.record_count_max[1], out);
    PutSignedFixed64BE(a.record_count_period, out);
    PutFixed64BE(a.peer_group, out);
  }
  PutVarint(peers.size(), out);
  for (const auto& [key, p] : peers) {
    PutFixed64BE(key, out);
    PutVarint(p.member_days, out);
    for (uint32_t c : p.member_days_at_hour) PutVarint(c, out);
  }
}

bool LoadActivity(ByteReader& in, ActivityLedger& users, PeerHoursLedger& peers) {
  uint64_t n;
  if (!in.GetVarint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t user;
    int64_t last_day, last_ts, session_start, period;
    uint64_t days, hours, max0, max1, peer_group;
    if (!in.GetFixed64BE(user) || !in.GetSignedFixed64BE(last_day) || !in.GetVarint(days) ||
        !in.GetVarint(hours))
      return false;
    UserActivity& a = users[user];
    for (auto& d : a.days_at_hour) {
      uint64_t v;
      if (!in.GetVarint(v)) return false;
      d = static_cast<uint8_t>(v);
    }
    if (!in.GetSignedFixed64BE(last_ts) || !in.GetSignedFixed64BE(session_start) ||
        !in.GetVarint(max0) || !in.GetVarint(max1) || !in.GetSignedFixed64BE(period) ||
        !in.GetFixed64BE(peer_group))
      return false;
    a.last_day = static_cast<int32_t>(last_day);
    a.active_days = static_cast<uint16_t>(days);
    a.hours_on_last_day = static_cast<uint32_t>(hours);
    a.last_ts = last_ts;
    a.session_start = session_start;
    a.record_count_max = {static_cast<uint32_t>(max0), static_cast<uint32_t>(max1)};
    a.record_count_period = static_cast<int32_t>(period);
    a.peer_group = peer_group;
  }
  if (!in.GetVarint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t key, member_days;
    if (!in.GetFixed64BE(key) || !in.GetVarint(member_days)) return false;
    PeerHours& p = peers[key];
    p.member_days = static_cast<uint32_t>(member_days);
    for (auto& c : p.member_days_at_hour) {
      uint64_t v;
      if (!in.GetVarint(v)) return false;
      c = static_cast<uint32_t>(v);
    }
  }
  return true;
}

}  // namespace phi
