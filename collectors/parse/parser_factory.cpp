#include "collectors/parse/parser_factory.hpp"

#include <string_view>

#include "collectors/parse/csv_export_parser.hpp"
#include "collectors/parse/mapped_json_parser.hpp"
#include "collectors/parse/mariadb_audit_parser.hpp"
#include "collectors/parse/pgaudit_csvlog_parser.hpp"
#include "collectors/parse/pgaudit_jsonlog_parser.hpp"
#include "collectors/parse/pgaudit_stderr_parser.hpp"
#include "collectors/parse/phi_json_parser.hpp"

namespace phi {

const char* KnownFormats() {
  return "phi-json, json, csv, pgaudit-stderr, pgaudit-csvlog, pgaudit-jsonlog, mariadb-audit";
}

Result<ParserFactory> MakeParserFactory(const ParserOptions& options) {
  std::string_view f = options.format;
  if (f == "phi-json") return MakePhiJsonParser(options);
  if (f == "json") return MakeMappedJsonParser(options);
  if (f == "csv") return MakeCsvExportParser(options);
  if (f == "pgaudit-stderr") return MakePgauditStderrParser(options);
  if (f == "pgaudit-csvlog") return MakePgauditCsvlogParser(options);
  if (f == "pgaudit-jsonlog") return MakePgauditJsonlogParser(options);
  if (f == "mariadb-audit") return MakeMariadbAuditParser(options);
  return Status::Invalid("unknown format '" + options.format + "' (expected one of " +
                         KnownFormats() + ")");
}

}  // namespace phi
