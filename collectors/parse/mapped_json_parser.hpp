// JSON lines in a foreign shape (format `json`), read through the source's field mapping: keys,
// or dotted paths into nested objects ("actor.id"), become canonical Event fields; keys the
// mapping does not name go to Event::extra when keep_unmapped is set.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// Values: strings as they are, numbers as written, booleans as true/false, null as absent (the
// rule's default applies). An object or array at a mapped key is an error. A record without a
// time stamp is an error. See field_mapping_apply.hpp for translation and defaults.
Result<ParserFactory> MakeMappedJsonParser(const ParserOptions& options);

}  // namespace phi
