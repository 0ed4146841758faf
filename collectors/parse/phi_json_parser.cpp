#include "collectors/parse/phi_json_parser.hpp"

namespace phi {

Result<ParserFactory> MakePhiJsonParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
