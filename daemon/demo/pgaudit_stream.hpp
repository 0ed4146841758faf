// Synthetic PostgreSQL 15 + pgaudit logs for benchmarks, in the two shapes of the captures in
// tests/data/pgaudit_captured: csvlog (26 columns) and stderr with log_line_prefix
// '%m [%p] %q%u@%d ' (statement lines continued with a TAB). A pool of concurrent sessions,
// each opened with connection lines, runs SELECT/UPDATE/INSERT statements on patient tables with
// bound or literal MRNs, some multi-line, and now and then a permission-denied ERROR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/demo/synthetic_access.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {

class PgauditStream {
 public:
  enum class Shape { kCsvlog, kStderr };

  PgauditStream(Shape shape, SyntheticAccessSource& source);

  // Appends one audit record (an AUDIT line or a permission-denied ERROR), preceded by the
  // connection records of a new session when one starts. Returns the records appended.
  int AppendAccess(std::string& out);

 private:
  struct Session {
    uint32_t pid = 0;
    uint32_t user = 0;
    std::string user_id;
    std::string client_ip;
    uint32_t port = 0;
    std::string start_text;  // session_start_time, formatted once
    std::string session_id;  // csvlog: hex(start seconds).hex(pid)
    uint32_t line = 0;       // session_line_num
    uint32_t backend = 0;
    uint32_t local_xid = 0;
    uint32_t statement = 0;  // pgaudit statement id
    int remaining = 0;
    const char* application = "ehr-web";
  };

  int OpenSession(Session& s, TimeMicros t, std::string& out);
  // The record's fixed leading part: csvlog columns 1-13 or the stderr prefix and severity.
  void AppendHead(Session& s, TimeMicros t, bool authenticated, std::string_view command_tag,
                  std::string_view severity, std::string_view sql_state, uint32_t xid,
                  std::string& out);
  void AppendCsvTail(const Session& s, bool authenticated, std::string& out);
  void AppendMessage(std::string_view text, std::string& out);
  // A whole LOG record (head, message_, csvlog tail or newline), as the connection and AUDIT
  // lines are written.
  void AppendLogRecord(Session& s, TimeMicros t, bool authenticated, std::string_view command_tag,
                       uint32_t xid, std::string& out);

  Shape shape_;
  SyntheticAccessSource& source_;
  std::vector<Session> sessions_;
  uint32_t next_pid_ = 20000;
  uint32_t next_xid_ = 5000;
  TimeTextCache log_time_;
  TimeTextCache start_time_;
  std::string statement_;  // scratch
  std::string params_;
  std::string message_;
};

}  // namespace phi::demo
