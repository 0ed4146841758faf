// Everything a source's configuration says about its format, in one plain struct the config
// module fills and the parser factory validates. Defaults here are the documented defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "collectors/parse/field_mapping.hpp"

namespace phi {

struct ParserOptions {
  // phi-json | json | csv | pgaudit-stderr | pgaudit-csvlog | pgaudit-jsonlog | mariadb-audit
  std::string format = "phi-json";
  FieldMapping mapping;                              // json and csv
  char csv_delimiter = ',';                          // csv
  std::string log_line_prefix = "%m [%p] %q%u@%d ";  // pgaudit-stderr (PostgreSQL's setting)
  std::string patient_pattern;  // RE2; the first match in parameters or statement is the patient
  std::string record_type_default;    // record_type when the format has none
  size_t statement_max_bytes = 2048;  // statements longer than this are cut
  int32_t utc_offset_seconds = 0;     // for formats whose time stamps carry no zone (MariaDB)
};

}  // namespace phi
