#include "collectors/parse/pgaudit_action.hpp"

namespace phi {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// True when `word` stands at `pos` as a whole word (no identifier characters around it).
bool WordAt(std::string_view text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  if (!EqualsNoCase(text.substr(pos, word.size()), word)) return false;
  if (pos > 0 && IsWordChar(text[pos - 1])) return false;
  size_t end = pos + word.size();
  return end == text.size() || !IsWordChar(text[end]);
}

}  // namespace

bool IsCopyToStatement(std::string_view statement) {
  size_t pos = 0;
  while (pos < statement.size() && IsBlank(statement[pos])) ++pos;
  if (!WordAt(statement, pos, "copy")) return false;
  // Quoted identifiers and string literals could hold the word TO; skip them.
  char quote = 0;
  for (size_t i = pos + 4; i < statement.size(); ++i) {
    char c = statement[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if ((c == 't' || c == 'T') && WordAt(statement, i, "to")) return true;
  }
  return false;
}

std::string_view PgauditAction(std::string_view audit_class, std::string_view command,
                               std::string_view statement) {
  if (EqualsNoCase(audit_class, "READ")) {
    if (EqualsNoCase(command, "COPY") || IsCopyToStatement(statement)) return "export";
    return "query";
  }
  if (EqualsNoCase(audit_class, "WRITE")) {
    if (EqualsNoCase(command, "INSERT") || EqualsNoCase(command, "COPY")) return "create";
    if (EqualsNoCase(command, "UPDATE")) return "update";
    if (EqualsNoCase(command, "DELETE") || EqualsNoCase(command, "TRUNCATE TABLE") ||
        EqualsNoCase(command, "TRUNCATE")) {
      return "delete";
    }
    return "write";
  }
  if (EqualsNoCase(audit_class, "DDL")) return "ddl";
  if (EqualsNoCase(audit_class, "ROLE")) return "role";
  if (EqualsNoCase(audit_class, "FUNCTION")) return "execute";
  return "misc";
}

}  // namespace phi
