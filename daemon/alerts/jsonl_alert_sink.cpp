#include "daemon/alerts/jsonl_alert_sink.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

std::string CheckpointKey(const std::string& path) {
  return "sink/jsonl/" + path;
}

}  // namespace

JsonlAlertSink::~JsonlAlertSink() {
  if (fd_ >= 0) ::close(fd_);
}

// Opens the file for appending, refusing a symbolic link, anything but a regular file, a file
// of another user's, and a file another daemon holds (flock, released when the fd closes).
Status JsonlAlertSink::OpenFile() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
               0640);
  if (fd_ < 0) {
    int err = errno;
    return Status::IoError("cannot open alert file " + path_ + ": " +
                           (err == ELOOP ? std::string("it is a symbolic link, refused")
                                         : std::string(std::strerror(err))));
  }
  struct stat st {};
  Status s = ::fstat(fd_, &st) != 0 ? Status::IoError("cannot stat alert file " + path_)
             : !S_ISREG(st.st_mode)
                 ? Status::PermissionDenied("alert file " + path_ + " is not a regular file")
             : st.st_uid != ::geteuid()
                 ? Status::PermissionDenied("alert file " + path_ + " is owned by uid " +
                                            std::to_string(st.st_uid) + ", not by this user")
                 : Status::Ok();
  if (s.ok() && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    s = Status::IoError("alert file " + path_ +
                        " is in use by another phi-auditd (locked); two daemons never append "
                        "to one file");
  }
  if (!s.ok()) {
    ::close(fd_);
    fd_ = -1;
    return s;
  }
  device_ = static_cast<uint64_t>(st.st_dev);
  inode_ = static_cast<uint64_t>(st.st_ino);
  return Status::Ok();
}

// A file rotated away or removed since it was opened: the next lines go to a new one.
Status JsonlAlertSink::FollowRotation() {
  struct stat st {};
  if (fd_ >= 0 && ::lstat(path_.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_dev) == device_ &&
      static_cast<uint64_t>(st.st_ino) == inode_) {
    return Status::Ok();
  }
  return OpenFile();
}

Status JsonlAlertSink::Open() {
  auto saved = timeline_.GetAux(AuxFamily::kMeta, CheckpointKey(path_));
  if (!saved.ok()) return saved.status();
  uint64_t device = 0, inode = 0;
  bool known_file = false;
  if (saved.value() && saved.value()->size() == 32) {
    const char* p = saved.value()->data();
    written_ = GetFixed64BE(p);
    file_size_ = GetFixed64BE(p + 8);
    device = GetFixed64BE(p + 16);
    inode = GetFixed64BE(p + 24);
    known_file = true;
  }
  Status opened = OpenFile();
  if (!opened.ok()) return opened;
  struct stat st {};
  ::fstat(fd_, &st);
  bool same_file = known_file && device_ == device && inode_ == inode;
  if (same_file && static_cast<uint64_t>(st.st_size) > file_size_) {
    // Lines written after the last checkpoint: cut them, they are written again from the log.
    if (ftruncate(fd_, static_cast<off_t>(file_size_)) != 0) {
      return Status::IoError("cannot trim alert file " + path_ + ": " + std::strerror(errno));
    }
  } else {
    // A file of someone else's (rotated, replaced, or never written by this timeline): keep it
    // and append after what is there.
    file_size_ = static_cast<uint64_t>(st.st_size);
  }
  return Status::Ok();
}

Result<size_t> JsonlAlertSink::Flush() {
  size_t total = 0;
  while (true) {
    auto entries = store_.ReadLog(written_, 1000);
    if (!entries.ok()) return entries.status();
    if (entries.value().empty()) return total;
    std::string text;
    for (const auto& [position, alert] : entries.value()) {
      AppendAlertJson(alert, text);
      text += '\n';
    }
    Status current = FollowRotation();
    if (!current.ok()) return current;
    const int fd = fd_;
    struct stat st;
    fstat(fd, &st);
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fd, text.data() + done, text.size() - done);
      if (n < 0) {
        int err = errno;
        // Never leave half a line behind: the next attempt appends the whole batch again.
        if (ftruncate(fd, st.st_size) != 0) err = errno;
        return Status::IoError("cannot write alert file " + path_ + ": " + std::strerror(err));
      }
      done += static_cast<size_t>(n);
    }
    fdatasync(fd);
    written_ = entries.value().back().first;
    file_size_ = static_cast<uint64_t>(st.st_size) + text.size();
    std::string checkpoint;
    PutFixed64BE(written_, checkpoint);
    PutFixed64BE(file_size_, checkpoint);
    PutFixed64BE(static_cast<uint64_t>(st.st_dev), checkpoint);
    PutFixed64BE(static_cast<uint64_t>(st.st_ino), checkpoint);
    Status s = timeline_.WriteAux({{AuxFamily::kMeta, CheckpointKey(path_), checkpoint}});
    if (!s.ok()) return s;
    total += entries.value().size();
  }
}

}  // namespace phi
