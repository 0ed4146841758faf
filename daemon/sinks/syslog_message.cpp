#include "daemon/sinks/syslog_message.hpp"

#include <array>
#include <charconv>
#include <initializer_list>
#include <utility>

#include "daemon/common/json_writer.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/common/utf8_cut.hpp"
#include "daemon/event/event_json.hpp"

namespace phi {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kNil = "-";

// An SD value is cut to this many bytes (before escaping) so that one long field cannot crowd
// out the rest; when a datagram is still too long they are halved down to the minimum.
constexpr size_t kMaxSdValueBytes = 256;
constexpr size_t kMinSdValueBytes = 16;

// RFC 5424 TIMESTAMP has a four-digit year: 10000-01-01T00:00:00Z in microseconds.
constexpr TimeMicros kFirstFiveDigitYear = 253402300800LL * kMicrosPerSecond;

enum Severity5424 { kCritical = 2, kError = 3, kWarning = 4, kNotice = 5, kInformational = 6 };

bool IsPrintUsAscii(char c) {
  return c >= 33 && c <= 126;
}

Status CheckHeaderField(std::string_view name, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return Status::Invalid("syslog " + std::string(name) + " is " + std::to_string(value.size()) +
                           " bytes, RFC 5424 allows at most " + std::to_string(max_bytes));
  }
  for (char c : value) {
    if (!IsPrintUsAscii(c)) {
      return Status::Invalid("syslog " + std::string(name) +
                             " must be printable US-ASCII without spaces (RFC 5424 PRINTUSASCII)");
    }
  }
  return Status::Ok();
}

void AppendOrNil(std::string_view value, std::string& out) {
  out += value.empty() ? kNil : value;
}

void AppendDecimal(uint64_t value, std::string& out) {
  std::array<char, 24> digits;
  auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  out.append(digits.data(), end);
}

// `text` when it is valid UTF-8, otherwise a copy in `scratch` with U+FFFD for ill-formed bytes.
std::string_view ValidUtf8(std::string_view text, std::string& scratch) {
  size_t i = 0;
  size_t n = 0;
  while (i < text.size() && (n = WellFormedUtf8Length(text, i)) > 0) i += n;
  if (i == text.size()) return text;
  scratch.assign(text.substr(0, i));
  while (i < text.size()) {
    size_t ill_formed = 0;
    n = WellFormedUtf8Length(text, i, &ill_formed);
    if (n > 0) {
      scratch.append(text.substr(i, n));
      i += n;
    } else {
      scratch += kReplacementCharacter;
      i += ill_formed;
    }
  }
  return scratch;
}

// RFC 5424 §6.3.3 PARAM-VALUE: `"`, `\` and `]` escaped with a backslash. Ill-formed UTF-8 and
// control characters (C0, DEL, C1) become U+FFFD.
void AppendSdParamValue(std::string_view value, size_t max_bytes, std::string& out) {
  value = CutUtf8(value, max_bytes);
  for (size_t i = 0; i < value.size();) {
    size_t ill_formed = 0;
    size_t n = WellFormedUtf8Length(value, i, &ill_formed);
    auto c = static_cast<unsigned char>(value[i]);
    bool control = (n == 1 && (c < 0x20 || c == 0x7F)) ||
                   (n == 2 && c == 0xC2 && static_cast<unsigned char>(value[i + 1]) < 0xA0);
    if (n == 0 || control) {
      out += kReplacementCharacter;
      i += n == 0 ? ill_formed : n;
      continue;
    }
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out.append(value.substr(i, n));
    i += n;
  }
}

void AppendSdParam(std::string_view name, std::string_view value, size_t max_bytes,
                   std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendSdParamValue(value, max_bytes, out);
  out += '"';
}

void AppendSdParam(std::string_view name, uint64_t value, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendDecimal(value, out);
  out += '"';
}

void AppendTimestamp(TimeMicros at, std::string& out) {
  if (at <= 0 || at >= kFirstFiveDigitYear) {
    out += kNil;
    return;
  }
  AppendIsoTime(at, out);  // UTC with "Z", milliseconds or microseconds
}

void AppendMsg(std::string_view payload, bool bom, size_t max_bytes, std::string& out) {
  if (payload.empty()) return;
  out += ' ';
  if (bom) out += kBom;
  out += CutUtf8(payload, max_bytes);
}

}  // namespace

Status ValidateSyslogMessageFields(const SyslogMessageFields& f) {
  if (f.facility < 0 || f.facility > 23) {
    return Status::Invalid("syslog facility must be 0..23 (RFC 5424 §6.2.1), not " +
                           std::to_string(f.facility));
  }
  struct HeaderField {
    std::string_view name;
    std::string_view value;
    size_t max_bytes;
  };
  for (const HeaderField& field :
       {HeaderField{"hostname", f.hostname, 255}, HeaderField{"app_name", f.app_name, 48},
        HeaderField{"procid", f.procid, 128}, HeaderField{"msgid", f.msgid, 32}}) {
    if (Status s = CheckHeaderField(field.name, field.value, field.max_bytes); !s.ok()) return s;
  }
  if (f.sd_id.empty() || f.sd_id.size() > 32) {
    return Status::Invalid("syslog sd_id must be 1 to 32 bytes (RFC 5424 SD-NAME), like \"" +
                           std::string(kSyslogDocumentationSdId) + "\"");
  }
  for (char c : f.sd_id) {
    if (!IsPrintUsAscii(c) || c == '=' || c == ']' || c == '"') {
      return Status::Invalid(
          "syslog sd_id must be printable US-ASCII without space, '=', ']' or '\"' (RFC 5424 "
          "SD-NAME), like \"" +
          std::string(kSyslogDocumentationSdId) + "\"");
    }
  }
  return Status::Ok();
}

std::string ToPrintUsAscii(std::string_view text, size_t max_bytes) {
  std::string out(text.substr(0, max_bytes));
  for (char& c : out) {
    if (!IsPrintUsAscii(c)) c = '_';
  }
  return out;
}

int SyslogSeverityOf(const AlertRecord& record) {
  if (record.change != "created" && record.change != "grew") return kNotice;  // triage
  switch (record.alert.severity) {
    case Severity::kLow:
      return kNotice;
    case Severity::kMedium:
      return kWarning;
    case Severity::kHigh:
      return kError;
    case Severity::kCritical:
      return kCritical;
  }
  return kWarning;
}

int SyslogSeverityOf(const Event& event) {
  return event.outcome == "failure" ? kNotice : kInformational;
}

void AppendEventPayloadJson(const Event& event, std::string& out) {
  AppendEventJson(event, EventJsonOptions{}, out);
}

SyslogMessageBuilder::SyslogMessageBuilder(const SyslogMessageFields& fields,
                                           AlertPayloadFormatter payload,
                                           EventPayloadFormatter event_payload)
    : facility_(fields.facility),
      utf8_bom_(fields.utf8_bom),
      sd_id_(fields.sd_id),
      payload_formatter_(std::move(payload)),
      event_payload_formatter_(std::move(event_payload)) {
  header_tail_ += ' ';
  AppendOrNil(fields.hostname, header_tail_);
  header_tail_ += ' ';
  AppendOrNil(fields.app_name, header_tail_);
  header_tail_ += ' ';
  AppendOrNil(fields.procid, header_tail_);
  header_tail_ += ' ';
  AppendOrNil(fields.msgid, header_tail_);
  header_tail_ += ' ';
}

void SyslogMessageBuilder::AppendStructuredData(const AlertRecord& r, size_t max_value_bytes,
                                                uint64_t truncated_payload_bytes,
                                                std::string& out) const {
  out += '[';
  out += sd_id_;
  AppendSdParam("alert_id", r.alert.alert_id, max_value_bytes, out);
  AppendSdParam("record", r.position, out);
  AppendSdParam("change", r.change, max_value_bytes, out);
  AppendSdParam("rule_id", r.alert.rule_id, max_value_bytes, out);
  AppendSdParam("severity", SeverityName(r.alert.severity), max_value_bytes, out);
  AppendSdParam("user", r.alert.user, max_value_bytes, out);
  AppendSdParam("count", r.alert.count, out);
  AppendSdParam("status", r.alert.status, max_value_bytes, out);
  if (truncated_payload_bytes > 0) AppendSdParam("truncated", truncated_payload_bytes, out);
  out += ']';
}

void SyslogMessageBuilder::AppendStructuredData(const Event& e, size_t max_value_bytes,
                                                uint64_t truncated_payload_bytes,
                                                std::string& out) const {
  out += '[';
  out += sd_id_;
  AppendSdParam("seq", e.sequence, out);
  AppendSdParam("user", e.user, max_value_bytes, out);
  AppendSdParam("action", e.action, max_value_bytes, out);
  AppendSdParam("patient", e.patient, max_value_bytes, out);
  AppendSdParam("outcome", e.outcome, max_value_bytes, out);
  AppendSdParam("source", e.source, max_value_bytes, out);
  if (truncated_payload_bytes > 0) AppendSdParam("truncated", truncated_payload_bytes, out);
  out += ']';
}

void SyslogMessageBuilder::Append(const AlertRecord& record, size_t max_bytes, std::string& out) {
  payload_.clear();
  payload_formatter_(record, payload_);
  AppendMessage(record, record.at, max_bytes, out);
}

void SyslogMessageBuilder::Append(const Event& event, size_t max_bytes, std::string& out) {
  payload_.clear();
  event_payload_formatter_(event, payload_);
  AppendMessage(event, event.ts, max_bytes, out);
}

template <typename Item>
void SyslogMessageBuilder::AppendMessage(const Item& record, TimeMicros at, size_t max_bytes,
                                         std::string& out) {
  const std::string_view payload = ValidUtf8(payload_, valid_payload_);

  const size_t start = out.size();
  out += '<';
  AppendDecimal(static_cast<uint64_t>(facility_ * 8 + SyslogSeverityOf(record)), out);
  out += ">1 ";
  AppendTimestamp(at, out);
  out += header_tail_;
  const size_t sd_start = out.size();
  AppendStructuredData(record, kMaxSdValueBytes, 0, out);
  AppendMsg(payload, utf8_bom_, payload.size(), out);
  if (max_bytes == 0 || out.size() - start <= max_bytes) return;

  const size_t msg_overhead = payload.empty() ? 0 : 1 + (utf8_bom_ ? kBom.size() : 0);
  for (size_t value_bytes = kMaxSdValueBytes; value_bytes >= kMinSdValueBytes; value_bytes /= 2) {
    out.resize(sd_start);
    AppendStructuredData(record, value_bytes, payload.size(), out);
    const size_t used = out.size() - start + msg_overhead;
    if (used <= max_bytes) {
      AppendMsg(payload, utf8_bom_, max_bytes - used, out);
      return;
    }
  }
  const std::string_view message(out.data() + start, out.size() - start);
  out.resize(start + CutUtf8(message, max_bytes).size());
}

void AppendOctetCountedFrame(std::string_view message, std::string& out) {
  AppendDecimal(message.size(), out);
  out += ' ';
  out += message;
}

}  // namespace phi
