// The daemon's control socket: phi-auditctl sends its command line here and the daemon runs it
// on the timeline it already has open, so a query opens no second RocksDB instance and replays
// no write-ahead log. One command at a time, on the server's own thread: ingest never waits on
// a reader. A client has kIoTimeoutMs to send its whole request and to take each frame of the
// reply, and a stop cuts any wait short. Who may connect is decided by the socket file's mode
// (0660, the data directory's group; see docs/access.md).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi::control {

// Who is asking, as the kernel says (SO_PEERCRED), not as the client claims.
struct Peer {
  uid_t uid = 0;
  gid_t gid = 0;
  pid_t pid = 0;
};

// Runs one command: writes its output to `out` and `err` and returns its exit status.
using CommandHandler = std::function<int(const std::vector<std::string>& args, const Peer& peer,
                                         std::ostream& out, std::ostream& err)>;

// Told of each request refused before it ran (not one, malformed, too large, too slow).
using RejectHandler = std::function<void(const Peer& peer, const std::string& reason)>;

class ControlServer {
 public:
  // Binds `path` (a stale socket left by a crash is replaced; any other file there is an
  // error) and starts serving on a new thread.
  static Result<std::unique_ptr<ControlServer>> Start(const std::string& path,
                                                      CommandHandler handler,
                                                      RejectHandler on_reject);
  // Stops accepting, lets the command in flight finish and removes the socket file.
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::string& path() const { return path_; }
  // How long a client may take to send its whole request, and to take each reply frame.
  static constexpr int kIoTimeoutMs = 10'000;

 private:
  ControlServer() = default;
  void Serve();
  void HandleConnection(int fd);

  std::string path_;
  CommandHandler handler_;
  RejectHandler on_reject_;
  int listen_fd_ = -1;
  ino_t socket_inode_ = 0;  // of the socket file bound: only that one is removed
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace phi::control
