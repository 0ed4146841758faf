// The daemon's end of phi-auditctl: starts the control socket in data_dir and runs the timeline
// commands it receives on the daemon's own open timeline (see control/control_server.hpp).
#pragma once

#include <functional>
#include <memory>

#include "daemon/config/daemon_config.hpp"
#include "daemon/context/context_snapshot.hpp"
#include "daemon/control/control_server.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

// Runs a job on the timeline's writer thread and returns its result, or an error when the
// daemon is stopping and will run no more jobs.
using WriterExecutor = std::function<Result<int>(std::function<int()> job)>;
// The context detection holds now (null when none), for reports' explanations.
using ContextProvider = std::function<std::shared_ptr<const ContextSnapshot>()>;

// Null, with a warning logged, when the socket cannot be created: phi-auditctl then opens the
// timeline itself, as it does when no daemon runs. `timeline` must outlive the server.
std::unique_ptr<control::ControlServer> StartDaemonControl(const DaemonConfig& config,
                                                           Timeline& timeline,
                                                           WriterExecutor on_writer,
                                                           ContextProvider context = nullptr);

}  // namespace phi
