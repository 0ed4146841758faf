// Certificates for TLS tests, made at run time with the openssl command line into a scratch
// folder (no key is ever committed): a CA, a server certificate it signs for localhost and
// 127.0.0.1, a client certificate it signs, and a second CA that signed nothing (the "untrusted"
// one). EC P-256 keys, valid for two days.
#pragma once

#include <filesystem>

namespace phi::testing {

struct TestPki {
  std::filesystem::path ca_cert;
  std::filesystem::path server_cert, server_key;  // CN and SANs: localhost, 127.0.0.1
  std::filesystem::path client_cert, client_key;  // CN and SAN: phi-auditd-client
  std::filesystem::path other_ca_cert;            // trusts nothing the server shows
};

inline constexpr char kTestClientName[] = "phi-auditd-client";

// Throws std::runtime_error with openssl's output when a step fails.
TestPki MakeTestPki(const std::filesystem::path& dir);

}  // namespace phi::testing
