// One JSON object per record, read with simdjson On-Demand: the padded line buffer, the reused
// parser, and the checks the phi-json and mapped-json parsers share (blank lines, a trailing CR,
// trailing content, values kept verbatim in Event::extra). One instance per parser; not
// thread-safe. Only the JSON parsers include this header (simdjson.h is large).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "collectors/parse/record_parser.hpp"

namespace phi {

class JsonRecordReader {
 public:
  JsonRecordReader() = default;
  JsonRecordReader(const JsonRecordReader&) = delete;
  JsonRecordReader& operator=(const JsonRecordReader&) = delete;

  // Copies `record` into the padded buffer and starts iterating it. Returns kEvent with `object`
  // ready to iterate, kSkip for a blank record, or kError (simdjson's error text) when the
  // record is not a JSON object.
  ParseOutcome Begin(std::string_view record, simdjson::ondemand::object& object);

  // After the object was iterated to its end: an error if anything but blanks follows it.
  ParseOutcome End();

  // An error outcome for a simdjson failure; `context` (a key name, or empty) prefixes it.
  ParseOutcome Error(simdjson::error_code code, std::string_view context);

  // The byte offset of `p` (a pointer into the padded buffer) in the record.
  size_t ColumnOf(const char* p) const;

  // The key of `field` as written in the record, without its quotes (JSON escapes kept).
  static std::string_view RawKey(const simdjson::ondemand::field& field);

  // The token of a scalar value, without the blanks simdjson keeps after it.
  static std::string_view ScalarToken(simdjson::ondemand::value& value);

  // Appends `,"key":value` (no comma when `extra` is empty) with the value exactly as written,
  // after checking it is valid JSON. `quoted_key` is the key with its quotes.
  ParseOutcome AppendVerbatim(std::string_view quoted_key, simdjson::ondemand::value& value,
                              std::string& extra);

  // The text of a scalar for a string field: strings unescaped, numbers as written, null as
  // empty (`is_null` set), booleans as true/false when `accept_booleans` is set. Other types
  // are errors naming `key`. `text` lives until the next Begin().
  ParseOutcome ScalarText(std::string_view key, simdjson::ondemand::value& value,
                          bool accept_booleans, std::string_view& text, bool& is_null);

 private:
  ParseOutcome WrongType(std::string_view key, simdjson::ondemand::json_type type,
                         simdjson::ondemand::value& value);

  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document document_;
  bool document_ok_ = false;        // iterate() succeeded for the current record
  std::unique_ptr<char[]> buffer_;  // the record plus SIMDJSON_PADDING bytes
  size_t capacity_ = 0;             // of buffer_, padding included
  size_t size_ = 0;                 // of the record in buffer_
  size_t skipped_prefix_ = 0;       // bytes of the record before buffer_ (a UTF-8 BOM)
  std::unique_ptr<simdjson::dom::parser> nested_validator_;  // for kept objects and arrays
};

}  // namespace phi
