#include "collectors/parse/csv_export_parser.hpp"

namespace phi {

Result<ParserFactory> MakeCsvExportParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
