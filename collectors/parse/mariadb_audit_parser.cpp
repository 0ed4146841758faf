#include "collectors/parse/mariadb_audit_parser.hpp"

namespace phi {

Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions&) {
  return Status::Invalid("format not built yet");
}

}  // namespace phi
