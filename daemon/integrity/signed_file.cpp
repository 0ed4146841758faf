#include "daemon/integrity/signed_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "daemon/common/atomic_file.hpp"

namespace phi {
namespace {

constexpr mode_t kSignedFileMode = 0640;

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The contents of the regular file at `path`, or an error when it is larger than `max_bytes`.
// O_NONBLOCK: a FIFO planted in its place does not hang the open (fstat refuses it next).
Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes, const char* what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    std::string msg = path + ": cannot open the " + what + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
  }
  struct stat st {};
  Status status = Status::Ok();
  if (::fstat(fd, &st) != 0) {
    status = Status::IoError(path + ": cannot stat the " + what + ": " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    status = Status::Invalid(path + ": the " + what + " is not a regular file");
  }
  std::string bytes;
  if (status.ok() && static_cast<uint64_t>(st.st_size) <= max_bytes)
    bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[65536];
  while (status.ok()) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      status = Status::IoError(path + ": cannot read the " + what + ": " + std::strerror(errno));
      break;
    }
    bytes.append(buffer, static_cast<size_t>(n));
    if (bytes.size() > max_bytes) {
      status = Status::Corruption(path + ": the " + what + " is larger than " +
                                  std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  if (!status.ok()) return status;
  return bytes;
}

}  // namespace

Status WriteFileWithSignature(const std::string& path, std::string_view bytes,
                              const SigningKey& key, uint64_t chain_link,
                              std::string_view chain_hash_hex,
                              std::optional<TimeMicros> signed_at) {
  const std::string name = BaseName(path);
  if (Status inputs = CheckDetachedSignatureInputs(name, chain_hash_hex); !inputs.ok())
    return Status::Invalid(path + ": cannot sign: " + inputs.message());
  const std::string signature = MakeDetachedSignature(key, bytes, name, chain_link, chain_hash_hex,
                                                      signed_at.value_or(WallClockNow()));
  if (Status written = WriteFileAtomically(path, bytes, kSignedFileMode); !written.ok())
    return written;
  return WriteFileAtomically(path + kDetachedSignatureSuffix, signature, kSignedFileMode);
}

Result<DetachedSignatureCheck> VerifyFileWithSignature(const std::string& path,
                                                       const PublicKey& key) {
  const std::string signature_path = path + kDetachedSignatureSuffix;
  // One byte over the limit is enough to tell the .sig is too large.
  Result<std::string> signature =
      ReadRegularFile(signature_path, kMaxDetachedSignatureBytes, "signature file");
  if (!signature.ok()) return signature.status();
  Result<std::string> bytes = ReadRegularFile(path, SIZE_MAX, "signed file");
  if (!bytes.ok()) return bytes.status();
  Result<DetachedSignatureCheck> check = VerifyDetachedSignature(key, *bytes, *signature);
  if (!check.ok()) return Status::Corruption(signature_path + ": " + check.status().message());
  check->file_name_matches = check->fields.file_name == BaseName(path);
  return check;
}

}  // namespace phi
