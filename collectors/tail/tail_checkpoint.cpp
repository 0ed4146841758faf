#include "collectors/tail/tail_checkpoint.hpp"

#include "daemon/common/binary_codec.hpp"

namespace phi {

std::string TailCheckpointPrefix(std::string_view source) {
  return "tail/" + std::string(source) + "/";
}

std::string TailCheckpointKey(std::string_view source, const FileIdentity& id) {
  return TailCheckpointPrefix(source) + std::to_string(id.device) + ":" + std::to_string(id.inode);
}

std::string EncodeTailCheckpoint(const TailCheckpoint& c) {
  std::string out;
  PutLengthPrefixed(c.path, out);
  PutVarint(c.offset, out);
  PutVarint(c.line, out);
  PutVarint(c.identity.device, out);
  PutVarint(c.identity.inode, out);
  PutFixed64BE(c.identity.fingerprint, out);
  PutVarint(c.identity.fingerprint_size, out);
  return out;
}

std::optional<TailCheckpoint> DecodeTailCheckpoint(std::string_view value) {
  TailCheckpoint c;
  ByteReader in(value);
  uint64_t fp_size = 0;
  if (!in.GetLengthPrefixed(c.path) || !in.GetVarint(c.offset) || !in.GetVarint(c.line) ||
      !in.GetVarint(c.identity.device) || !in.GetVarint(c.identity.inode) ||
      !in.GetFixed64BE(c.identity.fingerprint) || !in.GetVarint(fp_size)) {
    return std::nullopt;
  }
  c.identity.fingerprint_size = static_cast<uint32_t>(fp_size);
  return c;
}

}  // namespace phi
