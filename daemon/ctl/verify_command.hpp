// `phi-auditctl verify [--from T] [--to T] [--public-key FILE]`: recomputes the timeline's hash
// chain and checkpoint signatures and prints the verified range and counts, or the first altered,
// inserted or missing record and exits 1. Runs in the daemon (control socket) or on a secondary.
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

namespace phi {

class TimelineAccess;

struct VerifyOptions {
  CLI::App* command = nullptr;
  std::string from, to;
  std::string public_key;  // PEM file; default: the public half of the daemon's signing key
};

void AddVerifyOptions(CLI::App& app, VerifyOptions& options);
int RunVerify(TimelineAccess& access, const VerifyOptions& options, std::ostream& out,
              std::ostream& err);

}  // namespace phi
