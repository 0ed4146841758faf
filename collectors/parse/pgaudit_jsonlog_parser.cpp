#include "collectors/parse/pgaudit_jsonlog_parser.hpp"

namespace phi {

Result<ParserFactory> MakePgauditJsonlogParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
