#include "daemon/sinks/jsonl_sink.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/common/binary_codec.hpp"
#include "daemon/event/event_json.hpp"

namespace phi {

JsonlSink::~JsonlSink() {
  if (fd_ >= 0) ::close(fd_);
}

// Opens the file for appending, refusing a symbolic link, anything but a regular file, a file
// of another user's, and a file another daemon holds (flock, released when the fd closes).
Status JsonlSink::OpenFile() {
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
Status JsonlSink::FollowRotation() {
  struct stat st {};
  if (reopen_) {
    reopen_ = false;
    return OpenFile();
  }
  if (fd_ >= 0 && ::lstat(path_.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_dev) == device_ &&
      static_cast<uint64_t>(st.st_ino) == inode_) {
    return Status::Ok();
  }
  return OpenFile();
}

std::string JsonlSink::Checkpoint() const {
  std::string out;
  for (uint64_t v : {file_size_, device_, inode_}) PutFixed64BE(v, out);
  return out;
}

Status JsonlSink::Open(std::string_view saved) {
  uint64_t device = 0, inode = 0;
  const bool known_file = saved.size() == 24;
  if (known_file) {
    file_size_ = GetFixed64BE(saved.data());
    device = GetFixed64BE(saved.data() + 8);
    inode = GetFixed64BE(saved.data() + 16);
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

Status JsonlSink::Send(const std::vector<AlertRecord>& records, uint64_t through) {
  std::string text;
  for (const AlertRecord& record : records) {
    AppendAlertRecordJson(record, text);
    text += '\n';
  }
  return WriteLines(text, through);
}

Status JsonlSink::SendEvents(const std::vector<Event>& events, uint64_t through) {
  std::string text;
  for (const Event& event : events) {
    AppendEventJson(event, EventJsonOptions{}, text);
    text += '\n';
  }
  return WriteLines(text, through);
}

Status JsonlSink::WriteLines(const std::string& text, uint64_t through) {
  if (!text.empty()) {
    Status current = FollowRotation();
    if (!current.ok()) return current;
    struct stat st {};
    if (::fstat(fd_, &st) != 0)
      return Status::IoError("cannot stat alert file " + path_ + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0) {
        int err = errno;
        // Never leave half a line behind: the next attempt appends the whole batch again.
        if (ftruncate(fd_, st.st_size) != 0) err = errno;
        return Status::IoError("cannot write alert file " + path_ + ": " + std::strerror(err));
      }
      done += static_cast<size_t>(n);
    }
    if (::fdatasync(fd_) != 0) {
      int err = errno;
      if (ftruncate(fd_, st.st_size) != 0) err = errno;  // sent again whole, never doubled
      return Status::IoError("cannot sync alert file " + path_ + ": " + std::strerror(err));
    }
    file_size_ = static_cast<uint64_t>(st.st_size) + text.size();
    device_ = static_cast<uint64_t>(st.st_dev);
    inode_ = static_cast<uint64_t>(st.st_ino);
  }
  confirmed_ = through;
  return Status::Ok();
}

}  // namespace phi
