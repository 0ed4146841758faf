// Makes untrusted text safe to print on a terminal: phi-auditctl's tables show workstation names,
// statements and file paths that came from audit logs, and a crafted value must not be able to
// move the cursor, clear the screen or retitle the reviewer's terminal.
#pragma once

#include <string>
#include <string_view>

namespace phi {

// Appends `value` with every control character rendered visibly instead of raw: C0 controls
// (ESC as \x1b, CR as \r, LF as \n, TAB as \t), DEL as \x7f, C1 controls (U+0080..U+009F) as
// \u009b, the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) that can
// reorder what is shown, and bytes that are not well-formed UTF-8 as \xNN. Everything else,
// including other non-ASCII text, is kept as it is.
void AppendTerminalSafe(std::string_view value, std::string& out);
std::string TerminalSafe(std::string_view value);

}  // namespace phi
