#include "collectors/parse/mariadb_audit_parser.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <optional>

#include "collectors/parse/patient_extractor.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/common/utf8_cut.hpp"

namespace phi {
namespace {

// ---- Text helpers ----------------------------------------------------------------------------

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// `word` (upper case) at `pos`, case-insensitively, as a whole word.
bool WordAt(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Upper(s[pos + i]) != word[i]) return false;
  }
  if (pos > 0 && (IsAlpha(s[pos - 1]) || IsDigit(s[pos - 1]) || s[pos - 1] == '_')) return false;
  size_t end = pos + word.size();
  return end == s.size() || !(IsAlpha(s[end]) || IsDigit(s[end]) || s[end] == '_');
}

// Skips blanks, opening parentheses and comments; enters MySQL's executable comments
// (/*!40100 ... */, /*M!100100 ... */), whose text is part of the statement.
size_t SkipNoise(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    char c = s[pos];
    if (IsBlank(c) || c == '(') {
      ++pos;
    } else if (s.substr(pos, 2) == "/*") {
      size_t p = pos + 2;
      if (p < s.size() && s[p] == 'M') ++p;
      if (p < s.size() && s[p] == '!') {
        ++p;
        while (p < s.size() && IsDigit(s[p])) ++p;
        pos = p;
        continue;
      }
      size_t end = s.find("*/", pos + 2);
      if (end == std::string_view::npos) return s.size();
      pos = end + 2;
    } else if (c == '#' ||
               (s.substr(pos, 2) == "--" && (pos + 2 == s.size() || IsBlank(s[pos + 2])))) {
      size_t end = s.find('\n', pos);
      if (end == std::string_view::npos) return s.size();
      pos = end + 1;
    } else {
      break;
    }
  }
  return pos;
}

// Reads the SQL word at `pos` (after noise) into `word` and returns the position after it.
size_t NextWord(std::string_view s, size_t pos, std::string_view& word) {
  pos = SkipNoise(s, pos);
  size_t start = pos;
  while (pos < s.size() && (IsAlpha(s[pos]) || s[pos] == '_')) ++pos;
  word = s.substr(start, pos - start);
  return pos;
}

bool EqualsUpper(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Upper(word[i]) != upper[i]) return false;
  }
  return true;
}

// True when the statement writes its result to a server file (SELECT ... INTO OUTFILE|DUMPFILE).
// String literals and quoted identifiers are skipped.
bool IsIntoServerFile(std::string_view s) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      continue;
    }
    if ((c == 'i' || c == 'I') && WordAt(s, i, "INTO")) {
      size_t p = i + 4;
      while (p < s.size() && IsBlank(s[p])) ++p;
      if (WordAt(s, p, "OUTFILE") || WordAt(s, p, "DUMPFILE")) return true;
    }
  }
  return false;
}

// Undoes server_audit's escaping of a QUERY object: \' \\ \n \t \r. Any other backslash (and a
// last one left by the plugin's length cut) is kept as written.
void UnescapeObject(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\' || i + 1 == in.size()) {
      out += c;
      continue;
    }
    char next = in[i + 1];
    switch (next) {
      case '\'':
      case '\\':
        out += next;
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        out += c;
        out += next;
        break;
    }
    ++i;
  }
}

// ---- Time stamps -----------------------------------------------------------------------------

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

bool Number(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::optional<TimeMicros> Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi,
                                  int64_t s, int32_t offset) {
  if (!ValidDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return std::nullopt;
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return (days * 86400 + h * 3600 + mi * 60 + s - offset) * kMicrosPerSecond;
}

// "20240301 13:05:09" in local time.
std::optional<TimeMicros> ParseAuditTime(std::string_view s, int32_t offset) {
  int64_t y, mo, d, h, mi, sec;
  if (s.size() != 17 || s[8] != ' ' || s[11] != ':' || s[14] != ':' || !Number(s, 0, 4, y) ||
      !Number(s, 4, 2, mo) || !Number(s, 6, 2, d) || !Number(s, 9, 2, h) || !Number(s, 12, 2, mi) ||
      !Number(s, 15, 2, sec)) {
    return std::nullopt;
  }
  return Compose(y, mo, d, h, mi, sec, offset);
}

int64_t CivilYear(TimeMicros t) {
  int64_t secs = t >= 0 ? t / kMicrosPerSecond : (t - kMicrosPerSecond + 1) / kMicrosPerSecond;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t z = days + 719468;  // Howard Hinnant's civil_from_days, year only
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

// ---- The parser ------------------------------------------------------------------------------

struct AuditFields {
  std::string_view server_host, user, host, connection_id, query_id, operation, database, object,
      retcode;
  size_t object_column = 0;  // where `object` starts in the record, for errors
};

enum class Operation { kLogin, kFailedLogin, kLogout, kQuery, kTableRead, kTableWrite, kTableDdl };

bool Classify(std::string_view op, Operation& out) {
  if (op.starts_with("QUERY")) {  // QUERY, and QUERY_DDL / QUERY_DML / QUERY_DCL in some builds
    out = Operation::kQuery;
  } else if (op == "READ") {
    out = Operation::kTableRead;
  } else if (op == "WRITE") {
    out = Operation::kTableWrite;
  } else if (op == "CREATE" || op == "ALTER" || op == "DROP" || op == "RENAME") {
    out = Operation::kTableDdl;
  } else if (op == "CONNECT" || op == "CHANGEUSER" || op == "PROXY_CONNECT") {
    out = Operation::kLogin;
  } else if (op == "FAILED_CONNECT") {
    out = Operation::kFailedLogin;
  } else if (op == "DISCONNECT") {
    out = Operation::kLogout;
  } else {
    return false;
  }
  return true;
}

class MariadbAuditParser final : public RecordParser {
 public:
  MariadbAuditParser(const ParserOptions& options,
                     std::shared_ptr<const PatientExtractor> patient_extractor,
                     std::function<TimeMicros()> now)
      : patients_(std::move(patient_extractor)),
        now_(std::move(now)),
        record_type_default_(options.record_type_default),
        statement_max_bytes_(options.statement_max_bytes),
        utc_offset_seconds_(options.utc_offset_seconds) {}

  ParseOutcome Parse(std::string_view record, Event& event) override {
    return ParseRecord(record, false, event);
  }

  // A record cut inside its QUERY object (a statement of many kilobytes): the fields before
  // it are whole; the statement is what was read, the retcode is lost.
  ParseOutcome ParseCut(std::string_view record, Event& event) override {
    return ParseRecord(record, true, event);
  }

 private:
  ParseOutcome ParseRecord(std::string_view record, bool cut, Event& event) {
    while (!record.empty() && IsBlank(record.back())) record.remove_suffix(1);
    if (record.empty()) return ParseOutcome::Skip();

    size_t payload = 0;  // where serverhost starts
    ParseOutcome outcome = IsDigit(record[0]) && record.size() > 8 && record[8] == ' '
                               ? ParseFileHeader(record, event, payload)
                               : ParseSyslogHeader(record, event, payload);
    if (outcome.code != ParseCode::kEvent) return outcome;

    AuditFields f;
    outcome = SplitFields(record, payload, cut, f);
    if (outcome.code != ParseCode::kEvent) return outcome;
    return Fill(record, f, cut, event);
  }

  // "YYYYMMDD HH:MM:SS," then the fields.
  ParseOutcome ParseFileHeader(std::string_view record, Event& event, size_t& payload) {
    size_t comma = record.find(',');
    std::optional<TimeMicros> ts;
    if (comma != std::string_view::npos) {
      ts = ParseAuditTime(record.substr(0, comma), utc_offset_seconds_);
    }
    if (!ts) return ParseOutcome::Error("expected a time stamp YYYYMMDD HH:MM:SS and a comma", 0);
    event.ts = *ts;
    payload = comma + 1;
    return ParseOutcome::Event();
  }

  // "<PRI>Mon dd hh:mm:ss host ident: [info ]" (PRI and host optional), or an RFC 3339 time
  // stamp in place of "Mon dd hh:mm:ss" (rsyslog's precise format).
  ParseOutcome ParseSyslogHeader(std::string_view record, Event& event, size_t& payload) {
    size_t pos = 0;
    if (record[0] == '<') {
      size_t close = record.find('>');
      if (close == std::string_view::npos || close < 2 || close > 4 ||
          !AllDigits(record.substr(1, close - 1))) {
        return ParseOutcome::Error("expected a syslog priority <N>", 0);
      }
      pos = close + 1;
    }
    size_t space = record.find(' ', pos);
    if (space != std::string_view::npos && space - pos > 10 && record[pos + 4] == '-') {
      std::optional<TimeMicros> ts =
          ParseIsoTime(record.substr(pos, space - pos), utc_offset_seconds_);
      if (!ts) return ParseOutcome::Error("invalid RFC 3339 syslog time stamp", pos);
      event.ts = *ts;
      pos = space + 1;
    } else {
      std::optional<TimeMicros> ts = ParseBsdTime(record, pos);
      if (!ts) {
        return ParseOutcome::Error(
            "expected YYYYMMDD HH:MM:SS or a syslog header (<PRI>Mon dd hh:mm:ss)", pos);
      }
      event.ts = *ts;
    }
    // The tag ends with ": "; the payload is the word holding the first comma after it.
    size_t tag_end = record.find(": ", pos);
    if (tag_end == std::string_view::npos) {
      return ParseOutcome::Error("syslog line without a program tag ('ident: ')", pos);
    }
    size_t body = tag_end + 2;
    size_t comma = record.find(',', body);
    if (comma == std::string_view::npos) {
      return ParseOutcome::Error("expected server_audit fields after the syslog tag", body);
    }
    size_t word = record.rfind(' ', comma);
    payload = word == std::string_view::npos || word < body ? body : word + 1;
    return ParseOutcome::Event();
  }

  // "Mon dd hh:mm:ss " at `pos` (day space-padded); advances `pos` past it. The year is the
  // latest one that does not put the time more than a week after now.
  std::optional<TimeMicros> ParseBsdTime(std::string_view s, size_t& pos) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    if (pos + 16 > s.size() || s[pos + 3] != ' ' || s[pos + 6] != ' ' || s[pos + 9] != ':' ||
        s[pos + 12] != ':' || s[pos + 15] != ' ') {
      return std::nullopt;
    }
    int64_t month = 0;
    for (size_t m = 0; m < kMonths.size(); ++m) {
      if (EqualsUpper(s.substr(pos, 3), kMonths[m])) month = static_cast<int64_t>(m) + 1;
    }
    int64_t day, h, mi, sec;
    bool padded = s[pos + 4] == ' ';
    if (month == 0 || !Number(s, pos + (padded ? 5 : 4), padded ? 1 : 2, day) ||
        !Number(s, pos + 7, 2, h) || !Number(s, pos + 10, 2, mi) || !Number(s, pos + 13, 2, sec)) {
      return std::nullopt;
    }
    const TimeMicros now = now_();
    const TimeMicros week = 7 * 86400 * kMicrosPerSecond;
    int64_t year = CivilYear(now + int64_t{utc_offset_seconds_} * kMicrosPerSecond);
    std::optional<TimeMicros> t = Compose(year, month, day, h, mi, sec, utc_offset_seconds_);
    if (!t || *t > now + week) {
      t = Compose(year - 1, month, day, h, mi, sec, utc_offset_seconds_);
    }
    if (t) pos += 16;
    return t;
  }

  // serverhost,username,host,connectionid,queryid,operation,database,object,retcode
  ParseOutcome SplitFields(std::string_view record, size_t pos, bool cut, AuditFields& f) {
    std::array<std::string_view*, 7> leading = {
        &f.server_host, &f.user, &f.host, &f.connection_id, &f.query_id, &f.operation, &f.database};
    for (size_t i = 0; i < leading.size(); ++i) {
      size_t comma = record.find(',', pos);
      if (comma == std::string_view::npos) {
        return ParseOutcome::Error(
            "expected 9 comma-separated fields after the time stamp, found " +
                std::to_string(i + 1),
            pos);
      }
      *leading[i] = record.substr(pos, comma - pos);
      pos = comma + 1;
    }
    size_t last = cut ? record.size() : record.rfind(',');
    if (cut) {
      f.object = record.substr(pos);
      f.object_column = pos;
    } else if (last < pos) {
      return ParseOutcome::Error(
          "expected 9 comma-separated fields after the time stamp, found 8 (no retcode)", pos);
    }
    if (!cut) {
      f.object = record.substr(pos, last - pos);
      f.object_column = pos;
      f.retcode = record.substr(last + 1);
      if (!AllDigits(f.retcode) || f.retcode.size() > 9) {
        return ParseOutcome::Error("retcode (last field) is not a number", last + 1);
      }
    }
    if (f.connection_id.empty() || !AllDigits(f.connection_id) || f.query_id.empty() ||
        !AllDigits(f.query_id)) {
      size_t column = static_cast<size_t>(f.connection_id.data() - record.data());
      return ParseOutcome::Error("connectionid and queryid must be numbers", column);
    }
    return ParseOutcome::Event();
  }

  ParseOutcome Fill(std::string_view record, const AuditFields& f, bool cut, Event& event) {
    Operation op;
    if (!Classify(f.operation, op)) {
      return ParseOutcome::Error(
          "unknown server_audit operation (expected CONNECT, DISCONNECT, FAILED_CONNECT, QUERY, "
          "READ, WRITE, CREATE, ALTER, DROP or RENAME)",
          static_cast<size_t>(f.operation.data() - record.data()));
    }
    const bool failed = op == Operation::kFailedLogin || (!f.retcode.empty() && f.retcode != "0");
    event.user.assign(f.user);
    event.client_ip.assign(f.host);
    event.outcome.assign(failed ? "failure" : "success");
    event.event_id.assign(f.connection_id);
    event.event_id += ':';
    event.event_id.append(f.query_id);

    switch (op) {
      case Operation::kLogin:
      case Operation::kFailedLogin:
        event.action.assign("login");
        break;
      case Operation::kLogout:
        event.action.assign("logout");
        break;
      case Operation::kTableRead:
      case Operation::kTableWrite:
      case Operation::kTableDdl:
        event.action.assign(op == Operation::kTableRead    ? "query"
                            : op == Operation::kTableWrite ? "update"
                                                           : "ddl");
        if (!f.database.empty()) {
          event.record_type.assign(f.database);
          event.record_type += '.';
        }
        event.record_type.append(f.object);
        break;
      case Operation::kQuery: {
        std::string_view object = f.object;
        if (cut && !object.empty() && object.front() == '\'') {
          object = object.substr(1);  // its closing quote was never read
        } else if (object.size() >= 2 && object.front() == '\'' && object.back() == '\'') {
          object = object.substr(1, object.size() - 2);
        } else if (!object.empty() && object.front() == '\'') {
          return ParseOutcome::Error("unterminated quoted QUERY object", f.object_column);
        }
        UnescapeObject(object, statement_);
        event.action.assign(MariadbStatementAction(statement_));
        event.statement.assign(CutUtf8(statement_, statement_max_bytes_));
        if (patients_) event.patient.assign(patients_->Extract(statement_));
        break;
      }
    }
    if (event.record_type.empty()) event.record_type.assign(record_type_default_);

    bool first = event.extra.empty();
    AppendJsonMember("server_host", f.server_host, first, event.extra);
    if (!f.database.empty()) AppendJsonMember("database", f.database, first, event.extra);
    AppendJsonMember("operation", f.operation, first, event.extra);
    if (failed && !f.retcode.empty() && f.retcode != "0") {
      int64_t code = 0;
      std::from_chars(f.retcode.data(), f.retcode.data() + f.retcode.size(), code);
      AppendJsonMember("error_code", code, first, event.extra);
    }
    return ParseOutcome::Event();
  }

  std::shared_ptr<const PatientExtractor> patients_;  // null: no patient_pattern
  std::function<TimeMicros()> now_;
  std::string record_type_default_;
  size_t statement_max_bytes_;
  int32_t utc_offset_seconds_;
  std::string statement_;  // the unescaped QUERY object, reused
};

TimeMicros SystemNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view MariadbStatementAction(std::string_view statement) {
  std::string_view verb;
  size_t pos = NextWord(statement, 0, verb);
  auto is = [&](std::string_view upper) { return EqualsUpper(verb, upper); };
  if (is("SELECT")) return IsIntoServerFile(statement) ? "export" : "query";
  if (is("WITH") || is("TABLE") || is("VALUES") || is("SHOW") || is("DESCRIBE") || is("DESC") ||
      is("EXPLAIN") || is("HANDLER")) {
    return IsIntoServerFile(statement) ? "export" : "query";
  }
  if (is("INSERT") || is("REPLACE") || is("LOAD")) return "create";
  if (is("UPDATE")) return "update";
  if (is("DELETE") || is("TRUNCATE")) return "delete";
  if (is("GRANT") || is("REVOKE")) return "role";
  if (is("CALL") || is("DO") || is("EXECUTE")) return "execute";
  if (is("SET")) {
    std::string_view what;
    NextWord(statement, pos, what);
    if (EqualsUpper(what, "PASSWORD") || EqualsUpper(what, "ROLE") ||
        EqualsUpper(what, "DEFAULT")) {
      return "role";
    }
    return "misc";
  }
  if (is("CREATE") || is("ALTER") || is("DROP") || is("RENAME")) {
    std::string_view object;
    pos = NextWord(statement, pos, object);
    if (EqualsUpper(object, "OR")) {  // CREATE OR REPLACE USER
      pos = NextWord(statement, pos, object);
      pos = NextWord(statement, pos, object);
    }
    if (EqualsUpper(object, "USER") || EqualsUpper(object, "ROLE")) return "role";
    return "ddl";
  }
  return "misc";
}

Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions& options) {
  return MakeMariadbAuditParser(options, SystemNow);
}

Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions& options,
                                             std::function<TimeMicros()> now) {
  if (options.utc_offset_seconds <= -24 * 3600 || options.utc_offset_seconds >= 24 * 3600) {
    return Status::Invalid("mariadb-audit: utc_offset_seconds must be within +/-24 hours");
  }
  std::shared_ptr<const PatientExtractor> patients;
  if (!options.patient_pattern.empty()) {
    auto compiled = PatientExtractor::Compile(options.patient_pattern);
    if (!compiled.ok()) return Status::Invalid("mariadb-audit: " + compiled.status().message());
    patients = compiled.value();
  }
  if (!now) return Status::Invalid("mariadb-audit: no clock");
  return ParserFactory([options, patients, now] {
    return std::make_unique<MariadbAuditParser>(options, patients, now);
  });
}

}  // namespace phi
