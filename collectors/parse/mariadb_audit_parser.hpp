// PLACEHOLDER: replaced by the real parser.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions& options);

}  // namespace phi
