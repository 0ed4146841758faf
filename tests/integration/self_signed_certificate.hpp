// Self-signed certificates made at run time for TLS tests (never committed): an EC P-256 key
// and an X.509 certificate valid from a minute ago for a day, with the given subjectAltName
// entries, usable both as a server's certificate and as the CA file that trusts it.
#pragma once

#include <string>
#include <string_view>

namespace phi::testing {

struct SelfSignedCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// `subject_alt_names` in OpenSSL's notation: "IP:127.0.0.1,DNS:localhost" ("" for none).
// Aborts the test program if OpenSSL fails (a broken test environment, not a test failure).
SelfSignedCertificate MakeSelfSignedCertificate(std::string_view common_name,
                                                std::string_view subject_alt_names);

}  // namespace phi::testing
