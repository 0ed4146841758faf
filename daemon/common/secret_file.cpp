#include "daemon/common/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace phi {
namespace {

constexpr off_t kMaxSecretFileSize = 1 << 20;

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Closes the descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status CheckSecretFile(const struct stat& st, const std::string& path, const char* what) {
  const std::string refusing = path + ": refusing the " + what + ": ";
  if (!S_ISREG(st.st_mode)) return Status::PermissionDenied(refusing + "not a regular file");
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied(refusing + "owned by uid " + std::to_string(st.st_uid) +
                                    ", not by this user (uid " + std::to_string(::geteuid()) + ")");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::PermissionDenied(refusing + "mode " + Octal(st.st_mode) +
                                    " gives group or others access; chmod 600 " + path);
  }
  if (st.st_size > kMaxSecretFileSize) return Status::Invalid(refusing + "larger than 1 MiB");
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadSecretFile(const std::string& path, const char* what) {
  // O_NOFOLLOW: a symbolic link fails with ELOOP instead of being followed; O_NONBLOCK: a FIFO
  // does not hang the open (fstat refuses it next).
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ELOOP) {
      return Status::PermissionDenied(path + ": refusing the " + what +
                                      ": a symbolic link; name the file itself");
    }
    std::string msg = path + ": cannot open the " + std::string(what) + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return Status::IoError(path + ": cannot stat the " + what + ": " + std::strerror(errno));
  if (Status checked = CheckSecretFile(st, path, what); !checked.ok()) return checked;

  std::string secret;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(path + ": cannot read the " + what + ": " + std::strerror(errno));
    }
    secret.append(buffer, static_cast<size_t>(n));
    if (secret.size() > static_cast<size_t>(kMaxSecretFileSize))
      return Status::Invalid(path + ": refusing the " + what + ": larger than 1 MiB");
  }
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' ||
                             secret.back() == ' ' || secret.back() == '\t')) {
    secret.pop_back();
  }
  if (secret.empty()) return Status::Invalid(path + ": the " + std::string(what) + " is empty");
  return secret;
}

}  // namespace phi
