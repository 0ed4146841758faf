// Writes alert-log records as JSON lines to a file (0640), exactly once: with its cursor, the
// sink saves which file (device, inode) it wrote and how long it was then. After a crash it
// cuts that file back to that length and writes again from the cursor, so a line is never
// missing, half-written or doubled; a file it did not write (rotated away, replaced,
// pre-existing) is never cut, only appended to. A file renamed away (logrotate) is followed by
// a new one at the path; SIGHUP reopens it. The file must be a regular file of the daemon's
// user, never a symbolic link, and is locked so that two daemons never share it.
// Each line is the alert as it stands after the change, with "change" and "record" beside it;
// for a sink of the event stream, the canonical phi-json event with its timeline_id.
#pragma once

#include <cstdint>
#include <string>

#include "daemon/sinks/alert_sink.hpp"

namespace phi {

class JsonlSink : public AlertSink {
 public:
  explicit JsonlSink(std::string path) : path_(std::move(path)) {}
  ~JsonlSink() override;
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;

  Status Open(std::string_view saved) override;
  Status Send(const std::vector<AlertRecord>& records, uint64_t through) override;
  Status SendEvents(const std::vector<Event>& events, uint64_t through) override;
  uint64_t Confirmed() const override { return confirmed_; }
  void Reopen() override { reopen_ = true; }
  std::string Checkpoint() const override;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  uint64_t confirmed_ = 0;
  uint64_t file_size_ = 0;  // after the last line written
  int fd_ = -1;             // open for appending and locked
  uint64_t device_ = 0, inode_ = 0;
  bool reopen_ = false;

  // Appends whole lines and syncs; on failure the file is cut back, so nothing is half-written.
  Status WriteLines(const std::string& text, uint64_t through);
  Status OpenFile();
  Status FollowRotation();
};

}  // namespace phi
