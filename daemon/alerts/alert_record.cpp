#include "daemon/alerts/alert_record.hpp"

#include "daemon/common/json_writer.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/detection/rule_state.hpp"

namespace phi {
namespace {

constexpr uint64_t kRecordVersion = 1;

}  // namespace

void SaveAlertRecord(const AlertRecord& r, std::string& out) {
  PutVarint(kRecordVersion, out);
  PutSignedFixed64BE(r.at, out);
  for (const std::string* s :
       {&r.change, &r.by, &r.text, &r.note, &r.alert.assignee, &r.alert.resolution}) {
    PutLengthPrefixed(*s, out);
  }
  SaveAlert(r.alert, out);
}

bool LoadAlertRecord(ByteReader& in, AlertRecord& r) {
  uint64_t version = 0;
  if (!in.GetVarint(version) || version != kRecordVersion) return false;
  if (!in.GetSignedFixed64BE(r.at)) return false;
  for (std::string* s :
       {&r.change, &r.by, &r.text, &r.note, &r.alert.assignee, &r.alert.resolution}) {
    if (!in.GetLengthPrefixed(*s)) return false;
  }
  return LoadAlert(in, r.alert);
}

void AppendAlertRecordJson(const AlertRecord& r, std::string& out) {
  AppendAlertJson(r.alert, out);
  out.pop_back();  // the closing brace
  bool first = false;
  AppendJsonMember("change", r.change, first, out);
  AppendJsonMember("record", static_cast<int64_t>(r.position), first, out);
  out += ",\"changed_at\":\"";
  AppendIsoTime(r.at, out);
  out += '"';
  AppendJsonMember("changed_by", r.by, first, out);
  if (!r.text.empty()) AppendJsonMember("change_text", r.text, first, out);
  if (!r.note.empty()) AppendJsonMember("change_note", r.note, first, out);
  out += '}';
}

}  // namespace phi
