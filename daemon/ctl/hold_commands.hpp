// phi-auditctl's legal holds: `hold add patient MRN | user ID | case USER --reason TEXT` and
// `hold release ID --reason TEXT`, through the running daemon only (its ingest thread is the one
// writer; each change is kept in the chain with who and when), and `hold list`. Retention keeps
// a held patient's or user's events until the hold is released.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <ostream>
#include <string>

namespace phi {

class TimelineAccess;

struct HoldCommandLine {
  CLI::App* hold = nullptr;
  CLI::App* add = nullptr;
  CLI::App* release = nullptr;
  CLI::App* list = nullptr;
  std::string kind, subject, reason, format = "table";
  uint64_t id = 0;

  // Adds `hold` and its subcommands to `app`.
  void AddTo(CLI::App& app);
  bool parsed() const { return hold != nullptr && hold->parsed(); }
  int Run(TimelineAccess& access, std::ostream& out, std::ostream& err);
};

}  // namespace phi
