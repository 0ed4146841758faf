#include "daemon/alerts/jsonl_alert_sink.hpp"

#include <fcntl.h>
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
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0)
    return Status::IoError("cannot open alert file " + path_ + ": " + std::strerror(errno));
  struct stat st;
  fstat(fd, &st);
  bool same_file = known_file && st.st_dev == device && st.st_ino == inode;
  if (same_file && static_cast<uint64_t>(st.st_size) > file_size_) {
    // Lines written after the last checkpoint: cut them, they are written again from the log.
    if (ftruncate(fd, static_cast<off_t>(file_size_)) != 0) {
      close(fd);
      return Status::IoError("cannot trim alert file " + path_ + ": " + std::strerror(errno));
    }
  } else {
    // A file of someone else's (rotated, replaced, or never written by this timeline): keep it
    // and append after what is there.
    file_size_ = static_cast<uint64_t>(st.st_size);
  }
  close(fd);
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
    int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0)
      return Status::IoError("cannot open alert file " + path_ + ": " + std::strerror(errno));
    struct stat st;
    fstat(fd, &st);
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = write(fd, text.data() + done, text.size() - done);
      if (n < 0) {
        int err = errno;
        // Never leave half a line behind: the next attempt appends the whole batch again.
        if (ftruncate(fd, st.st_size) != 0) err = errno;
        close(fd);
        return Status::IoError("cannot write alert file " + path_ + ": " + std::strerror(err));
      }
      done += static_cast<size_t>(n);
    }
    fdatasync(fd);
    close(fd);
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
