#include "collectors/parse/phi_json_parser.hpp"

#include <charconv>

#include "collectors/parse/json_record_reader.hpp"
#include "collectors/parse/statement_limit.hpp"

namespace phi {
namespace {

using simdjson::ondemand::json_type;

// The canonical members, matched by length first: this runs for every key of every line.
bool CanonicalField(std::string_view key, EventField& field) {
  auto is = [&](std::string_view name, EventField f) {
    if (key != name) return false;
    field = f;
    return true;
  };
  switch (key.size()) {
    case 2:
      return is("ts", EventField::kTs);
    case 4:
      return is("user", EventField::kUser) || is("role", EventField::kRole);
    case 6:
      return is("action", EventField::kAction);
    case 7:
      return is("patient", EventField::kPatient) || is("outcome", EventField::kOutcome);
    case 8:
      return is("event_id", EventField::kEventId);
    case 9:
      return is("client_ip", EventField::kClientIp) || is("statement", EventField::kStatement);
    case 10:
      return is("department", EventField::kDepartment);
    case 11:
      return is("record_type", EventField::kRecordType) ||
             is("workstation", EventField::kWorkstation);
    case 12:
      return is("record_count", EventField::kRecordCount);
    default:
      return false;
  }
}

class PhiJsonParser final : public RecordParser {
 public:
  PhiJsonParser(int32_t utc_offset_seconds, size_t statement_max_bytes)
      : utc_offset_seconds_(utc_offset_seconds), statement_max_bytes_(statement_max_bytes) {}

  ParseOutcome Parse(std::string_view record, Event& event) override {
    simdjson::ondemand::object object;
    ParseOutcome outcome = reader_.Begin(record, object);
    if (outcome.code != ParseCode::kEvent) return outcome;
    bool has_ts = false;
    for (auto member : object) {
      simdjson::ondemand::field field;
      simdjson::error_code error = std::move(member).get(field);
      if (error) return reader_.Error(error, {});
      std::string_view key = JsonRecordReader::RawKey(field);
      if (key.find('\\') != std::string_view::npos) {
        // A key written with escapes: compare its unescaped text (the raw one is kept for extra).
        std::string_view unescaped;
        if (auto e = field.unescaped_key().get(unescaped)) return reader_.Error(e, {});
        if (!HandleMember(unescaped, key, field.value(), event, has_ts, outcome)) return outcome;
      } else if (!HandleMember(key, key, field.value(), event, has_ts, outcome)) {
        return outcome;
      }
    }
    outcome = reader_.End();
    if (outcome.code != ParseCode::kEvent) return outcome;
    if (!has_ts) return ParseOutcome::Error("no 'ts' member (the time stamp is required)", 0);
    LimitStatement(event.statement, statement_max_bytes_);
    return ParseOutcome::Event();
  }

 private:
  // Returns false with `outcome` set when the member makes the record invalid.
  bool HandleMember(std::string_view key, std::string_view raw_key,
                    simdjson::ondemand::value& value, Event& event, bool& has_ts,
                    ParseOutcome& outcome) {
    if (key == "truncated") {  // set by the collector on a record cut at max_record_bytes
      bool truncated = false;
      if (auto error = value.get_bool().get(truncated)) {
        outcome = reader_.Error(error, "truncated");
        return false;
      }
      event.truncated = truncated;
      return true;
    }
    EventField field;
    if (!CanonicalField(key, field)) {
      // raw_key sits between its quotes in the buffer: keep the quotes with it.
      std::string_view quoted(raw_key.data() - 1, raw_key.size() + 2);
      outcome = reader_.AppendVerbatim(quoted, value, event.extra);
      return outcome.code == ParseCode::kEvent;
    }
    if (field == EventField::kTs) {
      outcome = ParseTs(value, event);
      has_ts = outcome.code == ParseCode::kEvent;
      return has_ts;
    }
    if (field == EventField::kRecordCount) {
      outcome = ParseRecordCount(value, event);
      return outcome.code == ParseCode::kEvent;
    }
    std::string_view text;
    bool is_null = false;
    outcome = reader_.ScalarText(key, value, /*accept_booleans=*/false, text, is_null);
    if (outcome.code != ParseCode::kEvent) return false;
    EventStringField(event, field)->assign(text);
    return true;
  }

  ParseOutcome ParseTs(simdjson::ondemand::value& value, Event& event) {
    size_t column = reader_.ColumnOf(value.raw_json_token().data());
    std::string_view text;
    simdjson::error_code error = value.get_string().get(text);
    if (error == simdjson::INCORRECT_TYPE) {
      return ParseOutcome::Error("'ts' must be an RFC 3339 time string", column);
    }
    if (error) return reader_.Error(error, "ts");
    // A date alone would become midnight and mislead every time-of-day rule: require a time.
    std::optional<TimeMicros> ts;
    if (text.size() > 10) ts = ParseIsoTime(text, utc_offset_seconds_);
    if (!ts) {
      return ParseOutcome::Error(
          "'ts' is not an RFC 3339 time (expected e.g. 2024-03-01T12:00:00Z)", column);
    }
    event.ts = *ts;
    return ParseOutcome::Event();
  }

  ParseOutcome ParseRecordCount(simdjson::ondemand::value& value, Event& event) {
    size_t column = reader_.ColumnOf(value.raw_json_token().data());
    json_type type;
    if (auto error = value.type().get(type)) return reader_.Error(error, "record_count");
    int64_t n = -1;
    if (type == json_type::number) {
      simdjson::error_code error = value.get_int64().get(n);
      if (error && error != simdjson::INCORRECT_TYPE && error != simdjson::NUMBER_OUT_OF_RANGE) {
        return reader_.Error(error, "record_count");
      }
      if (error) n = -1;
    } else if (type == json_type::string) {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return reader_.Error(error, "record_count");
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || end != text.data() + text.size()) n = -1;
    } else if (type == json_type::null) {
      return ParseOutcome::Event();  // absent: the default (1) stays
    }
    if (n < 0) {
      return ParseOutcome::Error("'record_count' must be a whole number >= 0", column);
    }
    event.record_count = n;
    return ParseOutcome::Event();
  }

  JsonRecordReader reader_;
  int32_t utc_offset_seconds_;
  size_t statement_max_bytes_;
};

}  // namespace

Result<ParserFactory> MakePhiJsonParser(const ParserOptions& options) {
  int32_t offset = options.utc_offset_seconds;
  if (offset <= -24 * 3600 || offset >= 24 * 3600) {
    return Status::Invalid("phi-json: utc_offset_seconds must be within +/-24 hours");
  }
  size_t max = options.statement_max_bytes;
  return ParserFactory([offset, max] { return std::make_unique<PhiJsonParser>(offset, max); });
}

}  // namespace phi
