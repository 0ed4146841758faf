// How the collector recognises a file across renames, restarts and inode reuse: device and
// inode, plus a fingerprint (hash) of the file's first bytes. A new file that happens to get a
// recycled inode has different first bytes, so it is not mistaken for the old one.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace phi {

struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t fingerprint = 0;       // FNV-1a of the first fingerprint_size bytes
  uint32_t fingerprint_size = 0;  // fewer than the configured size while the file is short
};

// Hashes the first `size` bytes of the open file. Returns false on a read error or when the
// file is shorter than `size`.
bool FingerprintFile(int fd, uint32_t size, uint64_t& fingerprint);

// True when the open file (same device and inode) still starts with the recorded bytes.
bool SameContentStart(int fd, const FileIdentity& identity);

}  // namespace phi
