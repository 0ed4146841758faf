// One daemon per data directory: an flock on data_dir/phi-auditd.lock, held while the daemon
// runs. RocksDB's own LOCK lives inside data_dir/timeline, so with the timeline replaced under a
// running daemon a second daemon could open the new one beside the first; this lock stays put.
#pragma once

#include <memory>
#include <string>

#include "daemon/common/status.hpp"

namespace phi {

class DataDirLock {
 public:
  // Fails, naming the holder's pid, when another process holds the lock.
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::string& data_dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace phi
