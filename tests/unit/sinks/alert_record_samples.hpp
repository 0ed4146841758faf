// Alert records the payload format tests share: a plain one for exact expected lines, and one
// whose text carries everything a format must neutralise (its delimiters and escape character,
// line breaks, controls, non-ASCII, and bytes that are not UTF-8, as logs can hold).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "daemon/alerts/alert_record.hpp"

namespace phi::testing {

inline constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
inline constexpr char kEAcute[] = "\xC3\xA9";           // é
inline constexpr char kHan[] = "\xE6\xBC\xA2";          // 漢

// 2024-03-01T12:00:00Z in microseconds.
inline constexpr TimeMicros kMarch1Noon = 1'709'294'400'000'000;

inline AlertRecord PlainRecord() {
  AlertRecord r;
  r.position = 42;
  r.change = "created";
  r.at = kMarch1Noon + 123'456;  // 12:00:00.123456
  r.by = "phi-auditd";
  Alert& a = r.alert;
  a.alert_id = "17-after-hours";
  a.rule_id = "after-hours";
  a.severity = Severity::kHigh;
  a.ts = kMarch1Noon;
  a.last_ts = kMarch1Noon + 60'000'000;
  a.user = "jdoe";
  a.patients = {"p1", "p2"};
  a.summary = "jdoe opened p1 after hours";
  a.explanation = "Two records at 03:00.";
  a.evidence = R"({"threshold":3,"hour":3})";
  a.event_ids = {17, 18};
  a.tags = {"snooping"};
  a.count = 2;
  return r;
}

// The hostile strings, each with a format's delimiters and escapes, CR/LF, é and 漢, and an
// ill-formed sequence: \xFF never occurs in UTF-8; \xE6\xBC is 漢 cut short.
inline const std::string kHostileRule = std::string("rule|7\\x=^y");
inline const std::string kHostileSummary =
    std::string("a|b\\c=d^e\r\nn") + kEAcute + " " + kHan + " \xFF" + " end";
inline const std::string kHostileExplanation =
    std::string("line1\nline2\r\nk=v \\ | ^ ") + kEAcute + kHan + " cut\xE6\xBC";
inline const std::string kHostileUser = "dr=evil suser=admin usrName=root^sev=1";
inline const std::string kHostileNote = " msg=injected\\";

inline AlertRecord HostileRecord() {
  AlertRecord r = PlainRecord();
  r.change = "noted";
  r.by = "nurse\njoy|x";
  r.text = "see ticket=5 | ^";
  r.note = kHostileNote;
  Alert& a = r.alert;
  a.alert_id = "17-" + kHostileRule;
  a.rule_id = kHostileRule;
  a.user = kHostileUser;
  a.patients = {"p|1", "p=2", "p\\3", std::string(kEAcute) + kHan, "p^5"};
  a.summary = kHostileSummary;
  a.explanation = kHostileExplanation;
  a.tags = {"t=1", "t 2"};
  a.assignee = "Zo" + std::string(kEAcute) + "\r\nroot";
  return r;
}

inline bool IsValidUtf8(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

}  // namespace phi::testing
