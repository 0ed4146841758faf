// Splits one CSV record (RFC 4180: fields quoted with ", quotes doubled inside) into fields.
// Shared by the CSV export parser, the PostgreSQL csvlog parser and the pgaudit AUDIT payload.
// Unquoted fields are views into the record; quoted ones are unescaped into reusable storage.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace phi {

class CsvFieldSplitter {
 public:
  explicit CsvFieldSplitter(char delimiter = ',') : delimiter_(delimiter) {}

  // Splits `record`; returns false (with `error_column`) on a stray quote or an unclosed field.
  // The views in fields() stay valid until the next Split() and while `record` lives.
  // `cut`: the record was cut short, so its last field may be a quoted one left open.
  bool Split(std::string_view record, size_t* error_column = nullptr, bool cut = false);
  const std::vector<std::string_view>& fields() const { return fields_; }

 private:
  char delimiter_;
  std::vector<std::string_view> fields_;
  std::deque<std::string> unescaped_;  // storage for quoted fields, reused across records
  size_t unescaped_used_ = 0;
};

}  // namespace phi
