// What WebhookSink::Create refuses before anything is sent, each with a message that says
// why: hostile header values, plain http, secret files others could read or swap, options
// that do not go together.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/sinks/webhook_sink.hpp"
#include "tests/alert_record_samples.hpp"
#include "tests/integration/self_signed_certificate.hpp"

namespace phi {
namespace {

using testing::WriteSecretFile;

std::string RefusalOf(const WebhookOptions& options) {
  auto sink = WebhookSink::Create(options);
  return sink.ok() ? "(accepted)" : sink.status().message();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

WebhookOptions WithHeader(std::string name, std::string value) {
  WebhookOptions options;
  options.url = "https://alerts.example/hook";
  options.headers = {{std::move(name), std::move(value)}};
  return options;
}

TEST(WebhookSinkConfigTest, HeaderValuesWithCrOrLfAreRefused) {
  for (const char* value : {"a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rb", "ok\r\n\r\nGET /"}) {
    const std::string refusal = RefusalOf(WithHeader("X-Tenant", value));
    EXPECT_TRUE(Contains(refusal, "webhook header X-Tenant: the value holds a CR or LF"))
        << refusal;
    EXPECT_FALSE(Contains(refusal, "X-Injected")) << "values are never quoted back";
  }
  EXPECT_TRUE(
      Contains(RefusalOf(WithHeader("X-Tenant", std::string("a\0b", 3))), "only visible ASCII"));
  EXPECT_TRUE(Contains(RefusalOf(WithHeader("X-Tenant\r\nX-Injected", "1")),
                       "webhook header name \"X-Tenant??X-Injected\": expected letters"));
  EXPECT_TRUE(Contains(RefusalOf(WithHeader("X Tenant", "1")), "expected letters"));
  EXPECT_TRUE(Contains(RefusalOf(WithHeader("", "1")), "expected letters"));
  EXPECT_EQ(RefusalOf(WithHeader("X-Tenant", "clinic a\twest")), "(accepted)");
}

TEST(WebhookSinkConfigTest, HeadersTheSinkSetsItselfAreRefused) {
  for (const char* name : {"Host", "content-length", "Transfer-Encoding", "Connection",
                           "X-Phi-Signature", "x-phi-delivery"}) {
    EXPECT_TRUE(Contains(RefusalOf(WithHeader(name, "1")), "set by the sink itself")) << name;
  }
}

TEST(WebhookSinkConfigTest, PlainHttpOnlyWhenAllowedAndOnlyToLoopback) {
  WebhookOptions options;
  options.url = "http://127.0.0.1:8080/hook";
  EXPECT_TRUE(Contains(RefusalOf(options), "plain http would send alerts unencrypted"));
  options.allow_plain_http = true;
  EXPECT_EQ(RefusalOf(options), "(accepted)");
  options.url = "http://alerts.example/hook";
  EXPECT_TRUE(Contains(RefusalOf(options), "allow_plain_http is for loopback receivers only"));
}

TEST(WebhookSinkConfigTest, BadUrlsNameWhatWasExpected) {
  WebhookOptions options;
  options.url = "ftp://alerts.example/hook";
  EXPECT_TRUE(Contains(RefusalOf(options), "expected a URL starting with https://"));
  options.url = "https://user:secret@alerts.example/hook";
  EXPECT_TRUE(Contains(RefusalOf(options), "user names and passwords in the URL"));
}

class WebhookSinkSecretFileTest : public ::testing::Test {
 protected:
  std::string KeyRefusal(const std::filesystem::path& key_file) {
    WebhookOptions options;
    options.url = "https://alerts.example/hook";
    options.hmac_key_file = key_file.string();
    return RefusalOf(options);
  }
  testing::ScratchDir dir_;
};

TEST_F(WebhookSinkSecretFileTest, AKeyOnlyItsOwnerCanReadIsAccepted) {
  WriteSecretFile(dir_ / "hmac.key", "k\n");
  EXPECT_EQ(KeyRefusal(dir_ / "hmac.key"), "(accepted)");
  ::chmod((dir_ / "hmac.key").c_str(), 0400);
  EXPECT_EQ(KeyRefusal(dir_ / "hmac.key"), "(accepted)");
}

TEST_F(WebhookSinkSecretFileTest, AKeyGroupOrOthersCanReadIsRefused) {
  WriteSecretFile(dir_ / "hmac.key", "k\n");
  for (mode_t mode : {0640, 0604, 0610}) {
    ::chmod((dir_ / "hmac.key").c_str(), mode);
    const std::string refusal = KeyRefusal(dir_ / "hmac.key");
    EXPECT_TRUE(Contains(refusal, "refusing the webhook HMAC key: mode 0")) << refusal;
    EXPECT_TRUE(Contains(refusal, "gives group or others access; chmod 600")) << refusal;
  }
}

TEST_F(WebhookSinkSecretFileTest, AKeyOwnedBySomeoneElseIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file away needs root";
  WriteSecretFile(dir_ / "hmac.key", "k\n");
  ASSERT_EQ(::chown((dir_ / "hmac.key").c_str(), 65534, 65534), 0);
  const std::string refusal = KeyRefusal(dir_ / "hmac.key");
  EXPECT_TRUE(Contains(refusal, "owned by uid 65534, not by this user (uid 0)")) << refusal;
}

TEST_F(WebhookSinkSecretFileTest, ASymbolicLinkIsRefusedEvenToAGoodKey) {
  WriteSecretFile(dir_ / "hmac.key", "k\n");
  std::filesystem::create_symlink(dir_ / "hmac.key", dir_ / "link.key");
  EXPECT_TRUE(Contains(KeyRefusal(dir_ / "link.key"), "a symbolic link"));
}

TEST_F(WebhookSinkSecretFileTest, MissingEmptyAndNonRegularKeysAreRefused) {
  EXPECT_TRUE(Contains(KeyRefusal(dir_ / "missing.key"), "cannot open the webhook HMAC key"));
  WriteSecretFile(dir_ / "empty.key", "\n");
  EXPECT_TRUE(Contains(KeyRefusal(dir_ / "empty.key"), "the webhook HMAC key is empty"));
  std::filesystem::create_directory(dir_ / "folder.key");
  ::chmod((dir_ / "folder.key").c_str(), 0700);
  EXPECT_TRUE(Contains(KeyRefusal(dir_ / "folder.key"), "not a regular file"));
}

TEST_F(WebhookSinkSecretFileTest, ATlsClientKeyIsASecretFileToo) {
  WebhookOptions options;
  options.url = "https://alerts.example/hook";
  const auto client = testing::MakeSelfSignedCertificate("phi-auditd test client", "");
  testing::WriteFile(dir_ / "client.pem", client.certificate_pem);
  testing::WriteFile(dir_ / "client.key", client.private_key_pem);
  ::chmod((dir_ / "client.key").c_str(), 0644);
  options.client_cert_file = (dir_ / "client.pem").string();
  options.client_key_file = (dir_ / "client.key").string();
  const std::string refusal = RefusalOf(options);
  EXPECT_TRUE(Contains(refusal, "refusing the TLS client key: mode 0644")) << refusal;
  ::chmod((dir_ / "client.key").c_str(), 0600);
  EXPECT_EQ(RefusalOf(options), "(accepted)");
}

TEST(WebhookSinkConfigTest, OptionsThatDoNotGoTogetherAreRefused) {
  WebhookOptions options;
  options.url = "https://splunk.example:8088/services/collector/event";
  options.shape = WebhookOptions::Shape::kSplunkHec;
  EXPECT_TRUE(Contains(RefusalOf(options), "splunk-hec needs splunk_token_file"));
  options.shape = WebhookOptions::Shape::kJson;
  options.splunk_token_file = "/etc/phi-auditd/hec.token";
  EXPECT_TRUE(Contains(RefusalOf(options), "splunk_token_file is for the splunk-hec shape only"));

  options = {};
  options.url = "https://alerts.example/hook";
  options.client_cert_file = "/etc/phi-auditd/client.pem";
  EXPECT_TRUE(Contains(RefusalOf(options), "give both or neither"));

  options = {};
  options.url = "https://alerts.example/hook";
  options.timeout_ms = 0;
  EXPECT_TRUE(Contains(RefusalOf(options), "webhook timeout_ms 0: expected 1 to"));
  options.timeout_ms = 5000;
  options.batch_records = 0;
  EXPECT_TRUE(Contains(RefusalOf(options), "webhook batch_records 0: expected 1 to"));

  options = {};
  options.url = "https://alerts.example/hook";
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_TRUE(Contains(RefusalOf(options), "ca_file /nonexistent/ca.pem: cannot load"));
}

}  // namespace
}  // namespace phi
