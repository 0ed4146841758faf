#include "daemon/event/event_codec.hpp"

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

constexpr char kFormatFull = 1;
constexpr char kFormatSummary = 2;
// Flags follow the last field, only when one is set: events stored before flags existed (and
// events without any) decode with all flags clear.
constexpr uint64_t kFlagImplausibleTime = 1;
constexpr uint64_t kFlagTruncated = 2;

}  // namespace

void EncodeEvent(const Event& e, EventDetail detail, std::string& out) {
  out += detail == EventDetail::kFull ? kFormatFull : kFormatSummary;
  PutFixed64BE(OrderedTime(e.ts), out);
  PutVarint(e.sequence, out);
  PutVarint(e.offset, out);
  PutVarint(static_cast<uint64_t>(e.record_count), out);
  for (const std::string* s :
       {&e.source, &e.user, &e.role, &e.department, &e.action, &e.patient, &e.record_type,
        &e.workstation, &e.client_ip, &e.outcome, &e.event_id}) {
    PutLengthPrefixed(*s, out);
  }
  if (detail == EventDetail::kFull) {
    PutLengthPrefixed(e.statement, out);
    PutLengthPrefixed(e.extra, out);
  }
  uint64_t flags =
      (e.implausible_time ? kFlagImplausibleTime : 0) | (e.truncated ? kFlagTruncated : 0);
  if (flags != 0) PutVarint(flags, out);
}

bool DecodeEvent(std::string_view data, Event& e) {
  if (data.empty() || (data[0] != kFormatFull && data[0] != kFormatSummary)) return false;
  bool full = data[0] == kFormatFull;
  ByteReader in(data.substr(1));
  uint64_t ts, count;
  if (!in.GetFixed64BE(ts) || !in.GetVarint(e.sequence) || !in.GetVarint(e.offset) ||
      !in.GetVarint(count)) {
    return false;
  }
  e.ts = UnorderedTime(ts);
  e.record_count = static_cast<int64_t>(count);
  for (std::string* s : {&e.source, &e.user, &e.role, &e.department, &e.action, &e.patient,
                         &e.record_type, &e.workstation, &e.client_ip, &e.outcome, &e.event_id}) {
    if (!in.GetLengthPrefixed(*s)) return false;
  }
  e.statement.clear();
  e.extra.clear();
  if (full && (!in.GetLengthPrefixed(e.statement) || !in.GetLengthPrefixed(e.extra))) return false;
  uint64_t flags = 0;
  if (!in.empty() && !in.GetVarint(flags)) return false;
  e.implausible_time = (flags & kFlagImplausibleTime) != 0;
  e.truncated = (flags & kFlagTruncated) != 0;
  return true;
}

bool SummaryOfFullEvent(std::string_view full, std::string& summary, std::string_view& user,
                        std::string_view& patient) {
  if (full.empty() || full[0] != kFormatFull) return false;
  ByteReader in(full.substr(1));
  uint64_t ignored;
  if (!in.GetFixed64BE(ignored) || !in.GetVarint(ignored) || !in.GetVarint(ignored) ||
      !in.GetVarint(ignored)) {
    return false;
  }
  std::string_view field;
  for (int i = 0; i < 11; ++i) {  // source, user, role, ..., event_id: as EncodeEvent writes them
    if (!in.GetLengthPrefixed(field)) return false;
    if (i == 1) user = field;
    if (i == 5) patient = field;
  }
  const size_t common_end = full.size() - in.rest().size();
  std::string_view statement, extra;
  if (!in.GetLengthPrefixed(statement) || !in.GetLengthPrefixed(extra)) return false;
  std::string_view flags = in.rest();
  uint64_t flag_value = 0;
  if (!flags.empty() && (!in.GetVarint(flag_value) || !in.empty())) return false;
  summary.clear();
  summary += kFormatSummary;
  summary.append(full.substr(1, common_end - 1));
  summary.append(flags);
  return true;
}

}  // namespace phi
