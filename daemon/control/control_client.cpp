#include "daemon/control/control_client.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/control/control_protocol.hpp"

namespace phi::control {
namespace {

// Closes the descriptor however the function returns.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

std::string ControlSocketPath(const std::string& data_dir) {
  return data_dir + "/control.sock";
}

Result<int> RunInDaemon(const std::string& socket_path, const std::vector<std::string>& args,
                        std::ostream& out, std::ostream& err) {
  sockaddr_un address{};
  if (socket_path.size() >= sizeof address.sun_path)
    return Status::NotFound("control socket path too long");
  // Non-blocking, so that a daemon whose queue is full (it is busy with other commands) is
  // passed over at once rather than waited for.
  FdCloser fd{socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (fd.fd < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  if (connect(fd.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (errno == EACCES || errno == EPERM)
      return Status::PermissionDenied("cannot connect to " + socket_path);
    return Status::NotFound("no daemon answers on " + socket_path);
  }
  int flags = fcntl(fd.fd, F_GETFL);
  if (flags < 0 || fcntl(fd.fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    return Status::IoError(std::string("fcntl: ") + std::strerror(errno));
  std::string request = EncodeRequest(args);
  for (std::string_view rest = request; !rest.empty();) {
    ssize_t n = send(fd.fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    // Refused before reading it all, or stopping: nothing ran; the caller reads for itself.
    if (n <= 0) return Status::NotFound("the daemon closed the control socket");
    rest.remove_prefix(static_cast<size_t>(n));
  }
  bool answered = false;  // a frame came: from then on the command has run, or is running
  FrameReader reader;
  char buf[64 * 1024];
  FrameType type;
  std::string payload;
  Status error;
  while (true) {
    while (reader.Next(type, payload, error)) {
      answered = true;
      if (type == FrameType::kExit) return DecodeExitStatus(payload);
      (type == FrameType::kOut ? out : err) << payload;
    }
    if (!error.ok()) return error;
    ssize_t n = recv(fd.fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 && !answered) return Status::NotFound("the daemon closed the control socket");
    if (n <= 0) return Status::IoError("the daemon stopped before the command finished");
    reader.Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
}

}  // namespace phi::control
