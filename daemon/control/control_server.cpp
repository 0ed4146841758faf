#include "daemon/control/control_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "daemon/control/control_protocol.hpp"

namespace phi::control {
namespace {

std::string Errno(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

using Clock = std::chrono::steady_clock;

// Waits until `fd` is ready for `events` (POLLIN or POLLOUT), at most until `deadline`, and not
// at all once `stop_fd` is readable (the daemon is stopping): false then, and on errors.
bool WaitFor(int fd, short events, int stop_fd, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    int n = poll(p, 2, static_cast<int>(left.count()) + 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || p[1].revents != 0) return false;
    return (p[0].revents & (events | POLLHUP)) != 0 && (p[0].revents & POLLNVAL) == 0;
  }
}

// Sends all of `bytes` within the I/O timeout (a frame at most 64 KB: a reader slower than a
// few KB/s is dropped).
bool SendAll(int fd, int stop_fd, std::string_view bytes) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(ControlServer::kIoTimeoutMs);
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd, POLLOUT, stop_fd, deadline)) return false;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

// Reads one whole request within the I/O timeout, and no more than the protocol allows.
Status ReadRequest(int fd, int stop_fd, std::vector<std::string>& args) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(ControlServer::kIoTimeoutMs);
  std::string data;
  char buf[4096];
  while (true) {
    if (!WaitFor(fd, POLLIN, stop_fd, deadline))
      return Status::IoError("no whole request within the timeout");
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return Status::IoError("the client left before its request was complete");
    data.append(buf, static_cast<size_t>(n));
    size_t complete = 0;
    Status s = DecodeRequest(data, complete, args);
    if (!s.ok() || complete != 0) return s;
    if (data.size() > kMaxRequestBytes) return Status::Invalid("request too large");
  }
}

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::Start(const std::string& path,
                                                            CommandHandler handler,
                                                            RejectHandler on_reject) {
  sockaddr_un address{};
  if (path.size() >= sizeof address.sun_path) {
    return Status::Invalid("control socket path " + path + " is longer than " +
                           std::to_string(sizeof address.sun_path - 1) + " bytes");
  }
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return Status::Invalid(path + " exists and is not a socket: not replacing it");
    // Left by a daemon that did not stop cleanly (the timeline's lock keeps a second daemon
    // on this data directory from getting this far).
    if (unlink(path.c_str()) != 0) return Status::IoError(Errno("cannot remove stale " + path));
  }
  std::unique_ptr<ControlServer> server(new ControlServer());
  server->path_ = path;
  server->handler_ = std::move(handler);
  server->on_reject_ = std::move(on_reject);
  server->listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (server->listen_fd_ < 0) return Status::IoError(Errno("cannot create the control socket"));
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  // Created under the daemon's umask (no group write), then opened to the group: never wider.
  if (bind(server->listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return Status::IoError(Errno("cannot bind " + path));
  // data_dir is the daemon's own (CheckDataDirectory): nobody else can swap the file between
  // bind and chmod; checked all the same, since chmod follows a symbolic link.
  if (lstat(path.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode))
    return Status::IoError(Errno("cannot find the socket just bound at " + path));
  server->socket_inode_ = st.st_ino;
  if (chmod(path.c_str(), 0660) != 0 || listen(server->listen_fd_, 16) != 0)
    return Status::IoError(Errno("cannot listen on " + path));
  if (pipe2(server->stop_pipe_, O_CLOEXEC) != 0)
    return Status::IoError(Errno("cannot create a pipe"));
  server->thread_ = std::thread([s = server.get()] { s->Serve(); });
  return server;
}

ControlServer::~ControlServer() {
  if (thread_.joinable()) {
    char stop = 1;
    if (write(stop_pipe_[1], &stop, 1) != 1) {
      // The pipe cannot be full with one byte; nothing else to do.
    }
    thread_.join();
  }
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1]}) {
    if (fd >= 0) close(fd);
  }
  // Only the socket this server bound: after data_dir was replaced, another daemon's is there.
  struct stat st;
  if (socket_inode_ != 0 && lstat(path_.c_str(), &st) == 0 && st.st_ino == socket_inode_)
    unlink(path_.c_str());
}

void ControlServer::Serve() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // The client gave up already, or no descriptor is free: try again, without spinning.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    HandleConnection(fd);
    close(fd);
  }
}

void ControlServer::HandleConnection(int fd) {
  const int stop_fd = stop_pipe_[0];
  auto send = [fd, stop_fd](std::string_view frame) { return SendAll(fd, stop_fd, frame); };
  ucred cred{};
  socklen_t length = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) return;  // who? no answer
  Peer peer{cred.uid, cred.gid, cred.pid};
  std::vector<std::string> args;
  Status request = ReadRequest(fd, stop_fd, args);
  if (!request.ok()) {
    on_reject_(peer, request.message());
    send(EncodeFrame(FrameType::kErr, "phi-auditd: " + request.message() + "\n"));
    send(EncodeExitFrame(2));
    return;
  }
  int status;
  {
    FrameStreamBuf out_buf(FrameType::kOut, send), err_buf(FrameType::kErr, send);
    std::ostream out(&out_buf), err(&err_buf);
    try {
      status = handler_(args, peer, out, err);
    } catch (const std::exception& e) {
      err << "phi-auditd: the command failed: " << e.what() << "\n";
      status = 1;
    }
    out.flush();
    err.flush();
  }
  send(EncodeExitFrame(status));
}

}  // namespace phi::control
