// PostgreSQL's `log_line_prefix` (Debian's default "%m [%p] %q%u@%d "), compiled once into a list
// of literals and escapes and matched against the start of each stderr log line to recover the
// time, backend, session, user, database, client and application the server wrote there.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"

namespace phi {

// What one line's prefix held. Views point into the matched text; absent escapes stay empty.
struct PgPrefixFields {
  TimeMicros ts = 0;             // %m, %t or %n
  std::string_view pid;          // %p
  std::string_view session_id;   // %c
  std::string_view line_number;  // %l
  std::string_view user;         // %u ("[unknown]" kept; see PgKnownValue)
  std::string_view database;     // %d
  std::string_view client_host;  // %h, or the host part of %r; "[local]" becomes "local"
  std::string_view application;  // %a
  std::string_view sql_state;    // %e
};

// Immutable once compiled, so one instance is shared by every parser of a source.
//
// Escapes: %m %t %n (time), %p %l %x (numbers), %u %d %h %r %a %c %s %v %e %i %b %Q %P %L (text),
// %q (the rest is written only for session processes), %% and padding such as %-10u. A text escape
// ends where the literal after it starts, so two escapes need a literal between them; the last one
// may hold spaces (an application name) because the prefix's end is known from the severity.
class PgLogLinePrefix {
 public:
  // Validates `prefix` (unknown escapes, a missing time stamp, escapes that cannot be told apart).
  // Time stamps in a zone other than UTC/GMT or a numeric offset use `fallback_offset_seconds`.
  static Result<std::shared_ptr<const PgLogLinePrefix>> Compile(std::string_view prefix,
                                                                int32_t fallback_offset_seconds);

  // Matches all of `text` (a line up to where its severity, e.g. "LOG:", starts). On a mismatch
  // returns false with a reason that names the escape, never the line's content, and the column.
  bool Match(std::string_view text, PgPrefixFields& fields, std::string& reason,
             size_t& column) const;

 private:
  enum class Kind { kLiteral, kTime, kEpoch, kNumber, kText, kSessionOnly };
  struct Element {
    Kind kind = Kind::kLiteral;
    char escape = 0;            // the escape letter; 0 for literals
    bool padded = false;        // %-10u style: spaces around the value are padding
    std::string literal;        // kLiteral only
    bool milliseconds = false;  // kTime: %m has ".mmm"
    // kText: index of the literal that ends the value, or -1 when the value runs to the end.
    int stop_literal = -1;
  };

  PgLogLinePrefix() = default;
  bool MatchTime(std::string_view text, size_t& pos, const Element& e,
                 PgPrefixFields& fields) const;
  static void Store(const Element& e, std::string_view value, PgPrefixFields& fields);

  std::vector<Element> elements_;
  int32_t fallback_offset_seconds_ = 0;
};

}  // namespace phi
