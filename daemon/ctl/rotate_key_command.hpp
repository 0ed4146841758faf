// `phi-auditctl rotate-at-rest-key`: puts a new AES-256 key in front of the at-rest key file
// (docs/encryption-at-rest.md). The daemon seals new data with it from its next start; older
// keys stay in the file to read what they sealed. Nothing stored is re-encrypted.
#pragma once

#include <ostream>
#include <string>

namespace phi {

int RunRotateAtRestKey(const std::string& key_file, std::ostream& out, std::ostream& err);

}  // namespace phi
