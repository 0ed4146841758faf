#include "daemon/sinks/leef_format.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/utf8_cut.hpp"
#include "daemon/sinks/line_escaping.hpp"
#include "daemon/sinks/siem_fields.hpp"

namespace phi {
namespace {

// LEEF has no escapes: the delimiter and the pipe (which IBM asks to keep out of values too)
// are replaced by look-alikes, so a receiver's split can never fall inside our text.
constexpr AsciiEscapes kLeefEscapes = [] {
  AsciiEscapes table = ControlsAsSpaces();
  table['^'] = "\xEF\xBC\xBE";  // U+FF3E FULLWIDTH CIRCUMFLEX ACCENT
  table['|'] = "\xC2\xA6";      // U+00A6 BROKEN BAR
  static_assert(kLeefDelimiter == '^');
  return table;
}();

// "The EventID field cannot exceed 255 characters"; usrName is limited to 255 too. Cutting
// bytes before escaping keeps the characters within the limit: each replacement is one character.
constexpr size_t kEventIdMaxBytes = 255;
constexpr size_t kUserNameMaxBytes = 255;

// devTime in the layout of IBM's devTimeFormat example: 2024-03-01T12:00:00.000+0000.
constexpr std::string_view kDevTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

void AppendDevTime(TimeMicros t, std::string& out) {
  AppendIsoTime(MillisSinceEpoch(t) * 1000, out);  // whole milliseconds: "...T12:00:00.000Z"
  out.pop_back();
  out += "+0000";
}

// Writes `key=value` attributes separated by the delimiter. Keys are ours (fixed ASCII).
class LeefAttributes {
 public:
  explicit LeefAttributes(std::string& out) : out_(out) {}

  void Add(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    Key(key);
    AppendEscapedText(value, kLeefEscapes, out_);
  }

  void Add(std::string_view key, int64_t value) {
    Key(key);
    out_ += std::to_string(value);
  }

  void AddTime(std::string_view key, TimeMicros t) {
    Key(key);
    AppendDevTime(t, out_);
  }

 private:
  void Key(std::string_view key) {
    if (!first_) out_ += kLeefDelimiter;
    first_ = false;
    out_ += key;
    out_ += '=';
  }

  std::string& out_;
  bool first_ = true;
};

void AppendHeaderField(std::string_view value, std::string& out) {
  AppendEscapedText(value, kLeefEscapes, out);
  out += '|';
}

}  // namespace

void AppendLeef(const AlertRecord& r, std::string& out) {
  const Alert& a = r.alert;
  out += "LEEF:2.0|";
  AppendHeaderField(kSiemVendor, out);
  AppendHeaderField(kSiemProduct, out);
  AppendHeaderField(ProductVersion(), out);
  AppendHeaderField(CutUtf8(a.rule_id, kEventIdMaxBytes), out);
  out += kLeefDelimiter;
  out += '|';

  LeefAttributes attributes(out);
  attributes.AddTime("devTime", r.at);
  attributes.Add("devTimeFormat", kDevTimeFormat);
  attributes.Add("sev", static_cast<int64_t>(SeverityScore(a.severity)));
  attributes.Add("cat", r.change);
  attributes.Add("usrName", CutUtf8(a.user, kUserNameMaxBytes));
  attributes.Add("alertId", a.alert_id);
  attributes.Add("severity", SeverityName(a.severity));
  attributes.Add("status", a.status);
  attributes.Add("summary", a.summary);
  attributes.Add("explanation", a.explanation);
  attributes.Add("patients", JoinedWithCommas(a.patients));
  attributes.Add("count", static_cast<int64_t>(a.count));
  attributes.AddTime("firstSeen", a.ts);
  attributes.AddTime("lastSeen", a.last_ts);
  attributes.Add("recordPosition", static_cast<int64_t>(r.position));
  attributes.Add("changedBy", r.by);
  attributes.Add("assignee", a.assignee);
  attributes.Add("resolution", a.resolution);
  attributes.Add("changeText", r.text);
  attributes.Add("changeNote", r.note);
  attributes.Add("tags", JoinedWithCommas(a.tags));
}

void AppendLeefEvent(const Event& e, std::string& out) {
  out += "LEEF:2.0|";
  AppendHeaderField(kSiemVendor, out);
  AppendHeaderField(kSiemProduct, out);
  AppendHeaderField(ProductVersion(), out);
  AppendHeaderField(CutUtf8("phi-access:" + e.action, kEventIdMaxBytes), out);
  out += kLeefDelimiter;
  out += '|';

  LeefAttributes attributes(out);
  attributes.AddTime("devTime", e.ts);
  attributes.Add("devTimeFormat", kDevTimeFormat);
  attributes.Add("sev", static_cast<int64_t>(e.outcome == "failure" ? 3 : 1));
  attributes.Add("cat", e.action);
  attributes.Add("usrName", CutUtf8(e.user, kUserNameMaxBytes));
  attributes.Add("src", e.client_ip);
  attributes.Add("identHostName", e.workstation);
  attributes.Add("role", e.role);
  attributes.Add("department", e.department);
  attributes.Add("patient", e.patient);
  attributes.Add("recordType", e.record_type);
  attributes.Add("recordCount", e.record_count);
  attributes.Add("outcome", e.outcome);
  attributes.Add("eventId", e.event_id);
  attributes.Add("statement", e.statement);
  attributes.Add("source", e.source);
  attributes.Add("timelineId", static_cast<int64_t>(e.sequence));
}

}  // namespace phi
