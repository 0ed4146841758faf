// `phi-auditctl verify-report FILE [--public-key PEM]`: checks a report against its detached
// signature FILE.sig, offline, with only the public key; prints what was signed (when, at which
// chain link, by which key) or why it fails, and exits 1 once a byte of either file changed.
#pragma once

#include <ostream>
#include <string>

namespace phi {

// `public_key`: a PEM file; empty: `default_public_key` (data_dir's published key) if given.
int RunVerifyReport(const std::string& file, const std::string& public_key,
                    const std::string& default_public_key, std::ostream& out, std::ostream& err);

}  // namespace phi
