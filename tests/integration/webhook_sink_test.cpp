// The webhook sink against a real HTTPS receiver on loopback (real sockets, real TLS with a
// certificate made for the test): delivery and signatures, batching and keep-alive, error
// statuses and retries, a stalled receiver, certificates that must be refused, Splunk HEC and
// mutual TLS.
#include "daemon/sinks/webhook_sink.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>

#include "tests/alert_record_samples.hpp"
#include "tests/integration/https_receiver.hpp"
#include "tests/integration/self_signed_certificate.hpp"

namespace phi {
namespace {

using testing::HttpsReceiver;
using testing::HttpsReceiverOptions;
using testing::SampleAlertRecords;
using testing::ScriptedAnswer;
using testing::WriteSecretFile;

constexpr char kSharedKey[] = "test-only-webhook-key";

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A sink for the receiver, signing with `key` when one is given.
class WebhookSinkTest : public ::testing::Test {
 protected:
  WebhookOptions OptionsFor(const HttpsReceiver& receiver, std::string_view key = kSharedKey) {
    WebhookOptions options;
    options.url = receiver.Url("/hooks/phi");
    options.ca_file = receiver.ca_file().string();
    options.timeout_ms = 3000;
    if (!key.empty()) {
      WriteSecretFile(dir_ / "hmac.key", std::string(key) + "\n");
      options.hmac_key_file = (dir_ / "hmac.key").string();
    }
    return options;
  }

  std::unique_ptr<WebhookSink> MakeSink(const WebhookOptions& options) {
    auto sink = WebhookSink::Create(options);
    EXPECT_TRUE(sink.ok()) << sink.status().message();
    return sink.ok() ? std::move(sink.value()) : nullptr;
  }

  testing::ScratchDir dir_;
};

TEST_F(WebhookSinkTest, DeliversASignedJsonArrayTheReceiverVerifies) {
  HttpsReceiver receiver({.hmac_key = kSharedKey});
  auto sink = MakeSink(OptionsFor(receiver));
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->Confirmed(), 0u);

  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 3), 5).ok());
  EXPECT_EQ(sink->Confirmed(), 5u);  // `through` passes records filtered out after 3

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks/phi");
  EXPECT_EQ(request.signature_verdict, "valid");
  EXPECT_EQ(request.Header("x-phi-delivery"), "1-3");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("host"), "127.0.0.1:" + std::to_string(receiver.port()));

  simdjson::dom::parser parser;
  simdjson::dom::array array;
  ASSERT_EQ(parser.parse(request.body).get_array().get(array), simdjson::SUCCESS);
  ASSERT_EQ(array.size(), 3u);
  uint64_t expected_position = 1;
  for (simdjson::dom::element record : array) {
    EXPECT_EQ(uint64_t(record["record"].get_int64().value()), expected_position);
    EXPECT_EQ(std::string(record["alert_id"].get_string().value()),
              std::to_string(1000 + expected_position) + "-after-hours-access");
    ++expected_position;
  }
}

TEST_F(WebhookSinkTest, ConfiguredHeadersAreSent) {
  HttpsReceiver receiver;
  WebhookOptions options = OptionsFor(receiver, "");
  options.headers = {{"Authorization", "Bearer test-token"}, {"X-Tenant", "clinic-a"}};
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 1), 1).ok());
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("authorization"), "Bearer test-token");
  EXPECT_EQ(requests[0].Header("x-tenant"), "clinic-a");
  EXPECT_EQ(requests[0].Header("x-phi-signature"), "");  // no key, no signature
}

TEST_F(WebhookSinkTest, AWrongKeyFailsTheReceiversCheck) {
  HttpsReceiver receiver({.hmac_key = kSharedKey});
  auto sink = MakeSink(OptionsFor(receiver, "not-the-shared-key"));
  ASSERT_NE(sink, nullptr);

  const Status sent = sink->Send(SampleAlertRecords(1, 2), 2);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "HTTP 401")) << sent.message();
  EXPECT_EQ(sink->Confirmed(), 0u);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].signature_verdict, "mismatch");
}

TEST_F(WebhookSinkTest, AReceiverWhoseClockIsFarAheadRefusesTheTimestamp) {
  HttpsReceiver receiver({.hmac_key = kSharedKey, .clock_skew = std::chrono::minutes(10)});
  auto sink = MakeSink(OptionsFor(receiver));
  ASSERT_NE(sink, nullptr);
  EXPECT_FALSE(sink->Send(SampleAlertRecords(1, 1), 1).ok());
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].signature_verdict, "stale");
}

TEST_F(WebhookSinkTest, BatchesShareOneKeptAliveConnection) {
  HttpsReceiver receiver({.hmac_key = kSharedKey});
  WebhookOptions options = OptionsFor(receiver);
  options.batch_records = 2;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);

  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 5), 5).ok());
  ASSERT_TRUE(sink->Send(SampleAlertRecords(6, 1), 6).ok());
  EXPECT_EQ(sink->Confirmed(), 6u);

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].Header("x-phi-delivery"), "1-2");
  EXPECT_EQ(requests[1].Header("x-phi-delivery"), "3-4");
  EXPECT_EQ(requests[2].Header("x-phi-delivery"), "5-5");
  EXPECT_EQ(requests[3].Header("x-phi-delivery"), "6-6");
  for (const auto& request : requests) {
    EXPECT_EQ(request.signature_verdict, "valid");
    EXPECT_EQ(request.connection, 1u);
  }
  EXPECT_EQ(receiver.connections_accepted(), 1u);
  EXPECT_EQ(sink->connections_opened(), 1u);
}

TEST_F(WebhookSinkTest, AConnectionTheReceiverDroppedWhileIdleIsReplaced) {
  HttpsReceiver receiver({.close_idle_connections = true});
  auto sink = MakeSink(OptionsFor(receiver, ""));
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 1), 1).ok());
  ASSERT_TRUE(receiver.WaitForClosedConnections(1, std::chrono::seconds(5)));
  ASSERT_TRUE(sink->Send(SampleAlertRecords(2, 1), 2).ok());  // no failed attempt first
  EXPECT_EQ(receiver.connections_accepted(), 2u);
  EXPECT_EQ(sink->Confirmed(), 2u);
}

TEST_F(WebhookSinkTest, ErrorStatusesAreErrorsAndTheRetryLosesNothing) {
  HttpsReceiver receiver({.hmac_key = kSharedKey});
  receiver.Script({{503, {}, "synthetic-patient-7 is in the answer"}, {500, {}, "oops"}});
  WebhookOptions options = OptionsFor(receiver);
  options.batch_records = 2;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  const auto records = SampleAlertRecords(1, 3);

  Status sent = sink->Send(records, 3);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "HTTP 503")) << sent.message();
  EXPECT_TRUE(Contains(sent.message(), "records 1-2 not delivered")) << sent.message();
  EXPECT_FALSE(Contains(sent.message(), "synthetic-patient")) << "the answer is never quoted";
  EXPECT_FALSE(Contains(sent.message(), "/hooks/phi")) << "the path may hold a token";
  EXPECT_EQ(sink->Confirmed(), 0u);

  sink->Reset();
  sent = sink->Send(records, 3);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "HTTP 500")) << sent.message();
  EXPECT_EQ(sink->Confirmed(), 0u);

  sink->Reset();
  ASSERT_TRUE(sink->Send(records, 3).ok()) << "the script is used up: 200 from now on";
  EXPECT_EQ(sink->Confirmed(), 3u);

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].answered, 503u);
  EXPECT_EQ(requests[1].answered, 500u);
  EXPECT_EQ(requests[2].answered, 200u);
  EXPECT_EQ(requests[3].answered, 200u);
  // The refused batch went again unchanged (a receiver drops duplicates by X-Phi-Delivery).
  EXPECT_EQ(requests[0].body, requests[2].body);
  EXPECT_EQ(requests[2].Header("x-phi-delivery"), "1-2");
  EXPECT_EQ(requests[3].Header("x-phi-delivery"), "3-3");
}

TEST_F(WebhookSinkTest, ABatchConfirmedBeforeAFailureStaysConfirmed) {
  HttpsReceiver receiver;
  receiver.Script({{200}, {503}});
  WebhookOptions options = OptionsFor(receiver, "");
  options.batch_records = 2;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  EXPECT_FALSE(sink->Send(SampleAlertRecords(1, 4), 4).ok());
  EXPECT_EQ(sink->Confirmed(), 2u);  // the runner sends again from 3
}

TEST_F(WebhookSinkTest, AStalledReceiverFailsTheSendWithinTheTimeout) {
  HttpsReceiver receiver;
  receiver.Script({{200, std::chrono::seconds(20)}});
  WebhookOptions options = OptionsFor(receiver, "");
  options.timeout_ms = 400;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);

  const auto started = std::chrono::steady_clock::now();
  const Status sent = sink->Send(SampleAlertRecords(1, 1), 1);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "reading the response timed out")) << sent.message();
  EXPECT_GE(took, std::chrono::milliseconds(400));
  EXPECT_LT(took, std::chrono::milliseconds(400 + 1000));
  EXPECT_EQ(sink->Confirmed(), 0u);

  sink->Reset();
  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 1), 1).ok());  // a fresh connection answers
  EXPECT_EQ(sink->Confirmed(), 1u);
  EXPECT_EQ(receiver.connections_accepted(), 2u);
}

TEST_F(WebhookSinkTest, AListenerThatNeverHandshakesFailsTheSendWithinTheTimeout) {
  // The kernel completes the TCP connection from the backlog; nobody ever accepts it.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  WebhookOptions options;
  options.url = "https://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/h";
  options.timeout_ms = 300;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);

  const auto started = std::chrono::steady_clock::now();
  const Status sent = sink->Send(SampleAlertRecords(1, 1), 1);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "TLS handshake timed out (timeout_ms 300"))
      << sent.message();
  EXPECT_LT(took, std::chrono::milliseconds(300 + 1000));
}

TEST_F(WebhookSinkTest, ASelfSignedCertificateWithoutCaFileIsNotTrusted) {
  HttpsReceiver receiver;
  WebhookOptions options = OptionsFor(receiver, "");
  options.ca_file.clear();  // the system's trust store does not know the test's certificate
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  const Status sent = sink->Send(SampleAlertRecords(1, 1), 1);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(),
                       "TLS handshake failed: the server's certificate is not "
                       "trusted: self-signed certificate"))
      << sent.message();
  EXPECT_TRUE(receiver.requests().empty());
}

TEST_F(WebhookSinkTest, ATrustedCertificateForAnotherHostIsRefused) {
  HttpsReceiver receiver({.subject_alt_names = "DNS:receiver.example"});
  auto sink = MakeSink(OptionsFor(receiver, ""));
  ASSERT_NE(sink, nullptr);
  const Status sent = sink->Send(SampleAlertRecords(1, 1), 1);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "the server's certificate does not name 127.0.0.1"))
      << sent.message();
  EXPECT_TRUE(receiver.requests().empty());
}

TEST_F(WebhookSinkTest, ARefusedConnectionIsAClearError) {
  uint16_t closed_port = 0;
  {
    HttpsReceiver gone;
    closed_port = gone.port();
  }
  WebhookOptions options;
  options.url = "https://127.0.0.1:" + std::to_string(closed_port) + "/hooks/phi";
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  const Status sent = sink->Send(SampleAlertRecords(1, 1), 1);
  ASSERT_FALSE(sent.ok());
  EXPECT_TRUE(Contains(sent.message(), "connect failed: Connection refused")) << sent.message();
}

TEST_F(WebhookSinkTest, SplunkHecEventsCarryTheTokenAndParse) {
  HttpsReceiver receiver({.hmac_key = kSharedKey});
  WebhookOptions options = OptionsFor(receiver);
  options.url = receiver.Url("/services/collector/event");
  options.shape = WebhookOptions::Shape::kSplunkHec;
  WriteSecretFile(dir_ / "hec.token", "0b5c3e1a-test-hec-token\n");
  options.splunk_token_file = (dir_ / "hec.token").string();
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);

  ASSERT_TRUE(sink->Send(SampleAlertRecords(4, 2), 5).ok());
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/services/collector/event");
  EXPECT_EQ(requests[0].Header("authorization"), "Splunk 0b5c3e1a-test-hec-token");
  EXPECT_EQ(requests[0].signature_verdict, "valid");

  simdjson::dom::parser parser;
  simdjson::dom::document_stream events;
  ASSERT_EQ(parser.parse_many(requests[0].body).get(events), simdjson::SUCCESS);
  uint64_t position = 4;
  for (auto parsed : events) {
    simdjson::dom::element event;
    ASSERT_EQ(parsed.get(event), simdjson::SUCCESS);
    EXPECT_DOUBLE_EQ(event["time"].get_double().value(),
                     1'700'000'000.123 + static_cast<double>(position));
    EXPECT_FALSE(std::string(event["host"].get_string().value()).empty());
    EXPECT_EQ(std::string(event["source"].get_string().value()), "phi-auditd");
    EXPECT_EQ(std::string(event["sourcetype"].get_string().value()), "phi:alert");
    EXPECT_EQ(uint64_t(event["event"]["record"].get_int64().value()), position);
    ++position;
  }
  EXPECT_EQ(position, 6u);
}

TEST_F(WebhookSinkTest, MutualTlsPresentsTheClientCertificate) {
  const auto client = testing::MakeSelfSignedCertificate("phi-auditd test client", "");
  HttpsReceiver receiver({.trusted_client_certificate_pem = client.certificate_pem});

  auto without = MakeSink(OptionsFor(receiver, ""));
  ASSERT_NE(without, nullptr);
  EXPECT_FALSE(without->Send(SampleAlertRecords(1, 1), 1).ok());

  testing::WriteFile(dir_ / "client.pem", client.certificate_pem);
  WriteSecretFile(dir_ / "client.key", client.private_key_pem);
  WebhookOptions options = OptionsFor(receiver, "");
  options.client_cert_file = (dir_ / "client.pem").string();
  options.client_key_file = (dir_ / "client.key").string();
  auto with = MakeSink(options);
  ASSERT_NE(with, nullptr);
  ASSERT_TRUE(with->Send(SampleAlertRecords(1, 1), 1).ok());
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].client_certificate);
}

TEST_F(WebhookSinkTest, PlainHttpToLoopbackWhenAllowed) {
  HttpsReceiver receiver({.tls = false, .hmac_key = kSharedKey});
  WebhookOptions options = OptionsFor(receiver);
  options.ca_file.clear();
  options.allow_plain_http = true;
  auto sink = MakeSink(options);
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Send(SampleAlertRecords(1, 1), 1).ok());
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].signature_verdict, "valid");
}

TEST_F(WebhookSinkTest, NothingToSendConfirmsWithoutARequest) {
  HttpsReceiver receiver;
  auto sink = MakeSink(OptionsFor(receiver, ""));
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Send({}, 9).ok());
  EXPECT_EQ(sink->Confirmed(), 9u);
  EXPECT_EQ(receiver.connections_accepted(), 0u);
}

}  // namespace
}  // namespace phi
