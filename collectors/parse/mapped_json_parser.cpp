#include "collectors/parse/mapped_json_parser.hpp"

namespace phi {

Result<ParserFactory> MakeMappedJsonParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
