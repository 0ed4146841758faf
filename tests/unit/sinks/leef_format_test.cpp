#include "daemon/sinks/leef_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/sinks/siem_fields.hpp"
#include "tests/unit/sinks/alert_record_samples.hpp"

namespace phi {
namespace {

using testing::HostileRecord;
using testing::kEAcute;
using testing::kHan;
using testing::kReplacement;
using testing::PlainRecord;

constexpr char kCaretLookAlike[] = "\xEF\xBC\xBE";  // U+FF3E
constexpr char kPipeLookAlike[] = "\xC2\xA6";       // U+00A6

std::string Leef(const AlertRecord& r) {
  std::string out;
  AppendLeef(r, out);
  return out;
}

std::vector<std::string> Split(std::string_view s, char delimiter) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == delimiter) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A LEEF 2.0 reader as a receiver splits an event: the header at the first six pipes, the
// attributes at the delimiter the header declares, each attribute at its first =.
struct ParsedLeef {
  std::vector<std::string> header;  // LEEF:2.0, vendor, product, version, event id, delimiter
  std::vector<std::pair<std::string, std::string>> attributes;
};

ParsedLeef ParseLeef(std::string_view line) {
  ParsedLeef p;
  size_t i = 0;
  while (p.header.size() < 6) {
    size_t pipe = line.find('|', i);
    if (pipe == std::string_view::npos) return p;
    p.header.emplace_back(line.substr(i, pipe - i));
    i = pipe + 1;
  }
  if (p.header[5].size() != 1) return p;
  for (const std::string& attribute : Split(line.substr(i), p.header[5][0])) {
    size_t eq = attribute.find('=');
    p.attributes.emplace_back(attribute.substr(0, eq),
                              eq == std::string::npos ? "" : attribute.substr(eq + 1));
  }
  return p;
}

TEST(LeefFormat, PlainRecordIsOneExactLine) {
  EXPECT_EQ(Leef(PlainRecord()),
            "LEEF:2.0|phi-auditd|phi-auditd|" + std::string(ProductVersion()) +
                "|after-hours|^|devTime=2024-03-01T12:00:00.123+0000^"
                "devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ^sev=8^cat=created^usrName=jdoe^"
                "alertId=17-after-hours^severity=high^status=open^"
                "summary=jdoe opened p1 after hours^explanation=Two records at 03:00.^"
                "patients=p1,p2^count=2^firstSeen=2024-03-01T12:00:00.000+0000^"
                "lastSeen=2024-03-01T12:01:00.000+0000^recordPosition=42^changedBy=phi-auditd^"
                "tags=snooping");
}

TEST(LeefFormat, DelimiterAndPipeInTextBecomeLookAlikes) {
  AlertRecord r = PlainRecord();
  r.alert.rule_id = "a|b^c";
  r.alert.summary = "x^sev=1|y";
  std::string line = Leef(r);
  EXPECT_NE(line.find(std::string("|a") + kPipeLookAlike + "b" + kCaretLookAlike + "c|^|"),
            std::string::npos)
      << line;
  EXPECT_NE(
      line.find(std::string("^summary=x") + kCaretLookAlike + "sev=1" + kPipeLookAlike + "y^"),
      std::string::npos)
      << line;
}

TEST(LeefFormat, LineBreaksAndControlsBecomeSpacesAndBadBytesReplacementCharacters) {
  AlertRecord r = PlainRecord();
  r.alert.explanation =
      "a\r\nb\tc\x7F"
      "d\xC2\x85"
      "e\xFF"
      "f";
  std::string line = Leef(r);
  EXPECT_NE(line.find(std::string("^explanation=a  b c d e") + kReplacement + "f^"),
            std::string::npos)
      << line;
}

TEST(LeefFormat, SeverityScaleIsThreeFiveEightTen) {
  const std::pair<Severity, std::string> expected[] = {{Severity::kLow, "3"},
                                                       {Severity::kMedium, "5"},
                                                       {Severity::kHigh, "8"},
                                                       {Severity::kCritical, "10"}};
  for (const auto& [severity, score] : expected) {
    AlertRecord r = PlainRecord();
    r.alert.severity = severity;
    std::string line = Leef(r);
    EXPECT_NE(line.find("^sev=" + score + "^"), std::string::npos) << line;
    EXPECT_NE(line.find("^severity=" + std::string(SeverityName(severity)) + "^"),
              std::string::npos)
        << line;
  }
}

TEST(LeefFormat, EventIdAndUserNameAreCutTo255BytesWithoutSplittingACharacter) {
  AlertRecord r = PlainRecord();
  r.alert.rule_id = std::string(253, 'r') + kHan;  // 256 bytes; 漢 would end past 255
  r.alert.user = std::string(255, 'u') + "x";
  ParsedLeef p = ParseLeef(Leef(r));
  ASSERT_EQ(p.header.size(), 6u);
  EXPECT_EQ(p.header[4], std::string(253, 'r'));
  bool found = false;
  for (const auto& [key, value] : p.attributes) {
    if (key != "usrName") continue;
    found = true;
    EXPECT_EQ(value, std::string(255, 'u'));
  }
  EXPECT_TRUE(found);
}

TEST(LeefFormat, HostileTextCannotAddAttributesAndStaysOneValidLine) {
  std::string line = Leef(HostileRecord());
  EXPECT_EQ(line.find_first_of("\r\n\t"), std::string::npos) << line;
  EXPECT_TRUE(testing::IsValidUtf8(line));
  EXPECT_EQ(Split(line, '|').size(), 7u) << "the header's six pipes and no other: " << line;

  ParsedLeef p = ParseLeef(line);
  const std::vector<std::string> header = {
      "LEEF:2.0",
      "phi-auditd",
      "phi-auditd",
      std::string(ProductVersion()),
      std::string("rule") + kPipeLookAlike + "7\\x=" + kCaretLookAlike + "y",
      "^"};
  EXPECT_EQ(p.header, header);

  const std::string caret = kCaretLookAlike;
  const std::string pipe = kPipeLookAlike;
  const std::string alert_id = "17-rule" + pipe + "7\\x=" + caret + "y";
  const std::vector<std::pair<std::string, std::string>> attributes = {
      {"devTime", "2024-03-01T12:00:00.123+0000"},
      {"devTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ"},
      {"sev", "8"},
      {"cat", "noted"},
      {"usrName", "dr=evil suser=admin usrName=root" + caret + "sev=1"},
      {"alertId", alert_id},
      {"severity", "high"},
      {"status", "open"},
      {"summary",
       "a" + pipe + "b\\c=d" + caret + "e  n" + kEAcute + " " + kHan + " " + kReplacement + " end"},
      {"explanation",
       "line1 line2  k=v \\ " + pipe + " " + caret + " " + kEAcute + kHan + " cut" + kReplacement},
      {"patients", "p" + pipe + "1,p=2,p\\3," + kEAcute + kHan + ",p" + caret + "5"},
      {"count", "2"},
      {"firstSeen", "2024-03-01T12:00:00.000+0000"},
      {"lastSeen", "2024-03-01T12:01:00.000+0000"},
      {"recordPosition", "42"},
      {"changedBy", "nurse joy" + pipe + "x"},
      {"assignee", std::string("Zo") + kEAcute + "  root"},
      {"changeText", "see ticket=5 " + pipe + " " + caret},
      {"changeNote", " msg=injected\\"},
      {"tags", "t=1,t 2"}};
  EXPECT_EQ(p.attributes, attributes);
}

TEST(LeefFormat, TimesBeforeTheEpochRoundDown) {
  AlertRecord r = PlainRecord();
  r.at = -1;  // 1969-12-31T23:59:59.999999Z
  EXPECT_NE(Leef(r).find("devTime=1969-12-31T23:59:59.999+0000^"), std::string::npos);
}

}  // namespace
}  // namespace phi
