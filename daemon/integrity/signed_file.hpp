// A report on disk with its detached signature beside it (FILE and FILE.sig, see
// detached_signature.hpp): writing the pair, each file atomically, and checking it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/integrity/detached_signature.hpp"
#include "daemon/integrity/public_key.hpp"
#include "daemon/integrity/signing_key.hpp"

namespace phi {

// Writes `bytes` to `path` and their signature to `path`.sig, both with mode 0640 less the
// umask, each atomically (temporary file, fsync, rename, directory fsync); the report first,
// so a crash between the two leaves a pair that fails verification rather than one that
// passes. `signed_at`: the time written in the signature (nullopt: the wall clock now).
// Invalid when the file's name or the chain hash cannot go in a signature file.
Status WriteFileWithSignature(const std::string& path, std::string_view bytes,
                              const SigningKey& key, uint64_t chain_link,
                              std::string_view chain_hash_hex,
                              std::optional<TimeMicros> signed_at = std::nullopt);

// Reads `path` and `path`.sig and checks them with VerifyDetachedSignature; also says whether
// the file still has the name it was signed under. A file that cannot be read, or a .sig that
// is not a signature file, is an error naming the path.
Result<DetachedSignatureCheck> VerifyFileWithSignature(const std::string& path,
                                                       const PublicKey& key);

}  // namespace phi
