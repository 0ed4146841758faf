// Learned baselines for aggregate rules: each key's (user's) daily peak of the measure over the
// last days, and the same for its peer group (same role and department), summarised with robust
// statistics (median and MAD) so one wild day does not move the threshold. Bounded memory:
// a fixed ring of days per key and of recent member-days per peer group. A peer group's
// summary is asked for on every event of every member: it is computed once per change.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string>

#include "daemon/common/binary_codec.hpp"

namespace phi {

struct RobustSummary {
  double median = 0;
  double mad = 0;  // median absolute deviation
  int samples = 0;
};

// Daily values in 16 bits: exact below 32,768; above, the leading 11 bits and the scale, so
// within 0.1 % (a median and a deviation need no more). Order is kept.
constexpr uint32_t kExactDailyValues = 32'768;
inline uint16_t CompactDailyValue(uint32_t v) {
  if (v < kExactDailyValues) return static_cast<uint16_t>(v);
  const int width = 32 - std::countl_zero(v);  // 16 ... 32
  const auto scale = static_cast<uint32_t>(width - 16);
  const uint32_t mantissa = (v >> (width - 11)) & 0x3FF;
  return static_cast<uint16_t>(0x8000 | (scale << 10) | mantissa);
}
inline uint32_t ExpandDailyValue(uint16_t code) {
  if (code < kExactDailyValues) return code;
  const uint32_t scale = (code >> 10) & 0x1F;
  return (0x400U | (code & 0x3FFU)) << (scale + 5);
}

// A small ring of daily values, newest last, two bytes each.
template <size_t N>
class DailyRing {
 public:
  void Push(uint32_t value) {
    values_[next_] = CompactDailyValue(value);
    next_ = static_cast<uint16_t>((next_ + 1) % N);
    if (size_ < N) ++size_;
  }
  RobustSummary Summarise() const;
  // The value below which `percent` % of the values lie (nearest rank); 0 when empty.
  uint32_t Quantile(unsigned percent) const {
    if (size_ == 0) return 0;
    std::array<uint16_t, N> copy = values_;  // codes sort as their values do
    size_t rank = std::min<size_t>(size_ - 1, (size_ * percent + 99) / 100 - (percent ? 1 : 0));
    std::nth_element(copy.begin(), copy.begin() + rank, copy.begin() + size_);
    return ExpandDailyValue(copy[rank]);
  }
  size_t size() const { return size_; }
  void Save(std::string& out) const;
  bool Load(ByteReader& in);

 private:
  std::array<uint16_t, N> values_{};  // CompactDailyValue codes
  uint16_t next_ = 0;
  uint16_t size_ = 0;
};

// The running day of one key: its peak value today, pushed into history when the day changes.
struct KeyBaseline {
  int64_t day = INT64_MIN;  // local day (days since the epoch) of `peak`
  uint32_t peak = 0;
  // `day` is the first seen: likely partial (the data, or a night shift, began during it),
  // so its peak is not history.
  bool first_day = true;
  DailyRing<28> history;
};

// A peer group's recent member-days, with its summary kept until the next Push.
class PeerBaseline {
 public:
  void Push(uint32_t value) {
    ring_.Push(value);
    stale_ = true;
  }
  const RobustSummary& Summarise() {
    if (stale_) {
      summary_ = ring_.Summarise();
      stale_ = false;
    }
    return summary_;
  }
  void Save(std::string& out) const { ring_.Save(out); }
  bool Load(ByteReader& in) {
    stale_ = true;
    return ring_.Load(in);
  }

 private:
  DailyRing<256> ring_;
  RobustSummary summary_;
  bool stale_ = true;
};

RobustSummary Summarise(const uint32_t* values, size_t n);

template <size_t N>
RobustSummary DailyRing<N>::Summarise() const {
  std::array<uint32_t, N> values;
  for (size_t i = 0; i < size_; ++i) values[i] = ExpandDailyValue(values_[i]);
  return phi::Summarise(values.data(), size_);
}

template <size_t N>
void DailyRing<N>::Save(std::string& out) const {
  PutVarint(size_, out);
  PutVarint(next_, out);
  for (size_t i = 0; i < size_; ++i) PutVarint(ExpandDailyValue(values_[i]), out);
}

template <size_t N>
bool DailyRing<N>::Load(ByteReader& in) {
  uint64_t size, next;
  if (!in.GetVarint(size) || !in.GetVarint(next) || size > N || next >= N) return false;
  size_ = static_cast<uint16_t>(size);
  next_ = static_cast<uint16_t>(next);
  for (size_t i = 0; i < size_; ++i) {
    uint64_t v;
    if (!in.GetVarint(v)) return false;
    values_[i] = CompactDailyValue(static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX)));
  }
  return true;
}

}  // namespace phi
