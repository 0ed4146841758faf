#include "daemon/sinks/cef_format.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/sinks/line_escaping.hpp"
#include "daemon/sinks/siem_fields.hpp"

namespace phi {
namespace {

// Header fields: the standard escapes \ and |. A line break has no escape in the header (the
// standard allows multi-line text in extension values only), so it becomes a space.
constexpr AsciiEscapes kHeaderEscapes = [] {
  AsciiEscapes table = ControlsAsSpaces();
  table['\\'] = "\\\\";
  table['|'] = "\\|";
  return table;
}();

// Extension values: \ and = are escaped (an unescaped = would start a new key), line breaks are
// written as \n and \r. A pipe needs no escape after the header.
constexpr AsciiEscapes kExtensionEscapes = [] {
  AsciiEscapes table = ControlsAsSpaces();
  table['\\'] = "\\\\";
  table['='] = "\\=";
  table['\n'] = "\\n";
  table['\r'] = "\\r";
  return table;
}();

// Writes `key=value` pairs separated by one space. Keys and labels are ours (fixed ASCII).
class CefExtension {
 public:
  explicit CefExtension(std::string& out) : out_(out) {}

  void Add(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    Key(key);
    AppendEscapedText(value, kExtensionEscapes, out_);
  }

  void Add(std::string_view key, int64_t value) {
    Key(key);
    out_ += std::to_string(value);
  }

  void AddLabelled(std::string_view key, std::string_view label, int64_t value) {
    Key(key, "Label");
    out_ += label;
    Add(key, value);
  }

  // A device custom field: `<key>Label=<label> <key>=<value>`.
  void AddLabelled(std::string_view key, std::string_view label, std::string_view value) {
    if (value.empty()) return;
    Key(key, "Label");
    out_ += label;
    Add(key, value);
  }

 private:
  void Key(std::string_view key, std::string_view suffix = "") {
    if (!first_) out_ += ' ';
    first_ = false;
    out_ += key;
    out_ += suffix;
    out_ += '=';
  }

  std::string& out_;
  bool first_ = true;
};

void AppendHeaderField(std::string_view value, std::string& out) {
  AppendEscapedText(value, kHeaderEscapes, out);
  out += '|';
}

}  // namespace

void AppendCef(const AlertRecord& r, std::string& out) {
  const Alert& a = r.alert;
  out += "CEF:0|";
  AppendHeaderField(kSiemVendor, out);
  AppendHeaderField(kSiemProduct, out);
  AppendHeaderField(ProductVersion(), out);
  AppendHeaderField(a.rule_id, out);
  AppendHeaderField(a.summary, out);
  out += std::to_string(SeverityScore(a.severity));
  out += '|';

  CefExtension ext(out);
  ext.Add("rt", MillisSinceEpoch(r.at));
  ext.Add("start", MillisSinceEpoch(a.ts));
  ext.Add("end", MillisSinceEpoch(a.last_ts));
  ext.Add("suser", a.user);
  ext.Add("externalId", a.alert_id);
  ext.Add("act", r.change);
  ext.Add("cnt", static_cast<int64_t>(a.count));
  ext.Add("msg", a.explanation);
  ext.Add("cat", JoinedWithCommas(a.tags));
  ext.Add("outcome", a.resolution);
  ext.Add("reason", r.note);
  ext.AddLabelled("cs1", "alertId", a.alert_id);
  ext.AddLabelled("cs2", "ruleId", a.rule_id);
  ext.AddLabelled("cs3", "status", a.status);
  ext.AddLabelled("cs4", "recordPosition", std::to_string(r.position));
  ext.AddLabelled("cs5", "changedBy", r.by);
  ext.AddLabelled("cs6", "patients", JoinedWithCommas(a.patients));
  ext.AddLabelled("flexString1", "assignee", a.assignee);
  ext.AddLabelled("flexString2", "changeText", r.text);
}

void AppendCefEvent(const Event& e, std::string& out) {
  out += "CEF:0|";
  AppendHeaderField(kSiemVendor, out);
  AppendHeaderField(kSiemProduct, out);
  AppendHeaderField(ProductVersion(), out);
  AppendHeaderField("phi-access:" + e.action, out);
  AppendHeaderField("PHI access", out);
  out += e.outcome == "failure" ? "3" : "1";
  out += '|';

  CefExtension ext(out);
  ext.Add("rt", MillisSinceEpoch(e.ts));
  ext.Add("act", e.action);
  ext.Add("suser", e.user);
  ext.Add("spriv", e.role);
  ext.Add("shost", e.workstation);
  ext.Add("src", e.client_ip);
  ext.Add("outcome", e.outcome);
  ext.Add("cnt", e.record_count);
  ext.Add("externalId", e.event_id);
  ext.Add("msg", e.statement);
  ext.AddLabelled("cs1", "patient", e.patient);
  ext.AddLabelled("cs2", "recordType", e.record_type);
  ext.AddLabelled("cs3", "department", e.department);
  ext.AddLabelled("cs4", "source", e.source);
  ext.AddLabelled("cn1", "timelineId", static_cast<int64_t>(e.sequence));
}

}  // namespace phi
