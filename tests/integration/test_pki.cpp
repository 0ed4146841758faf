#include "tests/integration/test_pki.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace phi::testing {
namespace {

namespace fs = std::filesystem;

void OpenSsl(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  ProcessResult result = RunProcess(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("openssl " + args[1] + " failed: " + result.output);
  }
}

void MakeCa(const fs::path& cert, const fs::path& key, const std::string& name) {
  OpenSsl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-keyout", key.string(), "-out", cert.string(), "-days", "2", "-subj", "/CN=" + name});
}

// A key and a certificate signed by the CA, with the extensions in `extensions`.
void MakeSigned(const fs::path& dir, const std::string& stem, const std::string& name,
                const std::string& extensions, const fs::path& ca_cert, const fs::path& ca_key) {
  const fs::path key = dir / (stem + ".key"), csr = dir / (stem + ".csr"),
                 ext = dir / (stem + ".ext"), cert = dir / (stem + ".pem");
  WriteFile(ext, extensions);
  OpenSsl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
           key.string(), "-out", csr.string(), "-subj", "/CN=" + name});
  OpenSsl({"x509", "-req", "-in", csr.string(), "-CA", ca_cert.string(), "-CAkey", ca_key.string(),
           "-CAcreateserial", "-out", cert.string(), "-days", "2", "-extfile", ext.string()});
}

}  // namespace

TestPki MakeTestPki(const fs::path& dir) {
  fs::create_directories(dir);
  TestPki pki;
  pki.ca_cert = dir / "ca.pem";
  const fs::path ca_key = dir / "ca.key";
  MakeCa(pki.ca_cert, ca_key, "phi-auditd test CA");
  MakeSigned(dir, "server", "localhost",
             "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
             "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
             pki.ca_cert, ca_key);
  pki.server_cert = dir / "server.pem";
  pki.server_key = dir / "server.key";
  MakeSigned(dir, "client", kTestClientName,
             "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"
             "subjectAltName=DNS:" +
                 std::string(kTestClientName) + "\n",
             pki.ca_cert, ca_key);
  pki.client_cert = dir / "client.pem";
  pki.client_key = dir / "client.key";
  pki.other_ca_cert = dir / "other-ca.pem";
  MakeCa(pki.other_ca_cert, dir / "other-ca.key", "phi-auditd untrusted CA");
  return pki;
}

}  // namespace phi::testing
