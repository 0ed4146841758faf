#include "daemon/sinks/pseudonym_key.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace phi {
namespace {

constexpr char kWhat[] = ": refusing the pseudonym key file: ";
constexpr char kCreateHint[] = "umask 077; openssl rand -hex 32 > ";

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Status CheckKeyFile(const struct stat& st, const std::string& path) {
  if (!S_ISREG(st.st_mode)) return Status::PermissionDenied(path + kWhat + "not a regular file");
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied(path + kWhat + "owned by uid " + std::to_string(st.st_uid) +
                                    ", not by this user (uid " + std::to_string(::geteuid()) +
                                    "); chown it to the user the daemon runs as");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::PermissionDenied(path + kWhat + "mode " + Octal(st.st_mode) +
                                    " lets group or others use it; chmod 600 " + path);
  }
  return Status::Ok();
}

// Reads at most kMaxBytes + 1 bytes (enough to tell that a file is too long).
Status ReadSome(int fd, const std::string& path, std::string& out) {
  char buffer[PseudonymKey::kMaxBytes + 1];
  while (out.size() <= PseudonymKey::kMaxBytes) {
    ssize_t n = ::read(fd, buffer, sizeof buffer - out.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(path +
                             ": cannot read the pseudonym key file: " + std::strerror(errno));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  OPENSSL_cleanse(buffer, sizeof buffer);
  return Status::Ok();
}

}  // namespace

Result<PseudonymKey> PseudonymKey::Load(const std::string& path) {
  // O_NOFOLLOW: a link could be turned to another file (or another user's key) behind our back.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) {
      return Status::PermissionDenied(path + kWhat +
                                      "it is a symbolic link; name the file itself in key_file");
    }
    std::string msg = path + ": cannot open the pseudonym key file: " + std::strerror(err);
    if (err == ENOENT) return Status::NotFound(msg + " (create one: " + kCreateHint + path + ")");
    return Status::IoError(std::move(msg));
  }
  struct stat st {};
  Status status = ::fstat(fd, &st) == 0
                      ? CheckKeyFile(st, path)
                      : Status::IoError(path + ": cannot stat: " + std::strerror(errno));
  std::string secret;
  if (status.ok()) status = ReadSome(fd, path, secret);
  ::close(fd);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (status.ok() && secret.size() < kMinBytes) {
    status = Status::Invalid(path + kWhat + "it holds " + std::to_string(secret.size()) +
                             " bytes, a key needs at least " + std::to_string(kMinBytes) + " (" +
                             kCreateHint + path + ")");
  } else if (status.ok() && secret.size() > kMaxBytes) {
    status = Status::Invalid(path + kWhat + "it is longer than " + std::to_string(kMaxBytes) +
                             " bytes, too long for a key: is key_file the right file?");
  }
  if (!status.ok()) {
    OPENSSL_cleanse(secret.data(), secret.size());
    return status;
  }
  return PseudonymKey(std::move(secret));
}

PseudonymKey PseudonymKey::FromSecret(std::string secret) {
  return PseudonymKey(std::move(secret));
}

PseudonymKey::~PseudonymKey() {
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

std::string PseudonymKey::Token(std::string_view prefix, std::string_view domain,
                                std::string_view value) const {
  std::string message;
  message.reserve(domain.size() + 1 + value.size());
  message.append(domain).append(1, ':').append(value);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  // HMAC() fails only when OpenSSL itself is broken (no SHA-256): a token that is all zeros
  // would merge every patient, so the failure is loud.
  if (::HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
             &mac_size) == nullptr ||
      mac_size < kTokenBytes) {
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(prefix);
  for (size_t i = 0; i < kTokenBytes; ++i) {
    token += kHex[mac[i] >> 4];
    token += kHex[mac[i] & 0x0f];
  }
  return token;
}

}  // namespace phi
