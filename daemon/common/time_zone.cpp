#include "daemon/common/time_zone.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace phi {
namespace {

int64_t BigEndian(const std::string& d, size_t pos, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(d[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

}  // namespace

Result<TimeZone> TimeZone::Load(const std::string& name, const std::string& zoneinfo_dir) {
  TimeZone zone;
  zone.name_ = name;
  if (auto fixed = ParseUtcOffset(name)) {
    zone.fixed_ = *fixed;
    return zone;
  }
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') {
    return Status::Invalid("unknown time zone '" + name + "'");
  }
  std::ifstream in(zoneinfo_dir + "/" + name, std::ios::binary);
  if (!in) {
    return Status::Invalid("unknown time zone '" + name + "' (not in " + zoneinfo_dir +
                           "; is the tzdata package installed?)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string d = buffer.str();
  auto bad = [&] { return Status::Corruption(zoneinfo_dir + "/" + name + " is not a TZif file"); };
  if (d.size() < 44 || d.compare(0, 4, "TZif") != 0) return bad();
  // Version 2+ files repeat the data with 64-bit times after the 32-bit block: use that one.
  size_t pos = 0;
  size_t time_size = 4;
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = BigEndian(d, at + 20 + 4 * i, 4);
  };
  int64_t c[6];
  counts(0, c);
  if (d[4] >= '2') {
    pos = 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (pos + 44 > d.size() || d.compare(pos, 4, "TZif") != 0) return bad();
    counts(pos, c);
    time_size = 8;
  }
  const int64_t leap = c[2], timecnt = c[3], typecnt = c[4];
  size_t data = pos + 44;
  size_t need = data + timecnt * time_size + timecnt + typecnt * 6;
  if (typecnt <= 0 || need > d.size() || leap < 0) return bad();
  auto t = std::make_shared<Transitions>();
  std::vector<int32_t> type_offset(typecnt);
  size_t types_at = data + timecnt * time_size + timecnt;
  for (int64_t i = 0; i < typecnt; ++i) {
    type_offset[i] = static_cast<int32_t>(BigEndian(d, types_at + 6 * i, 4));
  }
  t->initial = type_offset[0];
  for (int64_t i = 0; i < timecnt; ++i) {
    auto type = static_cast<unsigned char>(d[data + timecnt * time_size + i]);
    if (type >= typecnt) return bad();
    t->at.push_back(BigEndian(d, data + i * time_size, time_size));
    t->offset.push_back(type_offset[type]);
  }
  zone.transitions_ = std::move(t);
  return zone;
}

int32_t TimeZone::OffsetAt(TimeMicros t) const {
  if (!transitions_) return fixed_;
  int64_t secs = t / kMicrosPerSecond;
  const auto& at = transitions_->at;
  auto it = std::upper_bound(at.begin(), at.end(), secs);
  if (it == at.begin()) return transitions_->initial;
  // Past the last listed transition (2037 in Debian's files) the last offset holds.
  return transitions_->offset[static_cast<size_t>(it - at.begin()) - 1];
}

}  // namespace phi
