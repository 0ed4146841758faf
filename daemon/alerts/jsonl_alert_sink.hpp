// Writes alerts as JSON lines to a file (0640), exactly once: the sink remembers in the
// timeline how far in the alert log it got, which file (device, inode) and how long it was then.
// After a crash it cuts that file back to that length and writes again from that point, so a
// line is never missing, half-written or doubled; a file it did not write (rotated away,
// replaced, pre-existing) is never cut, only appended to. The file must be a regular file of
// the daemon's user, never a symbolic link, and is locked so that two daemons never share it.
#pragma once

#include <cstdint>
#include <string>

#include "daemon/alerts/alert_store.hpp"

namespace phi {

class JsonlAlertSink {
 public:
  JsonlAlertSink(std::string path, Timeline& timeline, const AlertStore& store)
      : path_(std::move(path)), timeline_(timeline), store_(store) {}
  ~JsonlAlertSink();
  JsonlAlertSink(const JsonlAlertSink&) = delete;
  JsonlAlertSink& operator=(const JsonlAlertSink&) = delete;

  Status Open();
  // Appends every logged alert not written yet. Returns how many lines were written.
  Result<size_t> Flush();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Timeline& timeline_;
  const AlertStore& store_;
  uint64_t written_ = 0;  // alert log position reached
  uint64_t file_size_ = 0;
  int fd_ = -1;  // open for appending and locked
  uint64_t device_ = 0, inode_ = 0;

  Status OpenFile();
  Status FollowRotation();
};

}  // namespace phi
