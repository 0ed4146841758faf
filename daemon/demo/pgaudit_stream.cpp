// Synthetic pgaudit records (see pgaudit_stream.hpp). Quoting follows the real code paths:
// pgaudit's append_valid_csv quotes the statement and parameter list only when they hold a comma,
// quote, CR or LF; csvlog then quotes the whole message; stderr indents continuation lines.
#include "daemon/demo/pgaudit_stream.hpp"

#include <array>

namespace phi::demo {
namespace {

constexpr int kConcurrentSessions = 16;

// pgaudit's append_valid_csv.
void AppendPgauditCsv(std::string_view value, std::string& out) {
  AppendCsvField(value, out);
}

void AppendHex(uint64_t value, std::string& out) {
  char buf[16];
  int n = 0;
  do {
    buf[n++] = "0123456789abcdef"[value & 15];
    value >>= 4;
  } while (value != 0);
  while (n > 0) out += buf[--n];
}

struct StatementKind {
  const char* audit_class;  // READ, WRITE
  const char* command;      // SELECT, UPDATE, INSERT
  const char* object;       // public.patients
  const char* tag;          // csvlog command_tag
  int weight;               // per mille
};

constexpr std::array<StatementKind, 7> kKinds = {{
    {"READ", "SELECT", "public.patients", "BIND", 400},
    {"READ", "SELECT", "public.patients", "SELECT", 180},
    {"READ", "SELECT", "public.notes", "BIND", 140},
    {"WRITE", "UPDATE", "public.patients", "UPDATE", 80},
    {"WRITE", "INSERT", "public.notes", "INSERT", 60},
    {"READ", "SELECT", "public.lab_results", "BIND", 138},
    {"READ", "SELECT", "public.patients", "SELECT", 2},  // no patient filter: a bulk read
}};

constexpr std::string_view kNoteBodies[] = {
    "Seen today, stable; plan unchanged.", "Follow-up in 2 weeks.",
    "Discussed results with patient, questions answered.", "Medication reconciled."};

}  // namespace

PgauditStream::PgauditStream(Shape shape, SyntheticAccessSource& source)
    : shape_(shape),
      source_(source),
      sessions_(kConcurrentSessions),
      log_time_(TimeLayout::kPostgres),
      start_time_(TimeLayout::kPostgresSeconds) {
  for (size_t i = 0; i < sessions_.size(); ++i) sessions_[i].backend = static_cast<uint32_t>(i + 3);
}

void PgauditStream::AppendHead(Session& s, TimeMicros t, bool authenticated,
                               std::string_view command_tag, std::string_view severity,
                               std::string_view sql_state, uint32_t xid, std::string& out) {
  ++s.line;
  if (shape_ == Shape::kStderr) {
    log_time_.Append(t, out);
    out += " [";
    AppendDecimal(s.pid, out);
    out += "] ";
    if (authenticated) {
      out += s.user_id;
      out += "@ehr ";
    } else {
      out += "[unknown]@[unknown] ";
    }
    out += severity;
    out += ":  ";
    return;
  }
  log_time_.Append(t, out);
  if (authenticated) {
    out += ",\"";
    out += s.user_id;
    out += "\",\"ehr\",";
  } else {
    out += ",,,";
  }
  AppendDecimal(s.pid, out);
  out += ",\"";
  out += s.client_ip;
  out += ':';
  AppendDecimal(s.port, out);
  out += "\",";
  out += s.session_id;
  out += ',';
  AppendDecimal(s.line, out);
  out += ",\"";
  out += command_tag;
  out += "\",";
  out += s.start_text;
  out += ',';
  if (authenticated) {
    AppendDecimal(s.backend, out);
    out += '/';
    AppendDecimal(++s.local_xid, out);
  }
  out += ',';
  AppendDecimal(xid, out);
  out += ',';
  out += severity;
  out += ',';
  out += sql_state;
  out += ',';
}

void PgauditStream::AppendMessage(std::string_view text, std::string& out) {
  // csvlog doubles quotes inside a quoted field; stderr indents continuation lines with a TAB.
  const bool csv = shape_ == Shape::kCsvlog;
  const char special = csv ? '"' : '\n';
  if (csv) out += '"';
  for (size_t pos = 0;;) {
    size_t hit = text.find(special, pos);
    if (hit == std::string_view::npos) {
      out.append(text.data() + pos, text.size() - pos);
      break;
    }
    out.append(text.data() + pos, hit + 1 - pos);
    out += csv ? '"' : '\t';
    pos = hit + 1;
  }
  if (csv) out += '"';
}

void PgauditStream::AppendCsvTail(const Session& s, bool authenticated, std::string& out) {
  out += ",,,,,,,,,\"";
  if (authenticated && s.line > 3) out += s.application;
  out += authenticated ? "\",\"client backend\",,0\n" : "\",\"not initialized\",,0\n";
}

void PgauditStream::AppendLogRecord(Session& s, TimeMicros t, bool authenticated,
                                    std::string_view command_tag, uint32_t xid, std::string& out) {
  AppendHead(s, t, authenticated, command_tag, "LOG", "00000", xid, out);
  AppendMessage(message_, out);
  if (shape_ == Shape::kCsvlog) {
    AppendCsvTail(s, authenticated, out);
  } else {
    out += '\n';
  }
}

int PgauditStream::OpenSession(Session& s, TimeMicros t, std::string& out) {
  DemoRandom& rng = source_.rng();
  s.pid = next_pid_;
  next_pid_ += static_cast<uint32_t>(rng.Between(1, 40));
  if (next_pid_ > 4'000'000) next_pid_ = 20000;
  s.user = source_.RandomUser();
  s.user_id.clear();
  AppendUserId(s.user, s.user_id);
  s.client_ip = "10.";
  AppendDecimal(16 + s.user % 6, s.client_ip);
  s.client_ip += '.';
  AppendDecimal(1 + s.user / 250 % 250, s.client_ip);
  s.client_ip += '.';
  AppendDecimal(2 + s.user % 250, s.client_ip);
  s.port = static_cast<uint32_t>(rng.Between(32768, 60999));
  s.start_text.clear();
  start_time_.Append(t, s.start_text);
  s.session_id.clear();
  AppendHex(static_cast<uint64_t>(t / kMicrosPerSecond), s.session_id);
  s.session_id += '.';
  AppendHex(s.pid, s.session_id);
  s.line = 0;
  s.local_xid = static_cast<uint32_t>(rng.Between(1, 60));
  s.statement = 0;
  s.remaining = static_cast<int>(rng.Between(5, 200));
  static constexpr const char* kApps[] = {"ehr-web", "ehr-web", "ehr-web", "ehr-api", "ehr-batch"};
  s.application = kApps[rng.Below(5)];

  message_.clear();
  message_ += "connection received: host=";
  message_ += s.client_ip;
  message_ += " port=";
  AppendDecimal(s.port, message_);
  AppendLogRecord(s, t, false, "", 0, out);

  message_.clear();
  message_ += "connection authenticated: identity=\"";
  message_ += s.user_id;
  message_ += "\" method=scram-sha-256 (/etc/postgresql/15/main/pg_hba.conf:98)";
  AppendLogRecord(s, source_.NextTime(), true, "authentication", 0, out);

  message_.clear();
  message_ += "connection authorized: user=";
  message_ += s.user_id;
  message_ += " database=ehr application_name=";
  message_ += s.application;
  AppendLogRecord(s, source_.NextTime(), true, "authentication", 0, out);
  return 3;
}

int PgauditStream::AppendAccess(std::string& out) {
  DemoRandom& rng = source_.rng();
  TimeMicros t = source_.NextTime();
  Session& s = sessions_[rng.Below(kConcurrentSessions)];
  int records = 0;
  if (s.remaining <= 0) {
    records += OpenSession(s, t, out);
    t = source_.NextTime();
  }
  --s.remaining;

  std::array<int, kKinds.size()> weights;
  for (size_t i = 0; i < kKinds.size(); ++i) weights[i] = kKinds[i].weight;
  const size_t kind_index = rng.Weighted(weights);
  const StatementKind& kind = kKinds[kind_index];
  std::string mrn;
  AppendMrn(source_.PickMrn(s.user), mrn);

  statement_.clear();
  params_.clear();
  bool bound = true;
  switch (kind_index) {
    case 0:
      statement_ = "SELECT mrn, name, dob, address FROM patients WHERE mrn = $1;";
      params_ = mrn;
      break;
    case 1:
      statement_ = "SELECT name, dob FROM patients WHERE mrn = '" + mrn + "';";
      bound = false;
      break;
    case 2:
      statement_ =
          "SELECT n.note_id, n.created_at, n.body\nFROM notes n\nWHERE n.mrn = $1\n"
          "ORDER BY n.created_at DESC\nLIMIT 20;";
      params_ = mrn;
      break;
    case 3: {
      statement_ = "UPDATE patients SET address = $1 WHERE mrn = $2;";
      std::string address;
      AppendDecimal(static_cast<uint64_t>(rng.Between(1, 2999)), address);
      address += ' ';
      address += rng.Pick(Streets());
      if (rng.Chance(0.3)) address += ", Apt " + std::to_string(rng.Between(1, 40));
      AppendPgauditCsv(address, params_);
      params_ += ',';
      params_ += mrn;
      break;
    }
    case 4:
      statement_ = "INSERT INTO notes (mrn, author, body)\nVALUES ($1, $2, $3);";
      params_ = mrn + "," + s.user_id + ",";
      AppendPgauditCsv(rng.Pick(std::span<const std::string_view>(kNoteBodies)), params_);
      break;
    case 5:
      statement_ =
          "SELECT test, value, resulted_at FROM lab_results WHERE mrn = $1 AND resulted_at > "
          "now() - interval '30 days';";
      params_ = mrn;
      break;
    default:
      statement_ = "SELECT mrn, name, dob FROM patients ORDER BY mrn;";
      bound = false;
  }
  uint32_t xid = kind.audit_class[0] == 'W' ? next_xid_++ : 0;

  if (rng.Chance(0.002)) {  // the role lacks the privilege: ERROR, statement in its own field
    if (bound) statement_ = "SELECT name, dob FROM patients WHERE mrn = '" + mrn + "';";
    std::string_view table = kind.object + 7;  // without "public."
    message_ = "permission denied for table ";
    message_ += table;
    AppendHead(s, t, true, "SELECT", "ERROR", "42501", 0, out);
    AppendMessage(message_, out);
    if (shape_ == Shape::kCsvlog) {
      out += ",,,,,,";
      AppendMessage(statement_, out);
      out += ",,,\"";
      out += s.application;
      out += "\",\"client backend\",,0\n";
    } else {
      out += "\n";
      AppendHead(s, t, true, "", "STATEMENT", "", 0, out);
      AppendMessage(statement_, out);
      out += '\n';
      --s.line;  // one log record, two stderr lines
    }
    return records + 1;
  }

  message_ = "AUDIT: SESSION,";
  AppendDecimal(++s.statement, message_);
  message_ += ",1,";
  message_ += kind.audit_class;
  message_ += ',';
  message_ += kind.command;
  message_ += ",TABLE,";
  message_ += kind.object;
  message_ += ',';
  AppendPgauditCsv(statement_, message_);
  message_ += ',';
  if (bound) {
    AppendPgauditCsv(params_, message_);
  } else {
    message_ += "<none>";
  }
  AppendLogRecord(s, t, true, kind.tag, xid, out);
  return records + 1;
}

}  // namespace phi::demo
