// Turns ParserOptions into a factory of per-file parsers, validating the options once (unknown
// format, bad regex, bad log_line_prefix) so a bad configuration fails at start-up with a reason.
#pragma once

#include <functional>
#include <memory>

#include "collectors/parse/parser_options.hpp"
#include "collectors/parse/record_parser.hpp"
#include "daemon/common/status.hpp"

namespace phi {

using ParserFactory = std::function<std::unique_ptr<RecordParser>()>;

Result<ParserFactory> MakeParserFactory(const ParserOptions& options);

// The format names MakeParserFactory accepts, for error messages and documentation.
const char* KnownFormats();

}  // namespace phi
