#include "daemon/ctl/rotate_key_command.hpp"

#include "daemon/common/atomic_file.hpp"
#include "daemon/common/secret_file.hpp"
#include "daemon/integrity/at_rest_keys.hpp"

namespace phi {

int RunRotateAtRestKey(const std::string& key_file, std::ostream& out, std::ostream& err) {
  auto text = ReadSecretFile(key_file, "timeline encryption key");
  if (!text.ok()) {
    err << "phi-auditctl: " << text.status().message() << "\n";
    return 1;
  }
  auto rotated = RotatedKeyFileText(text.value() + "\n", key_file);
  if (!rotated.ok()) {
    err << "phi-auditctl: " << rotated.status().message() << "\n";
    return 1;
  }
  auto ring = AtRestKeyRing::Parse(rotated.value(), key_file);
  if (!ring.ok()) {
    err << "phi-auditctl: " << ring.status().message() << "\n";
    return 1;
  }
  // Replaced whole (temporary file, fsync, rename), never edited in place: a crash leaves the
  // old file or the new one, and the old keys are in both.
  if (Status written = WriteFileAtomically(key_file, rotated.value(), 0600); !written.ok()) {
    err << "phi-auditctl: " << written.message() << "\n";
    return 1;
  }
  out << "at-rest key " << ring.value().current().id << " added to " << key_file << " ("
      << ring.value().size() << " keys): phi-auditd seals new data with it from its next start; "
      << "keep the older keys in the file, they read what they sealed\n";
  return 0;
}

}  // namespace phi
