#include "daemon/sinks/cef_format.hpp"

#include <gtest/gtest.h>

#include <cctype>
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

std::string Cef(const AlertRecord& r) {
  std::string out;
  AppendCef(r, out);
  return out;
}

// A CEF reader written from the standard, independently of the writer: a header field ends at
// an unescaped |, and \| and \\ are its only escapes; in the extension every unescaped = ends a
// key (the word before it), and \\, \=, \n and \r are the escapes of a value.
struct ParsedCef {
  std::vector<std::string> header;  // the seven fields, unescaped
  std::vector<std::pair<std::string, std::string>> extension;
  std::string error;  // empty when the line followed the standard
};

ParsedCef ParseCef(std::string_view line) {
  ParsedCef p;
  size_t i = 0;
  std::string field;
  while (i < line.size() && p.header.size() < 7) {
    char c = line[i];
    if (c == '|') {
      p.header.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\\') {
      if (i + 1 >= line.size() || (line[i + 1] != '|' && line[i + 1] != '\\')) {
        p.error = "header escape \\" + std::string(line.substr(i + 1, 1));
        return p;
      }
      field += line[i + 1];
      i += 2;
    } else {
      field += c;
      ++i;
    }
  }
  if (p.header.size() != 7) {
    p.error = "fewer than 7 header fields";
    return p;
  }
  const std::string_view ext = line.substr(i);
  std::vector<size_t> equals;  // unescaped '=' in the extension
  for (size_t k = 0; k < ext.size(); ++k) {
    if (ext[k] == '\\') {
      ++k;
    } else if (ext[k] == '=') {
      equals.push_back(k);
    }
  }
  std::vector<size_t> key_starts;
  for (size_t eq : equals) {
    size_t start = eq;
    while (start > 0 && std::isalnum(static_cast<unsigned char>(ext[start - 1]))) --start;
    if (start == eq || (start > 0 && ext[start - 1] != ' ')) {
      p.error = "an unescaped = not after a key";
      return p;
    }
    key_starts.push_back(start);
  }
  for (size_t n = 0; n < equals.size(); ++n) {
    size_t value_end = n + 1 < equals.size() ? key_starts[n + 1] - 1 : ext.size();
    std::string_view raw = ext.substr(equals[n] + 1, value_end - equals[n] - 1);
    std::string value;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] != '\\') {
        value += raw[k];
        continue;
      }
      char next = k + 1 < raw.size() ? raw[++k] : '\0';
      if (next == '\\' || next == '=') {
        value += next;
      } else if (next == 'n') {
        value += '\n';
      } else if (next == 'r') {
        value += '\r';
      } else {
        p.error = "extension escape \\" + std::string(1, next);
        return p;
      }
    }
    p.extension.emplace_back(std::string(ext.substr(key_starts[n], equals[n] - key_starts[n])),
                             std::move(value));
  }
  return p;
}

TEST(CefFormat, PlainRecordIsOneExactLine) {
  EXPECT_EQ(Cef(PlainRecord()),
            "CEF:0|phi-auditd|phi-auditd|" + std::string(ProductVersion()) +
                "|after-hours|jdoe opened p1 after hours|8|rt=1709294400123 start=1709294400000 "
                "end=1709294460000 suser=jdoe externalId=17-after-hours act=created cnt=2 "
                "msg=Two records at 03:00. cat=snooping cs1Label=alertId cs1=17-after-hours "
                "cs2Label=ruleId cs2=after-hours cs3Label=status cs3=open "
                "cs4Label=recordPosition cs4=42 cs5Label=changedBy cs5=phi-auditd "
                "cs6Label=patients cs6=p1,p2");
}

TEST(CefFormat, HeaderEscapesBackslashAndPipeAndFlattensLineBreaks) {
  AlertRecord r = PlainRecord();
  r.alert.rule_id = "a|b\\c=d";
  r.alert.summary = "x|y\\z\r\nw";
  std::string line = Cef(r);
  EXPECT_NE(line.find("|a\\|b\\\\c=d|x\\|y\\\\z  w|8|rt="), std::string::npos) << line;
}

TEST(CefFormat, ExtensionEscapesBackslashEqualsAndLineBreaksButNotPipes) {
  AlertRecord r = PlainRecord();
  r.alert.explanation = "a=b\\c\nd\re|f";
  std::string line = Cef(r);
  EXPECT_NE(line.find(" msg=a\\=b\\\\c\\nd\\re|f cat="), std::string::npos) << line;
}

TEST(CefFormat, OtherControlsBecomeSpaces) {
  AlertRecord r = PlainRecord();
  r.alert.explanation =
      "tab\there\x01\x7F"
      "c1\xC2\x85"
      "end";
  std::string line = Cef(r);
  EXPECT_NE(line.find(" msg=tab here  c1 end cat="), std::string::npos) << line;
}

TEST(CefFormat, InvalidUtf8BecomesReplacementCharacters) {
  AlertRecord r = PlainRecord();
  r.alert.summary = "caf\xE9";                             // Latin-1 é
  r.alert.explanation = std::string("cut ") + "\xE6\xBC";  // 漢 without its last byte
  r.alert.user =
      "\xFF\xFE"
      "x";
  std::string line = Cef(r);
  EXPECT_NE(line.find(std::string("|caf") + kReplacement + "|8|"), std::string::npos) << line;
  EXPECT_NE(line.find(std::string(" msg=cut ") + kReplacement + " cat="), std::string::npos);
  EXPECT_NE(line.find(std::string(" suser=") + kReplacement + kReplacement + "x "),
            std::string::npos);
  EXPECT_TRUE(testing::IsValidUtf8(line));
}

TEST(CefFormat, SeverityScaleIsThreeFiveEightTen) {
  const std::pair<Severity, std::string> expected[] = {{Severity::kLow, "3"},
                                                       {Severity::kMedium, "5"},
                                                       {Severity::kHigh, "8"},
                                                       {Severity::kCritical, "10"}};
  for (const auto& [severity, score] : expected) {
    AlertRecord r = PlainRecord();
    r.alert.severity = severity;
    ParsedCef p = ParseCef(Cef(r));
    ASSERT_EQ(p.error, "");
    EXPECT_EQ(p.header[6], score) << SeverityName(severity);
  }
}

TEST(CefFormat, EmptyValuesAreLeftOutAndTriageFieldsAppearWhenSet) {
  AlertRecord r = PlainRecord();
  r.alert.user.clear();
  r.alert.tags.clear();
  std::string line = Cef(r);
  EXPECT_EQ(line.find("suser="), std::string::npos) << line;
  EXPECT_EQ(line.find("cat="), std::string::npos) << line;
  EXPECT_EQ(line.find("outcome="), std::string::npos) << line;

  r.change = "resolved";
  r.alert.status = "resolved";
  r.alert.resolution = "false_positive";
  r.alert.assignee = "alice";
  r.text = "false_positive";
  r.note = "badge swap";
  line = Cef(r);
  for (std::string_view pair : {" act=resolved ", " outcome=false_positive ", " reason=badge swap ",
                                " cs3=resolved ", " flexString1Label=assignee flexString1=alice ",
                                " flexString2Label=changeText flexString2=false_positive"}) {
    EXPECT_NE(line.find(pair), std::string::npos) << pair << " in " << line;
  }
}

TEST(CefFormat, HostileTextReadsBackAsWrittenOnOneValidLine) {
  AlertRecord r = HostileRecord();
  std::string line = Cef(r);
  EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
  EXPECT_TRUE(testing::IsValidUtf8(line));

  ParsedCef p = ParseCef(line);
  ASSERT_EQ(p.error, "") << line;
  const std::vector<std::string> header = {
      "CEF:0",
      "phi-auditd",
      "phi-auditd",
      std::string(ProductVersion()),
      "rule|7\\x=^y",
      std::string("a|b\\c=d^e  n") + kEAcute + " " + kHan + " " + kReplacement + " end",
      "8"};
  EXPECT_EQ(p.header, header);

  const std::string alert_id = "17-rule|7\\x=^y";
  const std::vector<std::pair<std::string, std::string>> extension = {
      {"rt", "1709294400123"},
      {"start", "1709294400000"},
      {"end", "1709294460000"},
      {"suser", "dr=evil suser=admin usrName=root^sev=1"},
      {"externalId", alert_id},
      {"act", "noted"},
      {"cnt", "2"},
      {"msg", std::string("line1\nline2\r\nk=v \\ | ^ ") + kEAcute + kHan + " cut" + kReplacement},
      {"cat", "t=1,t 2"},
      {"reason", " msg=injected\\"},
      {"cs1Label", "alertId"},
      {"cs1", alert_id},
      {"cs2Label", "ruleId"},
      {"cs2", "rule|7\\x=^y"},
      {"cs3Label", "status"},
      {"cs3", "open"},
      {"cs4Label", "recordPosition"},
      {"cs4", "42"},
      {"cs5Label", "changedBy"},
      {"cs5", "nurse\njoy|x"},
      {"cs6Label", "patients"},
      {"cs6", std::string("p|1,p=2,p\\3,") + kEAcute + kHan + ",p^5"},
      {"flexString1Label", "assignee"},
      {"flexString1", std::string("Zo") + kEAcute + "\r\nroot"},
      {"flexString2Label", "changeText"},
      {"flexString2", "see ticket=5 | ^"}};
  EXPECT_EQ(p.extension, extension);
}

}  // namespace
}  // namespace phi
