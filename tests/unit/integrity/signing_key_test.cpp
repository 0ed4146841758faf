// The signing key: created 0600 on first use and the same key loaded after; key files others
// could read, symbolic links and the wrong kind of key refused with the path in the message;
// signatures checked against RFC 8032's known answer and broken by any flipped bit.
#include "daemon/integrity/signing_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "daemon/integrity/public_key.hpp"
#include "daemon/integrity/sha256.hpp"
#include "daemon/integrity/text_encoding.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

// RFC 8032 section 7.1, test 1: the secret key as PKCS#8 PEM, its public key, and the
// signature of the empty message.
constexpr char kRfc8032PrivatePem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr char kRfc8032PublicPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
constexpr char kRfc8032PublicHex[] =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kRfc8032EmptyMessageSignatureHex[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
    "1cf9b46bd25bf5f0595bbe24655141438e7a100b";
// python3 -c "import hashlib; print(hashlib.sha256(bytes.fromhex('d75a98...511a')).hexdigest())"
constexpr char kRfc8032Fingerprint[] =
    "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void WriteKeyFile(const std::filesystem::path& path, std::string_view text, mode_t mode) {
  testing::WriteFile(path, text);
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SigningKey, IsCreated0600OnFirstUseAndTheSameKeyIsLoadedAfter) {
  testing::ScratchDir dir;
  const std::string path = (dir / "signing.key").string();
  auto created = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_TRUE(Contains(testing::ReadFile(path), "-----BEGIN PRIVATE KEY-----\n"));
  // Nothing else was left in the directory (the temporary file is gone).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);

  auto again = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->Fingerprint(), created->Fingerprint());
  EXPECT_EQ(again->PublicKeyRaw(), created->PublicKeyRaw());
  auto loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->Fingerprint(), created->Fingerprint());
  // What the first signed, the reloaded key's public half verifies.
  EXPECT_TRUE(loaded->public_key().Verify("checkpoint 7", created->Sign("checkpoint 7")));
}

TEST(SigningKey, TwoProcessesStartingAtOnceEndWithOneKey) {
  for (int round = 0; round < 20; ++round) {
    testing::ScratchDir dir;
    const std::string path = (dir / "signing.key").string();
    std::vector<std::string> fingerprints(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < fingerprints.size(); ++i) {
      threads.emplace_back([&, i] {
        auto key = SigningKey::LoadOrCreate(path);
        fingerprints[i] = key.ok() ? key->Fingerprint() : key.status().message();
      });
    }
    for (auto& thread : threads) thread.join();
    auto on_disk = SigningKey::Load(path);
    ASSERT_TRUE(on_disk.ok()) << on_disk.status().message();
    for (const auto& fingerprint : fingerprints) EXPECT_EQ(fingerprint, on_disk->Fingerprint());
  }
}

TEST(SigningKey, LoadDoesNotCreate) {
  testing::ScratchDir dir;
  auto key = SigningKey::Load((dir / "signing.key").string());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "signing.key"));
}

TEST(SigningKey, AKeyFileOthersCanReadIsRefusedNamingThePathAndMode) {
  testing::ScratchDir dir;
  const std::string path = (dir / "signing.key").string();
  ASSERT_TRUE(SigningKey::LoadOrCreate(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  for (const auto& key : {SigningKey::Load(path), SigningKey::LoadOrCreate(path)}) {
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().code(), Status::Code::kPermissionDenied);
    EXPECT_TRUE(Contains(key.status().message(), path)) << key.status().message();
    EXPECT_TRUE(Contains(key.status().message(), "mode 0644")) << key.status().message();
  }
  // Refused, not replaced: the file is as it was.
  EXPECT_EQ(ModeOf(path), 0644u);
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);  // group read alone is refused too
  EXPECT_FALSE(SigningKey::Load(path).ok());
}

TEST(SigningKey, ASymbolicLinkIsRefusedEvenToAGoodKey) {
  testing::ScratchDir dir;
  const std::string real = (dir / "real.key").string();
  ASSERT_TRUE(SigningKey::LoadOrCreate(real).ok());
  const std::string link = (dir / "signing.key").string();
  ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
  for (const auto& key : {SigningKey::Load(link), SigningKey::LoadOrCreate(link)}) {
    ASSERT_FALSE(key.ok());
    EXPECT_TRUE(Contains(key.status().message(), link)) << key.status().message();
    EXPECT_TRUE(Contains(key.status().message(), "symbolic link")) << key.status().message();
  }
  // A dangling link is refused as well, not written through.
  const std::string dangling = (dir / "dangling.key").string();
  ASSERT_EQ(::symlink((dir / "nowhere.key").c_str(), dangling.c_str()), 0);
  auto key = SigningKey::LoadOrCreate(dangling);
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), "symbolic link")) << key.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir / "nowhere.key"));
}

TEST(SigningKey, ADirectoryIsNotAKeyFile) {
  testing::ScratchDir dir;
  std::filesystem::create_directory(dir / "signing.key");
  ::chmod((dir / "signing.key").c_str(), 0700);
  auto key = SigningKey::LoadOrCreate((dir / "signing.key").string());
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), "not a regular file")) << key.status().message();
}

TEST(SigningKey, AMissingDirectoryIsAnErrorNamingThePath) {
  testing::ScratchDir dir;
  const std::string path = (dir / "missing" / "signing.key").string();
  auto key = SigningKey::LoadOrCreate(path);
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), path)) << key.status().message();
}

TEST(SigningKey, TheWrongContentsAreRefusedSayingWhatWasExpected) {
  testing::ScratchDir dir;
  const std::string path = (dir / "signing.key").string();

  WriteKeyFile(path, "not a key at all\n", 0600);
  auto garbage = SigningKey::LoadOrCreate(path);
  ASSERT_FALSE(garbage.ok());
  EXPECT_TRUE(Contains(garbage.status().message(), path));
  EXPECT_TRUE(Contains(garbage.status().message(), "BEGIN PRIVATE KEY"))
      << garbage.status().message();
  EXPECT_EQ(testing::ReadFile(path), "not a key at all\n");  // never replaced

  WriteKeyFile(path, kRfc8032PublicPem, 0600);
  EXPECT_FALSE(SigningKey::Load(path).ok());

  // A P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256).
  WriteKeyFile(path,
               "-----BEGIN PRIVATE KEY-----\n"
               "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7X7R0qV0sl/cxe5p\n"
               "UONMfAi/C0WeULA88yrtqFeEYwyhRANCAASLOA9fWDpjg5h9qX+qKQppEpUeIRk1\n"
               "ddpKnzRnl8mF0Geu4h3BibDWOEZ4qV4sNePFDYZM+5gHV1BiUV8QzePV\n"
               "-----END PRIVATE KEY-----\n",
               0600);
  auto ec = SigningKey::Load(path);
  ASSERT_FALSE(ec.ok());
  EXPECT_TRUE(Contains(ec.status().message(), "not an Ed25519 key")) << ec.status().message();

  // openssl genpkey -algorithm ed25519 -aes256 -pass pass:test-only
  WriteKeyFile(path,
               "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
               "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjPM/jWsql5ZAICCAAw\n"
               "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEKvpiDUtY8DocRsdf71cQkIEQFtH\n"
               "Xio1+RP2yfgDXHIXNmarjP9hJscTvHNGNK/bQLSaOLkSVtgmLFvE7cp/Jvu0N+4e\n"
               "bqxFAKPd1cML1oF6M18=\n"
               "-----END ENCRYPTED PRIVATE KEY-----\n",
               0600);
  auto encrypted = SigningKey::Load(path);  // must not prompt for a passphrase
  ASSERT_FALSE(encrypted.ok());
  EXPECT_TRUE(Contains(encrypted.status().message(), "encrypted")) << encrypted.status().message();
}

TEST(SigningKey, SignsAsRfc8032SaysAndNamesItsKeyByTheSha256OfTheRawPublicKey) {
  testing::ScratchDir dir;
  const std::string path = (dir / "signing.key").string();
  WriteKeyFile(path, kRfc8032PrivatePem, 0600);
  auto key = SigningKey::Load(path);
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(LowerHex(key->Sign("")), kRfc8032EmptyMessageSignatureHex);
  EXPECT_EQ(LowerHex(key->PublicKeyRaw()), kRfc8032PublicHex);
  EXPECT_EQ(key->Fingerprint(), kRfc8032Fingerprint);
  EXPECT_EQ(key->Fingerprint(), Sha256Hex(key->PublicKeyRaw()));
  EXPECT_EQ(key->PublicKeyPem(), kRfc8032PublicPem);
}

TEST(SigningKey, ASignatureVerifiesAndAnyFlippedBitBreaksIt) {
  const SigningKey key = SigningKey::Generate();
  const std::string message = "link 42 a3f9...: 1000 events";
  const std::string signature = key.Sign(message);
  ASSERT_EQ(signature.size(), 64u);
  const PublicKey& public_key = key.public_key();
  EXPECT_TRUE(public_key.Verify(message, signature));

  for (size_t i = 0; i < message.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string edited = message;
      edited[i] = static_cast<char>(edited[i] ^ (1 << bit));
      EXPECT_FALSE(public_key.Verify(edited, signature)) << "message byte " << i << " bit " << bit;
    }
  }
  for (size_t i = 0; i < signature.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string edited = signature;
      edited[i] = static_cast<char>(edited[i] ^ (1 << bit));
      EXPECT_FALSE(public_key.Verify(message, edited)) << "signature byte " << i << " bit " << bit;
    }
  }
  EXPECT_FALSE(public_key.Verify(message + "x", signature));
  EXPECT_FALSE(public_key.Verify(message, signature.substr(0, 63)));
  EXPECT_FALSE(public_key.Verify(message, signature + '\0'));
  EXPECT_FALSE(public_key.Verify(message, ""));
  // Another key's public half does not verify it.
  EXPECT_FALSE(SigningKey::Generate().public_key().Verify(message, signature));
}

TEST(PublicKey, RoundTripsThroughPemRawAndAFile) {
  const SigningKey key = SigningKey::Generate();
  auto from_pem = PublicKey::FromPem(key.PublicKeyPem());
  ASSERT_TRUE(from_pem.ok()) << from_pem.status().message();
  EXPECT_EQ(from_pem->Fingerprint(), key.Fingerprint());
  EXPECT_EQ(from_pem->Pem(), key.PublicKeyPem());
  auto from_raw = PublicKey::FromRaw(key.PublicKeyRaw());
  ASSERT_TRUE(from_raw.ok()) << from_raw.status().message();
  EXPECT_EQ(from_raw->Fingerprint(), key.Fingerprint());
  EXPECT_EQ(key.Fingerprint().size(), 64u);
  EXPECT_TRUE(IsLowerHex(key.Fingerprint(), 64));

  testing::ScratchDir dir;
  WriteKeyFile(dir / "signing.pub", key.PublicKeyPem(), 0644);
  auto from_file = PublicKey::FromFile((dir / "signing.pub").string());
  ASSERT_TRUE(from_file.ok()) << from_file.status().message();
  EXPECT_TRUE(from_file->Verify("m", key.Sign("m")));

  // A copy shares the key and outlives the original.
  PublicKey copy = from_file.value();
  from_file = PublicKey::FromRaw(std::string(32, '\x01'));
  EXPECT_TRUE(copy.Verify("m", key.Sign("m")));
}

TEST(PublicKey, RefusesWhatIsNotAnEd25519PublicKey) {
  auto private_pem = PublicKey::FromPem(kRfc8032PrivatePem);
  ASSERT_FALSE(private_pem.ok());
  EXPECT_TRUE(Contains(private_pem.status().message(), "a private key where a public key"))
      << private_pem.status().message();
  EXPECT_FALSE(PublicKey::FromPem("").ok());
  EXPECT_FALSE(PublicKey::FromPem(std::string(100000, '-')).ok());
  EXPECT_FALSE(PublicKey::FromRaw(std::string(31, 'a')).ok());

  testing::ScratchDir dir;
  WriteKeyFile(dir / "signing.pub", kRfc8032PublicPem, 0666);
  auto writable = PublicKey::FromFile((dir / "signing.pub").string());
  ASSERT_FALSE(writable.ok());  // anyone could have swapped it
  EXPECT_TRUE(Contains(writable.status().message(), (dir / "signing.pub").string()));
}

}  // namespace
}  // namespace phi
