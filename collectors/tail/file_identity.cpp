#include "collectors/tail/file_identity.hpp"

#include "daemon/common/fnv_hash.hpp"

#include <unistd.h>

#include <vector>

namespace phi {

bool FingerprintFile(int fd, uint32_t size, uint64_t& fingerprint) {
  std::vector<char> buf(size);
  size_t got = 0;
  while (got < size) {
    ssize_t n = pread(fd, buf.data() + got, size - got, static_cast<off_t>(got));
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  fingerprint = HashText(std::string_view(buf.data(), buf.size()));
  return true;
}

bool SameContentStart(int fd, const FileIdentity& identity) {
  if (identity.fingerprint_size == 0) return true;
  uint64_t now = 0;
  return FingerprintFile(fd, identity.fingerprint_size, now) && now == identity.fingerprint;
}

}  // namespace phi
