#include "daemon/ctl/verify_report_command.hpp"

#include <filesystem>

#include "daemon/integrity/public_key.hpp"
#include "daemon/integrity/signed_file.hpp"

namespace phi {

int RunVerifyReport(const std::string& file, const std::string& public_key,
                    const std::string& default_public_key, std::ostream& out, std::ostream& err) {
  std::string key_path = public_key;
  if (key_path.empty()) key_path = default_public_key;
  if (key_path.empty() || !std::filesystem::exists(key_path)) {
    err << "phi-auditctl: give the daemon's public key with --public-key FILE\n";
    return 1;
  }
  auto key = PublicKey::FromFile(key_path);
  if (!key.ok()) {
    err << "phi-auditctl: " << key.status().message() << "\n";
    return 1;
  }
  auto check = VerifyFileWithSignature(file, key.value());
  if (!check.ok()) {
    err << "phi-auditctl: " << check.status().message() << "\n";
    return 1;
  }
  const DetachedSignatureFields& f = check.value().fields;
  if (!check.value().ok()) {
    err << "phi-auditctl: " << file << " does NOT verify: " << check.value().reason << "\n";
    return 1;
  }
  out << file << ": signature valid\n"
      << "signed at " << FormatIsoTime(f.signed_at) << " by key " << f.key_fingerprint_hex
      << "\nread from the timeline at chain link " << f.chain_link << " (hash " << f.chain_hash_hex
      << ")\n"
      << "size " << f.size << " bytes, sha256 " << f.sha256_hex << "\n";
  if (!check.value().file_name_matches)
    out << "note: signed under the name '" << f.file_name << "'; the copy was renamed since\n";
  if (public_key.empty())
    out << "(checked with the public key in data_dir: to prove it to someone else, check with "
           "a copy of the public key kept elsewhere)\n";
  return 0;
}

}  // namespace phi
