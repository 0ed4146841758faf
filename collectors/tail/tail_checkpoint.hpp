// A file's committed read position as stored in the timeline's checkpoints column family:
// key "tail/<source>/<device>:<inode>", value = path, offset, line and the file's identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/tail/file_identity.hpp"

namespace phi {

struct TailCheckpoint {
  std::string path;
  uint64_t offset = 0;
  uint64_t line = 1;
  FileIdentity identity;
};

std::string TailCheckpointPrefix(std::string_view source);
std::string TailCheckpointKey(std::string_view source, const FileIdentity& identity);
std::string EncodeTailCheckpoint(const TailCheckpoint& checkpoint);
std::optional<TailCheckpoint> DecodeTailCheckpoint(std::string_view value);

}  // namespace phi
