#include "collectors/parse/pgaudit_csvlog_parser.hpp"

namespace phi {

Result<ParserFactory> MakePgauditCsvlogParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
