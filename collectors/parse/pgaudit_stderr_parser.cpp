#include "collectors/parse/pgaudit_stderr_parser.hpp"

namespace phi {

Result<ParserFactory> MakePgauditStderrParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
