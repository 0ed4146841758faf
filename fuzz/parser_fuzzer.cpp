// libFuzzer harness for one log format's RecordParser (the format is PHI_FUZZ_FORMAT, set per
// binary by fuzz/CMakeLists.txt). The input is a file: it is framed by the daemon's RecordFramer
// and each record goes to SetHeader, Parse or ParseCut exactly as FileSource does, then the event
// is written as phi-json. A parser may reject any record, but must say why, point inside it,
// never quote the patient it names (PHI) and never keep more statement than it was allowed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "collectors/parse/parser_factory.hpp"
#include "collectors/tail/record_framer.hpp"
#include "daemon/event/event_json.hpp"
#include "fuzz/fuzz_check.hpp"

#ifndef PHI_FUZZ_FORMAT
#error "PHI_FUZZ_FORMAT names the format under test, e.g. -DPHI_FUZZ_FORMAT=\"csv\""
#endif

namespace phi {
namespace {

constexpr size_t kMaxRecordBytes = 4096;  // small, so fuzzed inputs reach ParseCut
constexpr size_t kStatementMaxBytes = 256;

FieldRule Map(EventField field, std::string from) {
  FieldRule r;
  r.field = field;
  r.from = std::move(from);
  return r;
}

// The representative mappings: the CSV export of etc/phi-auditd.yaml and the teletherapy JSON
// of tests/data/json (nested keys, value tables, an exhaustive one, defaults).
void AddMapping(std::string_view format, FieldMapping& m) {
  if (format == "csv") {
    FieldRule ts = Map(EventField::kTs, "ACCESS_TIME");
    ts.time_format = TimeFormat::Compile("%m/%d/%Y %H:%M:%S", nullptr);
    m.rules.push_back(ts);
    m.rules.push_back(Map(EventField::kUser, "USER_ID"));
    m.rules.push_back(Map(EventField::kPatient, "PAT_MRN_ID"));
    FieldRule action = Map(EventField::kAction, "ACCESS_ACTION");
    action.values = {
        {"VIEW", "view"}, {"PRINT", "print"}, {"EXPORT", "export"}, {"MODIFY", "update"}};
    action.values_exhaustive = true;
    m.rules.push_back(action);
    m.rules.push_back(Map(EventField::kRecordType, "METRIC_NAME"));
    m.rules.push_back(Map(EventField::kWorkstation, "WORKSTATION_ID"));
    m.rules.push_back(Map(EventField::kStatement, "QUERY_TEXT"));
    FieldRule count = Map(EventField::kRecordCount, "ROW_COUNT");
    count.default_value = "1";
    m.rules.push_back(count);
    m.utc_offset_seconds = -5 * 3600;
  } else {
    m.rules.push_back(Map(EventField::kTs, "timestamp"));
    m.rules.push_back(Map(EventField::kUser, "actor.id"));
    m.rules.push_back(Map(EventField::kRole, "actor.role"));
    m.rules.push_back(Map(EventField::kDepartment, "actor.org_unit"));
    FieldRule action = Map(EventField::kAction, "event");
    action.values = {{"session.note.view", "view"}, {"note.update", "update"}};
    m.rules.push_back(action);
    m.rules.push_back(Map(EventField::kPatient, "subject.mrn"));
    FieldRule record_type = Map(EventField::kRecordType, "subject.type");
    record_type.default_value = "chart";
    m.rules.push_back(record_type);
    m.rules.push_back(Map(EventField::kRecordCount, "count"));
    m.rules.push_back(Map(EventField::kClientIp, "client.ip"));
    m.rules.push_back(Map(EventField::kStatement, "query"));
    FieldRule outcome = Map(EventField::kOutcome, "result");
    outcome.values = {{"ok", "success"}, {"denied", "failure"}};
    outcome.values_exhaustive = true;
    m.rules.push_back(outcome);
  }
}

ParserFactory MakeFactory() {
  ParserOptions o;
  o.format = PHI_FUZZ_FORMAT;
  if (o.format == "csv" || o.format == "json") AddMapping(o.format, o.mapping);
  o.patient_pattern = R"(MRN\d{7})";
  o.statement_max_bytes = kStatementMaxBytes;
  o.utc_offset_seconds = 3600;
  auto factory = MakeParserFactory(o);
  PHI_FUZZ_CHECK(factory.ok());
  return factory.value();
}

void CheckOutcome(const ParseOutcome& outcome, std::string_view record, const Event& event) {
  if (outcome.code == ParseCode::kError) {
    PHI_FUZZ_CHECK(!outcome.reason.empty());
    PHI_FUZZ_CHECK(outcome.column <= record.size());
    // The reason never quotes a patient the record names. (Not "never contains the record": a
    // fuzzed record may well be a piece of the reason's own fixed text.)
    for (size_t at = record.find("MRN"); at != std::string_view::npos;
         at = record.find("MRN", at + 1)) {
      std::string_view mrn = record.substr(at, 10);
      bool is_mrn = mrn.size() == 10 && std::all_of(mrn.begin() + 3, mrn.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
      PHI_FUZZ_CHECK(!is_mrn || outcome.reason.find(mrn) == std::string::npos);
    }
  } else if (outcome.code == ParseCode::kEvent) {
    PHI_FUZZ_CHECK(event.statement.size() <= kStatementMaxBytes);
  }
}

}  // namespace
}  // namespace phi

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phi;
  static const ParserFactory factory = MakeFactory();
  std::unique_ptr<RecordParser> parser = factory();
  RecordFramer framer(parser->framing(), kMaxRecordBytes, parser->field_delimiter());
  framer.Append(std::string_view(reinterpret_cast<const char*>(data), size));
  bool header_pending = parser->wants_header();
  FramedRecord record;
  Event event;
  std::string json;
  while (framer.Next(record, /*flush=*/true)) {
    // As FileSource: an oversized CSV row or header is a dead letter, never parsed.
    if (record.oversized && (parser->framing() == Framing::kCsvQuoted || header_pending)) continue;
    if (header_pending) {
      header_pending = false;
      ParseOutcome outcome = parser->SetHeader(record.text);
      PHI_FUZZ_CHECK(outcome.code != ParseCode::kError || !outcome.reason.empty());
      continue;
    }
    event.Clear();
    ParseOutcome outcome =
        record.oversized ? parser->ParseCut(record.text, event) : parser->Parse(record.text, event);
    CheckOutcome(outcome, record.text, event);
    if (outcome.code == ParseCode::kEvent) {
      json.clear();
      AppendEventJson(event, EventJsonOptions{}, json);
    }
  }
  return 0;
}
