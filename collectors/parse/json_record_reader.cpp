#include "collectors/parse/json_record_reader.hpp"

#include <cstring>

namespace phi {
namespace {

using simdjson::ondemand::json_type;

bool IsJsonBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view TrimTrailingBlanks(std::string_view s) {
  while (!s.empty() && IsJsonBlank(s.back())) s.remove_suffix(1);
  return s;
}

const char* TypeName(json_type type) {
  switch (type) {
    case json_type::array:
      return "an array";
    case json_type::object:
      return "an object";
    case json_type::number:
      return "a number";
    case json_type::string:
      return "a string";
    case json_type::boolean:
      return "a boolean";
    case json_type::null:
      return "null";
  }
  return "an unknown type";
}

}  // namespace

ParseOutcome JsonRecordReader::Begin(std::string_view record, simdjson::ondemand::object& object) {
  skipped_prefix_ = 0;
  if (record.starts_with("\xEF\xBB\xBF")) {  // a UTF-8 BOM on a file's first line
    record.remove_prefix(3);
    skipped_prefix_ = 3;
  }
  record = TrimTrailingBlanks(record);  // also the CR of CRLF line ends
  size_t first = 0;
  while (first < record.size() && IsJsonBlank(record[first])) ++first;
  if (first == record.size()) return ParseOutcome::Skip();

  if (record.size() + simdjson::SIMDJSON_PADDING > capacity_) {
    capacity_ = std::max<size_t>(2 * capacity_, record.size() + simdjson::SIMDJSON_PADDING);
    buffer_ = std::make_unique<char[]>(capacity_);
  }
  std::memcpy(buffer_.get(), record.data(), record.size());
  size_ = record.size();

  document_ok_ = false;
  simdjson::error_code error = parser_.iterate(buffer_.get(), size_, capacity_).get(document_);
  if (error) return Error(error, {});
  document_ok_ = true;
  error = document_.get_object().get(object);
  if (error) {
    if (error == simdjson::INCORRECT_TYPE) {
      return ParseOutcome::Error("the record is not a JSON object", first + skipped_prefix_);
    }
    return Error(error, {});
  }
  return ParseOutcome::Event();
}

ParseOutcome JsonRecordReader::End() {
  const char* location = nullptr;
  // In bounds after the object was consumed means something follows it.
  if (document_.current_location().get(location) == simdjson::SUCCESS) {
    return ParseOutcome::Error("unexpected content after the JSON object", ColumnOf(location));
  }
  return ParseOutcome::Event();
}

ParseOutcome JsonRecordReader::Error(simdjson::error_code code, std::string_view context) {
  const char* location = nullptr;
  size_t column = 0;
  if (document_ok_ && document_.current_location().get(location) == simdjson::SUCCESS) {
    column = ColumnOf(location);
  }
  std::string reason = "invalid JSON";
  // Only canonical field names are named: other keys come from the record and may be PHI.
  EventField field;
  if (!context.empty() && LookupEventField(context, field)) {
    reason += " in '";
    reason += context;
    reason += '\'';
  } else if (!context.empty()) {
    reason += " in an unmapped field";
  }
  reason += ": ";
  reason += simdjson::error_message(code);
  return ParseOutcome::Error(std::move(reason), column);
}

size_t JsonRecordReader::ColumnOf(const char* p) const {
  if (p < buffer_.get() || p > buffer_.get() + size_) return 0;
  return static_cast<size_t>(p - buffer_.get()) + skipped_prefix_;
}

std::string_view JsonRecordReader::RawKey(const simdjson::ondemand::field& field) {
  // simdjson validated the string structure, so an unescaped closing quote exists.
  const char* start = field.key().raw();
  const char* p = start;
  while (*p != '"') p += *p == '\\' ? 2 : 1;
  return {start, static_cast<size_t>(p - start)};
}

std::string_view JsonRecordReader::ScalarToken(simdjson::ondemand::value& value) {
  return TrimTrailingBlanks(value.raw_json_token());
}

ParseOutcome JsonRecordReader::AppendVerbatim(std::string_view quoted_key,
                                              simdjson::ondemand::value& value,
                                              std::string& extra) {
  json_type type;
  simdjson::error_code error = value.type().get(type);
  if (error) return Error(error, {});
  std::string_view raw;
  switch (type) {
    case json_type::string: {
      raw = ScalarToken(value);
      std::string_view unescaped;
      error = value.get_string().get(unescaped);  // validates the escapes
      break;
    }
    case json_type::number: {
      raw = ScalarToken(value);
      double unused;
      error = value.get_double().get(unused);
      break;
    }
    case json_type::boolean: {
      raw = ScalarToken(value);
      bool unused;
      error = value.get_bool().get(unused);
      break;
    }
    case json_type::null: {
      raw = ScalarToken(value);
      bool null = false;
      error = value.is_null().get(null);
      if (!error && !null) error = simdjson::N_ATOM_ERROR;
      break;
    }
    case json_type::object: {
      simdjson::ondemand::object nested;
      error = value.get_object().get(nested);
      if (!error) error = nested.raw_json().get(raw);
      break;
    }
    case json_type::array: {
      simdjson::ondemand::array nested;
      error = value.get_array().get(nested);
      if (!error) error = nested.raw_json().get(raw);
      break;
    }
  }
  if (!error && (type == json_type::object || type == json_type::array)) {
    // On-Demand skips over nested values without validating them; kept JSON must stay valid,
    // so check it fully. Rare (canonical records are flat), hence the lazily made DOM parser.
    if (!nested_validator_) nested_validator_ = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::element unused;
    error = nested_validator_->parse(raw.data(), raw.size(), false).get(unused);
  }
  if (error) {
    std::string_view key = quoted_key.substr(1, quoted_key.size() - 2);
    return Error(error, key);
  }
  if (!extra.empty()) extra += ',';
  extra.append(quoted_key);
  extra += ':';
  extra.append(raw);
  return ParseOutcome::Event();
}

ParseOutcome JsonRecordReader::ScalarText(std::string_view key, simdjson::ondemand::value& value,
                                          bool accept_booleans, std::string_view& text,
                                          bool& is_null) {
  is_null = false;
  json_type type;
  simdjson::error_code error = value.type().get(type);
  if (error) return Error(error, key);
  switch (type) {
    case json_type::string:
      error = value.get_string().get(text);
      break;
    case json_type::number: {
      text = ScalarToken(value);
      double unused;
      error = value.get_double().get(unused);
      break;
    }
    case json_type::boolean: {
      if (!accept_booleans) return WrongType(key, type, value);
      bool b = false;
      error = value.get_bool().get(b);
      text = b ? "true" : "false";
      break;
    }
    case json_type::null:
      error = value.is_null().get(is_null);
      if (!error && !is_null) error = simdjson::N_ATOM_ERROR;
      text = {};
      break;
    case json_type::object:
    case json_type::array:
      return WrongType(key, type, value);
  }
  if (error) return Error(error, key);
  return ParseOutcome::Event();
}

ParseOutcome JsonRecordReader::WrongType(std::string_view key, json_type type,
                                         simdjson::ondemand::value& value) {
  std::string reason = "'";
  reason.append(key);
  reason += "' holds ";
  reason += TypeName(type);
  reason += ", expected a string or a number";
  return ParseOutcome::Error(std::move(reason), ColumnOf(value.raw_json_token().data()));
}

}  // namespace phi
