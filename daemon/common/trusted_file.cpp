#include "daemon/common/trusted_file.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace phi {
namespace {

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Group write is harmless when the group is the owner's own private group (Debian gives each
// user one, and umask 002 is common with it): a group named as the owner, with no other member.
bool WritableByOthers(const struct stat& st) {
  if ((st.st_mode & S_IWOTH) != 0) return true;
  if ((st.st_mode & S_IWGRP) == 0) return false;
  const struct passwd* owner = ::getpwuid(st.st_uid);
  if (owner == nullptr || owner->pw_gid != st.st_gid) return true;
  const std::string owner_name = owner->pw_name;
  const struct group* group = ::getgrgid(st.st_gid);
  if (group == nullptr || owner_name != group->gr_name) return true;
  for (char** member = group->gr_mem; member && *member; ++member) {
    if (owner_name != *member) return true;
  }
  return false;
}

}  // namespace

Status CheckTrustedFile(const struct stat& st, const std::string& path, const char* what) {
  if (!S_ISREG(st.st_mode))
    return Status::PermissionDenied(path + ": refusing the " + what + ": not a regular file");
  if (st.st_uid != geteuid() && st.st_uid != 0) {
    return Status::PermissionDenied(path + ": refusing the " + what + ": owned by uid " +
                                    std::to_string(st.st_uid) + ", not by this user (uid " +
                                    std::to_string(geteuid()) + ") or root");
  }
  if (WritableByOthers(st)) {
    return Status::PermissionDenied(path + ": refusing the " + what + ": mode " +
                                    Octal(st.st_mode) + " lets others change it; chmod go-w " +
                                    path);
  }
  return Status::Ok();
}

Result<std::string> ReadTrustedFile(const std::string& path, const char* what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    std::string msg = path + ": cannot open the " + what + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
  }
  struct stat st {};
  Status checked = ::fstat(fd, &st) == 0
                       ? CheckTrustedFile(st, path, what)
                       : Status::IoError(path + ": cannot stat: " + std::strerror(errno));
  std::string text;
  if (checked.ok()) {
    text.reserve(static_cast<size_t>(st.st_size));
    char buffer[65536];
    while (true) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        checked = Status::IoError(path + ": cannot read the " + what + ": " + std::strerror(errno));
        break;
      }
      text.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  if (!checked.ok()) return checked;
  return text;
}

Status CheckDataDirectory(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::IoError("data_dir " + path + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode))
    return Status::Invalid("data_dir " + path + " exists and is not a directory");
  if (st.st_uid != geteuid()) {
    return Status::PermissionDenied("data_dir " + path + " is owned by uid " +
                                    std::to_string(st.st_uid) + ", not by this user (uid " +
                                    std::to_string(geteuid()) +
                                    "): run the daemon as its owner or chown it");
  }
  if (WritableByOthers(st)) {
    return Status::PermissionDenied("data_dir " + path + " has mode " + Octal(st.st_mode) +
                                    ": others could alter the timeline; chmod 0750 " + path);
  }
  return Status::Ok();
}

}  // namespace phi
