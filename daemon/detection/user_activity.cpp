#include "daemon/detection/user_activity.hpp"

#include <algorithm>

namespace phi {
namespace {

constexpr TimeMicros kSessionGap = 3600LL * kMicrosPerSecond;
constexpr int64_t kRecordCountPeriodDays = 15;
constexpr uint32_t kPeerDecayAt = 4096;

}  // namespace

int64_t RecentMaximum::At(int64_t day) const {
  int64_t now = day / kRecordCountPeriodDays;
  if (now == period) return std::max(max[0], max[1]);
  if (now == period + 1) return max[0];
  return 0;
}

void RecentMaximum::Add(int64_t day, int64_t value) {
  auto now = static_cast<int32_t>(day / kRecordCountPeriodDays);
  if (now != period) {
    max[1] = now == period + 1 ? max[0] : 0;
    max[0] = 0;
    period = now;
  }
  max[0] = std::max(max[0], static_cast<uint32_t>(std::clamp<int64_t>(value, 0, UINT32_MAX)));
}

void RecentMaximum::Save(std::string& out) const {
  PutVarint(max[0], out);
  PutVarint(max[1], out);
  PutSignedFixed64BE(period, out);
}

bool RecentMaximum::Load(ByteReader& in) {
  uint64_t a, b;
  int64_t p;
  if (!in.GetVarint(a) || !in.GetVarint(b) || !in.GetSignedFixed64BE(p)) return false;
  max = {static_cast<uint32_t>(a), static_cast<uint32_t>(b)};
  period = static_cast<int32_t>(p);
  return true;
}

bool PeerHours::Usual(int hour, uint32_t share_percent, uint32_t min_member_days) const {
  if (member_days < min_member_days) return false;
  for (int h : {hour, (hour + 23) % 24, (hour + 1) % 24}) {
    if (member_days_at_hour[static_cast<size_t>(h)] * 100ULL >=
        static_cast<uint64_t>(share_percent) * member_days) {
      return true;
    }
  }
  return false;
}

int64_t PeerHours::UsualBatch() const {
  const size_t n = batch_days.size();
  if (n < 5) return 0;
  if (n < 20) return static_cast<int64_t>(batch_days.Summarise().median);
  return batch_days.Quantile(90);
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
  if (days >= 2) return true;
  // Inside the user's working span: the shortest stretch of the clock (it may wrap past
  // midnight) that holds every hour worked on two days or more. A day worker's quiet noon
  // hour is usual; their 3 a.m. is not.
  int longest_gap = 0, gap_end = -1, first = -1, previous = -1;
  for (int h = 0; h < 24; ++h) {
    if (days_at_hour[static_cast<size_t>(h)] < 2) continue;
    if (first < 0) first = h;
    if (previous >= 0 && h - previous - 1 > longest_gap) {
      longest_gap = h - previous - 1;
      gap_end = h;
    }
    previous = h;
  }
  if (first < 0) return false;
  int wrap_gap = first + 23 - previous;  // the hours after the last and before the first
  int span_start = wrap_gap >= longest_gap ? first : gap_end;
  int span_length = 24 - std::max(wrap_gap, longest_gap);
  return (hour - span_start + 24) % 24 < span_length;
}

TimeMicros UserActivity::SessionStartAt(TimeMicros ts) const {
  return last_ts != 0 && ts - last_ts < kSessionGap && ts >= last_ts ? session_start : ts;
}

void UserActivity::Record(TimeMicros ts, int64_t day, int hour, int64_t record_count_value,
                          PeerHours& peers) {
  session_start = SessionStartAt(ts);
  last_ts = std::max(last_ts, ts);
  auto d = static_cast<int32_t>(day);
  if (d != last_day) {
    if (batch_on_last_day > 1) peers.batch_days.Push(batch_on_last_day);
    batch_on_last_day = 0;
    // The day that ended joins the history of hours only now, so that the work in progress
    // (a night's session crossing midnight) cannot make its own hours look usual.
    for (int h = 0; h < 24; ++h) {
      if ((hours_on_last_day & (1u << h)) && days_at_hour[static_cast<size_t>(h)] < UINT8_MAX)
        ++days_at_hour[static_cast<size_t>(h)];
    }
    last_day = d;
    hours_on_last_day = 0;
    if (active_days < UINT16_MAX) ++active_days;
    peers.AddDay();
  }
  const uint32_t bit = 1u << hour;
  if (!(hours_on_last_day & bit)) {
    hours_on_last_day |= bit;
    peers.AddHour(hour);
  }
  record_count.Add(day, record_count_value);
  batch_on_last_day =
      std::max(batch_on_last_day,
               static_cast<uint32_t>(std::clamp<int64_t>(record_count_value, 0, UINT32_MAX)));
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
    a.record_count.Save(out);
    PutVarint(a.batch_on_last_day, out);
    PutFixed64BE(a.peer_group, out);
  }
  PutVarint(peers.size(), out);
  for (const auto& [key, p] : peers) {
    PutFixed64BE(key, out);
    PutVarint(p.member_days, out);
    for (uint32_t c : p.member_days_at_hour) PutVarint(c, out);
    p.batch_days.Save(out);
  }
}

bool LoadActivity(ByteReader& in, ActivityLedger& users, PeerHoursLedger& peers) {
  uint64_t n;
  if (!in.GetVarint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t user;
    int64_t last_day, last_ts, session_start;
    uint64_t days, hours, peer_group, batch;
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
        !a.record_count.Load(in) || !in.GetVarint(batch) || !in.GetFixed64BE(peer_group))
      return false;
    a.batch_on_last_day = static_cast<uint32_t>(batch);
    a.last_day = static_cast<int32_t>(last_day);
    a.active_days = static_cast<uint16_t>(days);
    a.hours_on_last_day = static_cast<uint32_t>(hours);
    a.last_ts = last_ts;
    a.session_start = session_start;
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
    if (!p.batch_days.Load(in)) return false;
  }
  return true;
}

}  // namespace phi
