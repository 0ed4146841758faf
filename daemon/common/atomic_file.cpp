#include "daemon/common/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace phi {
namespace {

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string ErrnoText(int err) {
  return std::strerror(err);
}

// A name no other writer uses: hidden (a glob for the final files does not pick it up), with
// this process's id and a counter; a leftover from a crashed process is skipped (O_EXCL).
std::string TemporaryName(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  const size_t slash = path.rfind('/');
  const std::string prefix = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return prefix + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& name) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(name + ": cannot write: " + ErrnoText(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Creates a new temporary file beside `path` holding `bytes`, synced and closed; its name.
Result<std::string> WriteTemporary(const std::string& path, std::string_view bytes, mode_t mode) {
  if (path.empty() || path.back() == '/') return Status::Invalid("'" + path + "' names no file");
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temporary = TemporaryName(path);
    const int fd =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      const int err = errno;
      std::string msg =
          path + ": cannot create a temporary file in " + DirectoryOf(path) + ": " + ErrnoText(err);
      return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
    }
    Status written = WriteAll(fd, bytes, temporary);
    if (written.ok() && ::fsync(fd) != 0)
      written = Status::IoError(temporary + ": cannot sync: " + ErrnoText(errno));
    if (::close(fd) != 0 && written.ok())
      written = Status::IoError(temporary + ": cannot close: " + ErrnoText(errno));
    if (!written.ok()) {
      ::unlink(temporary.c_str());
      return written;
    }
    return temporary;
  }
  return Status::IoError(path + ": cannot find a free temporary name beside it");
}

// Makes the directory's new entry durable. EINVAL: a file system that cannot sync directories.
Status SyncDirectory(const std::string& path) {
  const std::string dir = DirectoryOf(path);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(dir + ": cannot open the directory: " + ErrnoText(errno));
  Status status = Status::Ok();
  if (::fsync(fd) != 0 && errno != EINVAL)
    status = Status::IoError(dir + ": cannot sync the directory: " + ErrnoText(errno));
  ::close(fd);
  return status;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view bytes, mode_t mode) {
  Result<std::string> temporary = WriteTemporary(path, bytes, mode);
  if (!temporary.ok()) return temporary.status();
  if (::rename(temporary->c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary->c_str());
    return Status::IoError(path + ": cannot put the new file in place: " + ErrnoText(err));
  }
  return SyncDirectory(path);
}

Result<bool> CreateFileAtomically(const std::string& path, std::string_view bytes, mode_t mode) {
  Result<std::string> temporary = WriteTemporary(path, bytes, mode);
  if (!temporary.ok()) return temporary.status();
  const bool linked = ::link(temporary->c_str(), path.c_str()) == 0;
  const int err = errno;
  ::unlink(temporary->c_str());
  if (!linked && err == EEXIST) return false;
  if (!linked) return Status::IoError(path + ": cannot create: " + ErrnoText(err));
  Status synced = SyncDirectory(path);
  if (!synced.ok()) return synced;
  return true;
}

}  // namespace phi
