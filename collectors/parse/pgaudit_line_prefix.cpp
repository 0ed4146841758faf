#include "collectors/parse/pgaudit_line_prefix.hpp"

#include "collectors/parse/pgaudit_log_fields.hpp"

namespace phi {
namespace {

constexpr std::string_view kTextEscapes = "udhracsveibQPL";
constexpr std::string_view kNumberEscapes = "plx";

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsZoneChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '+' || c == '-';
}

void SkipSpaces(std::string_view text, size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string Escape(char c) {
  return std::string("%") + c;
}

}  // namespace

Result<std::shared_ptr<const PgLogLinePrefix>> PgLogLinePrefix::Compile(
    std::string_view prefix, int32_t fallback_offset_seconds) {
  std::shared_ptr<PgLogLinePrefix> compiled(new PgLogLinePrefix());
  compiled->fallback_offset_seconds_ = fallback_offset_seconds;
  auto& elements = compiled->elements_;
  auto append_literal = [&](char c) {
    if (elements.empty() || elements.back().kind != Kind::kLiteral) elements.emplace_back();
    elements.back().literal += c;
  };
  bool has_time = false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] != '%') {
      append_literal(prefix[i]);
      continue;
    }
    size_t start = i++;
    bool padded = false;
    if (i < prefix.size() && prefix[i] == '-') {
      padded = true;
      ++i;
    }
    while (i < prefix.size() && IsDigit(prefix[i])) {
      padded = true;
      ++i;
    }
    if (i >= prefix.size()) {
      return Status::Invalid("log_line_prefix: '%' at column " + std::to_string(start) +
                             " is not followed by an escape letter");
    }
    char c = prefix[i];
    if (c == '%') {
      append_literal('%');
      continue;
    }
    Element e;
    e.escape = c;
    e.padded = padded;
    if (c == 'm' || c == 't' || c == 's') {
      e.kind = Kind::kTime;
      e.milliseconds = c == 'm';
      has_time = has_time || c != 's';
    } else if (c == 'n') {
      e.kind = Kind::kEpoch;
      has_time = true;
    } else if (c == 'q') {
      e.kind = Kind::kSessionOnly;
    } else if (kNumberEscapes.find(c) != std::string_view::npos && !padded) {
      e.kind = Kind::kNumber;
    } else if (kTextEscapes.find(c) != std::string_view::npos ||
               kNumberEscapes.find(c) != std::string_view::npos) {
      e.kind = Kind::kText;
    } else {
      return Status::Invalid("log_line_prefix: unknown escape " + Escape(c) + " at column " +
                             std::to_string(start) +
                             " (known: %a %u %d %r %h %L %b %p %P %t %m %n %i %e %c %l %s %v %x "
                             "%q %Q %%)");
    }
    elements.push_back(std::move(e));
  }
  if (!has_time) {
    return Status::Invalid(
        "log_line_prefix: no time stamp escape (%m, %t or %n); events need the time the server "
        "wrote");
  }
  // A text value ends where the next literal starts; without a literal the end is unknowable.
  for (size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].kind != Kind::kText) continue;
    size_t j = i + 1;
    while (j < elements.size() && elements[j].kind == Kind::kSessionOnly) ++j;
    if (j == elements.size()) continue;
    if (elements[j].kind != Kind::kLiteral) {
      return Status::Invalid("log_line_prefix: " + Escape(elements[i].escape) +
                             " is followed directly by " + Escape(elements[j].escape) +
                             "; put a literal (such as a space) between them");
    }
    elements[i].stop_literal = static_cast<int>(j);
  }
  return std::shared_ptr<const PgLogLinePrefix>(std::move(compiled));
}

void PgLogLinePrefix::Store(const Element& e, std::string_view value, PgPrefixFields& fields) {
  switch (e.escape) {
    case 'p':
      fields.pid = value;
      break;
    case 'l':
      fields.line_number = value;
      break;
    case 'c':
      fields.session_id = value;
      break;
    case 'u':
      fields.user = value;
      break;
    case 'd':
      fields.database = value;
      break;
    case 'h':
      fields.client_host = PgClientHost(value);
      break;
    case 'r':
      if (fields.client_host.empty()) fields.client_host = PgClientHostFromRemote(value);
      break;
    case 'a':
      fields.application = value;
      break;
    case 'e':
      fields.sql_state = value;
      break;
    default:
      break;
  }
}

bool PgLogLinePrefix::MatchTime(std::string_view text, size_t& pos, const Element& e,
                                PgPrefixFields& fields) const {
  // "2023-02-03 20:29:44.139 GMT": 19 characters, ".mmm" for %m, then a space and the zone.
  size_t end = pos + 19 + (e.milliseconds ? 4 : 0);
  if (end > text.size()) return false;
  if (end < text.size() && text[end] == ' ') {
    size_t zone = end + 1;
    while (zone < text.size() && IsZoneChar(text[zone])) ++zone;
    if (zone > end + 1) end = zone;
  }
  auto ts = ParsePgTimestamp(text.substr(pos, end - pos), fallback_offset_seconds_);
  if (!ts) return false;
  if (e.escape != 's') fields.ts = *ts;
  pos = end;
  return true;
}

bool PgLogLinePrefix::Match(std::string_view text, PgPrefixFields& fields, std::string& reason,
                            size_t& column) const {
  size_t pos = 0;
  auto fail = [&](std::string why) {
    reason = "log_line_prefix: " + std::move(why);
    column = pos;
    return false;
  };
  for (size_t i = 0; i < elements_.size(); ++i) {
    const Element& e = elements_[i];
    if (e.padded) SkipSpaces(text, pos);
    switch (e.kind) {
      case Kind::kLiteral:
        if (text.substr(pos, e.literal.size()) != e.literal) {
          return fail("expected the literal '" + e.literal + "'");
        }
        pos += e.literal.size();
        break;
      case Kind::kSessionOnly:
        if (pos == text.size()) return true;  // a process without a session stops here
        break;
      case Kind::kTime:
        if (!MatchTime(text, pos, e, fields)) {
          return fail(Escape(e.escape) + " is not a time stamp like '2023-02-03 20:29:44" +
                      (e.milliseconds ? ".139" : "") + " GMT'");
        }
        break;
      case Kind::kEpoch: {
        size_t end = pos;
        while (end < text.size() && (IsDigit(text[end]) || text[end] == '.')) ++end;
        auto ts = ParsePgEpochTimestamp(text.substr(pos, end - pos));
        if (!ts) return fail("%n is not an epoch time stamp like '1675456184.139'");
        fields.ts = *ts;
        pos = end;
        break;
      }
      case Kind::kNumber: {
        size_t end = pos;
        while (end < text.size() && IsDigit(text[end])) ++end;
        if (end == pos) return fail(Escape(e.escape) + " is not a number");
        Store(e, text.substr(pos, end - pos), fields);
        pos = end;
        break;
      }
      case Kind::kText: {
        size_t end = text.size();
        if (e.stop_literal >= 0) {
          const std::string& stop = elements_[static_cast<size_t>(e.stop_literal)].literal;
          if (static_cast<size_t>(e.stop_literal) + 1 == elements_.size()) {
            // The prefix's last literal: the value may hold it (an application name with spaces).
            if (text.size() < pos + stop.size() || text.substr(text.size() - stop.size()) != stop) {
              return fail("expected the literal '" + stop + "' after " + Escape(e.escape));
            }
            end = text.size() - stop.size();
          } else {
            end = text.find(stop, pos);
            if (end == std::string_view::npos) {
              return fail("expected the literal '" + stop + "' after " + Escape(e.escape));
            }
          }
        }
        std::string_view value = text.substr(pos, end - pos);
        Store(e, e.padded ? TrimSpaces(value) : value, fields);
        pos = end;
        break;
      }
    }
  }
  if (pos != text.size()) return fail("unexpected text after the prefix");
  return true;
}

}  // namespace phi
