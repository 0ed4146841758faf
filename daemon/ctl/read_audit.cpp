#include "daemon/ctl/read_audit.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "daemon/common/json_writer.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/config/daemon_config.hpp"

namespace phi {
namespace {

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

std::string RandomId() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "read-";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// Root running phi-auditctl must not leave files the daemon's user cannot read: they take the
// owner of data_dir.
void OwnLikeDataDir(const std::string& data_dir, const std::string& path) {
  if (::geteuid() != 0) return;
  struct stat st {};
  if (::stat(data_dir.c_str(), &st) == 0) {
    if (::chown(path.c_str(), st.st_uid, st.st_gid) != 0) {
      // Not fatal: the daemon then names the file it cannot read.
    }
  }
}

}  // namespace

Status RecordRead(const std::string& data_dir, const AuditedRead& read) {
  const std::string dir = data_dir + "/audit";
  if (::mkdir(dir.c_str(), 0750) == 0) {
    OwnLikeDataDir(data_dir, dir);
  } else if (errno != EEXIST) {
    return Status::IoError("cannot create " + dir + ": " + std::strerror(errno));
  }
  std::string line = "{";
  bool first = true;
  std::string ts;
  AppendIsoTime(WallClockNow(), ts);
  AppendJsonMember("ts", ts, first, line);
  AppendJsonMember("user", read.actor, first, line);
  AppendJsonMember("action", "audit", first, line);
  if (!read.patient.empty()) AppendJsonMember("patient", read.patient, first, line);
  AppendJsonMember("record_type", "access_trail", first, line);
  AppendJsonMember("record_count", static_cast<int64_t>(read.returned), first, line);
  AppendJsonMember("workstation", HostName(), first, line);
  AppendJsonMember("outcome", "success", first, line);
  AppendJsonMember("event_id", RandomId(), first, line);
  AppendJsonMember("command", "phi-auditctl " + read.command, first, line);
  if (!read.subject_user.empty()) AppendJsonMember("subject_user", read.subject_user, first, line);
  line += "}\n";

  const std::string path = DaemonConfig::read_audit_path(data_dir);
  const bool existed = ::access(path.c_str(), F_OK) == 0;
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) {
    return Status::IoError("cannot record this read in " + path + " (" + std::strerror(errno) +
                           "): nothing was shown");
  }
  if (!existed) OwnLikeDataDir(data_dir, path);
  // One write: appends of a whole line from several readers do not interleave.
  ssize_t written = ::write(fd, line.data(), line.size());
  int saved = errno;
  bool synced = written == static_cast<ssize_t>(line.size()) && ::fdatasync(fd) == 0;
  if (written >= 0 && !synced) saved = errno;
  ::close(fd);
  if (!synced) {
    return Status::IoError("cannot record this read in " + path + " (" +
                           std::strerror(saved ? saved : EIO) + "): nothing was shown");
  }
  return Status::Ok();
}

}  // namespace phi
