// Reading a secret (a sink's HMAC key, HEC token or TLS client key, the integrity signing key)
// from a file, as ssh does with private keys: the file must be a regular file, not a symbolic
// link, owned by the daemon's effective user, with no group or other permission bits. Anyone
// else who could read it could forge alerts or signatures; anyone who could swap it could
// redirect alerts.
#pragma once

#include <string>

#include "daemon/common/status.hpp"

namespace phi {

// The file's contents without trailing CR, LF, space or tab (what `echo key > file` adds).
// REQUIRES: `what` names the secret for messages ("webhook HMAC key").
Result<std::string> ReadSecretFile(const std::string& path, const char* what);

}  // namespace phi
