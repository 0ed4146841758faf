// CSV exports with a header row (format `csv`), such as an EHR's access-log report, read through
// the source's field mapping: columns named in the header become canonical Event fields, the
// other columns go to Event::extra when keep_unmapped is set. Quoted fields may span lines.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// The header row decides the column positions, per file. A mapped column missing from the header
// is an error unless its rule has a default_value. A row with another number of fields than the
// header, a row before any header, and a row without a time stamp are errors; blank rows and a
// repeated header row are skipped. Header names and cells are matched with blanks trimmed.
Result<ParserFactory> MakeCsvExportParser(const ParserOptions& options);

}  // namespace phi
