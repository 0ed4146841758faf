// RFC 5424 syslog messages for alert records, and their framing: octet counting for a TCP or TLS
// stream (RFC 6587 §3.4.1, required by RFC 5425) and one datagram per message for UDP (RFC 5426),
// where a message longer than the limit is cut at a UTF-8 boundary, never split in two.
//
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [phi@32473 alert_id=".." record=".." ...] BOM
//   MSG
//
// PRI is facility * 8 + severity. A record made by detection (created, grew) carries the alert's
// severity (low: notice, medium: warning, high: err, critical: crit); a reviewer's change
// (acknowledged, assigned, noted, resolved, reopened) is notice, so that triage pages nobody.
// The structured data names the alert and the record (receivers drop duplicates by alert_id and
// record: delivery is at least once); MSG is the payload formatter's text (JSON by default, or
// CEF, LEEF, OCSF) after a UTF-8 BOM. Values are made valid UTF-8 (U+FFFD for ill-formed bytes);
// in SD-PARAM values `"`, `\` and `]` are escaped and control characters become U+FFFD, so a
// hostile user name cannot end the element or start a forged line in a receiver's file.
// Events (a sink with `stream: events`) are sent the same way, with MSGID "event" (the syslog
// sink's default for that stream), severity informational (notice for a failed access), the
// event's time, and `[phi@32473 seq=".." user=".." action=".." patient=".." outcome=".."
// source=".."]` (receivers drop duplicates by seq, the timeline id).
// Not thread-safe: a builder reuses its buffers; each sink has its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/common/status.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// Writes one record's MSG text (without BOM) by appending to the string.
using AlertPayloadFormatter = std::function<void(const AlertRecord&, std::string&)>;
using EventPayloadFormatter = std::function<void(const Event&, std::string&)>;
// The canonical phi-json event with its provenance (the default for events).
void AppendEventPayloadJson(const Event& event, std::string& out);

inline constexpr int kSyslogFacilityLocal4 = 20;
inline constexpr char kSyslogDocumentationSdId[] = "phi@32473";  // 32473: the documentation PEN

// The parts of the header that are the same for every message of a sink.
struct SyslogMessageFields {
  int facility = kSyslogFacilityLocal4;  // 0..23
  std::string hostname;                  // PRINTUSASCII, at most 255 bytes; "" is sent as "-"
  std::string app_name = "phi-auditd";   // at most 48
  std::string procid;                    // at most 128
  std::string msgid = "alert";           // at most 32
  std::string sd_id = kSyslogDocumentationSdId;  // an SD-NAME: 1..32 PRINTUSASCII but = SP ] "
  // RFC 5424's BOM before a UTF-8 MSG; off for CEF and LEEF, whose parsers expect the body to
  // start with "CEF:" or "LEEF:".
  bool utf8_bom = true;
};

// Says which field breaks RFC 5424 and why; SyslogMessageBuilder REQUIRES fields that pass.
Status ValidateSyslogMessageFields(const SyslogMessageFields& fields);

// Replaces every byte outside PRINTUSASCII (33..126) with '_' and cuts to `max_bytes`: for a
// host name the system gives (gethostname), which no configuration check has seen.
std::string ToPrintUsAscii(std::string_view text, size_t max_bytes);

// The RFC 5424 severity (0 emergency .. 7 debug) a record is sent with.
int SyslogSeverityOf(const AlertRecord& record);
int SyslogSeverityOf(const Event& event);

class SyslogMessageBuilder {
 public:
  // REQUIRES: ValidateSyslogMessageFields(fields).ok() and callable formatters.
  SyslogMessageBuilder(const SyslogMessageFields& fields, AlertPayloadFormatter payload,
                       EventPayloadFormatter event_payload = AppendEventPayloadJson);

  // Appends the message for `record` (no framing). With `max_bytes` > 0 the message is at most
  // that long: a longer payload is cut at a UTF-8 boundary and the structured data gains
  // truncated="<the payload's full length in bytes>"; long SD values are shortened further if the
  // header and structured data alone do not fit, and only when even that fails (a limit below a
  // few hundred bytes) is the whole message cut at a UTF-8 boundary.
  void Append(const AlertRecord& record, size_t max_bytes, std::string& out);
  void Append(const Event& event, size_t max_bytes, std::string& out);

 private:
  int facility_;
  bool utf8_bom_;
  std::string sd_id_;
  std::string header_tail_;  // " HOSTNAME APP-NAME PROCID MSGID "
  AlertPayloadFormatter payload_formatter_;
  EventPayloadFormatter event_payload_formatter_;
  std::string payload_;        // reused: the formatter's output
  std::string valid_payload_;  // reused: the payload made valid UTF-8 when it was not

  void AppendStructuredData(const AlertRecord& record, size_t max_value_bytes,
                            uint64_t truncated_payload_bytes, std::string& out) const;
  void AppendStructuredData(const Event& event, size_t max_value_bytes,
                            uint64_t truncated_payload_bytes, std::string& out) const;
  // The message for an alert record or an event, once its payload_ is written.
  template <typename Item>
  void AppendMessage(const Item& item, TimeMicros at, size_t max_bytes, std::string& out);
};

// RFC 6587 §3.4.1 octet counting: "MSG-LEN SP SYSLOG-MSG", MSG-LEN in decimal bytes.
void AppendOctetCountedFrame(std::string_view message, std::string& out);

// RFC 5426 §3.2: every receiver SHOULD take 2048 bytes (IPv4 ones MUST take 480, IPv6 ones 1180).
inline constexpr size_t kDefaultSyslogDatagramBytes = 2048;
inline constexpr size_t kMinSyslogDatagramBytes = 480;

}  // namespace phi
