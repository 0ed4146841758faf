// phi-auditctl's side of the control socket (see control_server.hpp): sends a command line to
// the running daemon and copies the daemon's output and exit status back.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi::control {

// The socket a daemon with this data directory listens on.
std::string ControlSocketPath(const std::string& data_dir);

// Runs `args` in the daemon listening on `socket_path` and returns the command's exit status.
// NotFound when no daemon took the command (no socket, one left by a crash, a daemon too busy
// to queue it, or one that closed the connection before answering) and PermissionDenied when
// this user may not connect: the caller then opens the timeline itself. Any other error
// happened after the daemon began to answer.
Result<int> RunInDaemon(const std::string& socket_path, const std::vector<std::string>& args,
                        std::ostream& out, std::ostream& err);

}  // namespace phi::control
