// The syslog sink against a real rsyslogd over real loopback sockets: records sent over TCP, TLS,
// mutual TLS and UDP arrive parsed by rsyslog as RFC 5424 with the right structured data and
// payload; hostile text arrives intact and as valid UTF-8; an untrusted certificate or a wrong
// name is refused with a clear error; and while rsyslogd is stopped or killed in the middle of a
// burst, the sink driven the way the SinkRunner drives it loses no record.
#include "daemon/sinks/syslog_sink.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <thread>

#include "daemon/common/json_writer.hpp"
#include "tests/integration/rsyslog_receiver.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;
using testing::ReceivedSyslogMessage;
using testing::RsyslogReceiver;
using Transport = SyslogOptions::Transport;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr char kSdId[] = "phi@32473";
constexpr milliseconds kPatience(10000);

AlertRecord MakeRecord(uint64_t position) {
  AlertRecord r;
  r.position = position;
  r.change = "created";
  r.at = *ParseIsoTime("2024-03-01T12:00:00Z") + static_cast<TimeMicros>(position) * 1000;
  r.by = kDetectionActor;
  r.alert.alert_id = std::to_string(1000 + position) + "-after_hours";
  r.alert.rule_id = "after_hours";
  r.alert.severity = Severity::kHigh;
  r.alert.user = "u" + std::to_string(position % 7);
  r.alert.summary = "Chart opened outside working hours";
  r.alert.count = position;
  r.alert.status = "open";
  return r;
}

std::vector<AlertRecord> MakeRecords(uint64_t count) {
  std::vector<AlertRecord> records;
  for (uint64_t p = 1; p <= count; ++p) records.push_back(MakeRecord(p));
  return records;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedUtf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string RecordOf(const ReceivedSyslogMessage& m, const std::string& sd_id = kSdId) {
  auto element = m.sd.find(sd_id);
  if (element == m.sd.end()) return "";
  auto record = element->second.find("record");
  return record == element->second.end() ? "" : record->second;
}

// Polls Confirmed() as the runner does until it reaches `through`.
bool WaitConfirmed(SyslogSink& sink, uint64_t through, milliseconds timeout = kPatience) {
  const auto deadline = Clock::now() + timeout;
  while (sink.Confirmed() < through) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

// Sends `records` in batches and waits until all of them are confirmed.
void SendAll(SyslogSink& sink, const std::vector<AlertRecord>& records, size_t batch) {
  for (size_t start = 0; start < records.size(); start += batch) {
    size_t end = std::min(records.size(), start + batch);
    std::vector<AlertRecord> slice(records.begin() + static_cast<ptrdiff_t>(start),
                                   records.begin() + static_cast<ptrdiff_t>(end));
    Status s = sink.Send(slice, slice.back().position);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  ASSERT_TRUE(WaitConfirmed(sink, records.back().position))
      << "confirmed " << sink.Confirmed() << " of " << records.back().position;
}

// Drives the sink the way the SinkRunner will: batches from the next position; after an error
// a capped backoff, Reset() and on from Confirmed() + 1; with everything sent, an empty Send now
// and then so that a connection lost before confirmation is noticed and its records sent again.
// `each_turn(batches_sent)` runs every turn (the outage tests stop and start rsyslogd there).
std::vector<std::string> DriveLikeTheRunner(SyslogSink& sink,
                                            const std::vector<AlertRecord>& records, size_t batch,
                                            milliseconds pace,
                                            const std::function<void(size_t)>& each_turn) {
  std::vector<std::string> errors;
  const uint64_t last = records.size();
  const auto deadline = Clock::now() + milliseconds(30000);
  uint64_t next = sink.Confirmed() + 1;
  size_t batches_sent = 0;
  milliseconds backoff(50);
  while (sink.Confirmed() < last && Clock::now() < deadline) {
    each_turn(batches_sent);
    uint64_t through = std::min(last, next + batch - 1);
    std::vector<AlertRecord> slice;
    if (next <= last) {
      slice.assign(records.begin() + static_cast<ptrdiff_t>(next - 1),
                   records.begin() + static_cast<ptrdiff_t>(through));
    } else {
      through = last;
    }
    Status s = sink.Send(slice, through);
    if (s.ok()) {
      if (!slice.empty()) ++batches_sent;
      next = through + 1;
      backoff = milliseconds(50);
      std::this_thread::sleep_for(pace);
      continue;
    }
    errors.push_back(s.message());
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, milliseconds(400));
    sink.Reset();
    next = sink.Confirmed() + 1;
  }
  return errors;
}

class SyslogSinkTest : public ::testing::Test {
 protected:
  SyslogOptions Options(Transport transport) {
    SyslogOptions o;
    o.transport = transport;
    o.host = "127.0.0.1";
    o.port = transport == Transport::kUdp   ? receiver_.udp_port()
             : transport == Transport::kTcp ? receiver_.tcp_port()
                                            : receiver_.tls_port();
    if (transport == Transport::kTls) o.ca_file = receiver_.pki().ca_cert.string();
    o.hostname = "phi-test-host";
    o.settle_ms = 200;
    o.connect_timeout_ms = 2000;
    o.write_timeout_ms = 3000;
    return o;
  }

  // Opens a sink from the first position, failing the test if Open does.
  std::unique_ptr<SyslogSink> OpenSink(const SyslogOptions& options) {
    auto sink = std::make_unique<SyslogSink>(options);
    Status s = sink->Open("");
    EXPECT_TRUE(s.ok()) << s.message();
    return sink;
  }

  // Every record arrived once through `input`, parsed as RFC 5424 with every field right.
  void ExpectArrived(const std::vector<AlertRecord>& records, const std::string& input,
                     const std::string& sd_id = kSdId) {
    std::vector<ReceivedSyslogMessage> received =
        receiver_.WaitForMessages(records.size(), kPatience);
    ASSERT_EQ(received.size(), records.size()) << receiver_.Log();
    std::map<std::string, const ReceivedSyslogMessage*> by_record;
    for (const ReceivedSyslogMessage& m : received) by_record[RecordOf(m, sd_id)] = &m;
    for (const AlertRecord& r : records) {
      SCOPED_TRACE("record " + std::to_string(r.position));
      auto found = by_record.find(std::to_string(r.position));
      ASSERT_NE(found, by_record.end());
      const ReceivedSyslogMessage& m = *found->second;
      EXPECT_EQ(m.input, input);
      EXPECT_EQ(m.pri, std::to_string(kSyslogFacilityLocal4 * 8 + 3));  // high: err
      EXPECT_EQ(m.version, "1");
      EXPECT_EQ(m.timestamp, FormatIsoTime(r.at));
      EXPECT_EQ(m.hostname, "phi-test-host");
      EXPECT_EQ(m.app_name, "phi-auditd");
      EXPECT_EQ(m.procid, std::to_string(getpid()));
      EXPECT_EQ(m.msgid, "alert");
      const std::map<std::string, std::string> expected_sd = {
          {"alert_id", r.alert.alert_id},
          {"record", std::to_string(r.position)},
          {"change", r.change},
          {"rule_id", r.alert.rule_id},
          {"severity", "high"},
          {"user", r.alert.user},
          {"count", std::to_string(r.alert.count)},
          {"status", r.alert.status}};
      EXPECT_EQ(m.sd.at(sd_id), expected_sd);
      std::string json;
      AppendAlertRecordJson(r, json);
      EXPECT_EQ(m.msg, std::string(kBom) + json);
    }
  }

  testing::ScratchDir dir_;
  RsyslogReceiver receiver_{dir_.path()};
};

TEST_F(SyslogSinkTest, TcpRecordsArriveParsedWithTheirStructuredDataAndPayload) {
  auto sink = OpenSink(Options(Transport::kTcp));
  std::vector<AlertRecord> records = MakeRecords(40);
  SendAll(*sink, records, 7);
  ExpectArrived(records, "tcp");
}

TEST_F(SyslogSinkTest, TlsRecordsArriveWithTheServerNameCheckedAndSni) {
  SyslogOptions options = Options(Transport::kTls);
  options.server_name = "localhost";
  options.sd_id = "audit@32473";
  auto sink = OpenSink(options);
  std::vector<AlertRecord> records = MakeRecords(40);
  SendAll(*sink, records, 7);
  ExpectArrived(records, "tls", "audit@32473");
}

TEST_F(SyslogSinkTest, MutualTlsWithAClientCertificate) {
  SyslogOptions options = Options(Transport::kTls);
  options.port = receiver_.mtls_port();
  options.client_cert_file = receiver_.pki().client_cert.string();
  options.client_key_file = receiver_.pki().client_key.string();
  auto sink = OpenSink(options);
  std::vector<AlertRecord> records = MakeRecords(5);
  SendAll(*sink, records, 5);
  ExpectArrived(records, "mtls");
}

TEST_F(SyslogSinkTest, AReceiverThatRefusesTheClientNeverConfirms) {
  SyslogOptions options = Options(Transport::kTls);
  options.port = receiver_.mtls_port();  // wants a client certificate; this sink has none
  auto sink = OpenSink(options);
  std::vector<AlertRecord> records = MakeRecords(5);
  // With TLS 1.3 the client's handshake is over before the server looks at its certificate:
  // the write goes through, then the server closes.
  bool failed = !sink->Send(records, 5).ok();
  EXPECT_FALSE(WaitConfirmed(*sink, 5, milliseconds(1000)));
  failed = failed || !sink->Send(MakeRecords(6), 6).ok();
  EXPECT_TRUE(failed);
  EXPECT_EQ(sink->Confirmed(), 0u);
  EXPECT_TRUE(receiver_.Received().empty());
}

TEST_F(SyslogSinkTest, HostileTextArrivesIntactAndAsValidUtf8) {
  auto sink = OpenSink(Options(Transport::kTcp));
  const std::string hostile =
      "a \"quoted\" ] bracket \\ backslash\nnew line\r\n<13>1 forged - - - - line Zo\xC3\xAB "
      "\xE2\x82\xAC \xFF\xC3( end";
  std::vector<AlertRecord> records = MakeRecords(3);
  for (AlertRecord& r : records) {
    r.change = "noted";
    r.by = "alice";
    r.note = hostile;
    r.alert.user = hostile;
    r.alert.summary = hostile;
  }
  SendAll(*sink, records, 3);
  std::vector<ReceivedSyslogMessage> received = receiver_.WaitForMessages(3, kPatience);
  ASSERT_EQ(received.size(), 3u) << receiver_.Log();  // no forged extra message
  const std::string user_as_sent =  // control characters and ill-formed bytes: U+FFFD
      "a \"quoted\" ] bracket \\ backslash\xEF\xBF\xBDnew line\xEF\xBF\xBD\xEF\xBF\xBD<13>1 forged "
      "- - - - line Zo\xC3\xAB \xE2\x82\xAC \xEF\xBF\xBD\xEF\xBF\xBD( end";
  for (const ReceivedSyslogMessage& m : received) {
    EXPECT_EQ(m.version, "1");
    EXPECT_EQ(m.pri, std::to_string(kSyslogFacilityLocal4 * 8 + 5));  // a note: notice
    EXPECT_EQ(m.sd.at(kSdId).at("user"), user_as_sent);
    EXPECT_EQ(m.sd.at(kSdId).at("change"), "noted");
    const AlertRecord& r = records.at(std::stoul(RecordOf(m)) - 1);
    std::string json;
    AppendAlertRecordJson(r, json);
    EXPECT_EQ(m.msg, std::string(kBom) + json);
    EXPECT_TRUE(IsValidUtf8(m.msg));
    EXPECT_TRUE(IsValidUtf8(m.structured_data));
  }
}

TEST_F(SyslogSinkTest, AnUntrustedCertificateIsRefusedWithAClearError) {
  SyslogOptions options = Options(Transport::kTls);
  options.ca_file = receiver_.pki().other_ca_cert.string();
  auto sink = OpenSink(options);
  Status s = sink->Send(MakeRecords(1), 1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(receiver_.tls_port())),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("certificate verify failed"), std::string::npos) << s.message();
  EXPECT_EQ(sink->Confirmed(), 0u);
  EXPECT_TRUE(receiver_.Received().empty());
}

TEST_F(SyslogSinkTest, ACertificateForAnotherNameIsRefused) {
  SyslogOptions options = Options(Transport::kTls);
  options.server_name = "siem.example.org";
  auto sink = OpenSink(options);
  Status s = sink->Send(MakeRecords(1), 1);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("hostname mismatch"), std::string::npos) << s.message();
}

TEST_F(SyslogSinkTest, UdpRecordsArriveOneDatagramEachAndALongOneCut) {
  auto sink = OpenSink(Options(Transport::kUdp));
  std::vector<AlertRecord> records = MakeRecords(20);
  records.back().alert.explanation = std::string(5000, 'x');  // past 2048 bytes
  for (size_t start = 0; start < records.size(); start += 5) {
    std::vector<AlertRecord> slice(records.begin() + static_cast<ptrdiff_t>(start),
                                   records.begin() + static_cast<ptrdiff_t>(start + 5));
    ASSERT_TRUE(sink->Send(slice, slice.back().position).ok());
    EXPECT_EQ(sink->Confirmed(), slice.back().position);  // at most once: confirmed on sending
  }
  // UDP may drop; on loopback, to a receiver seen listening, it practically never does.
  std::vector<ReceivedSyslogMessage> received = receiver_.WaitForMessages(20, kPatience);
  EXPECT_GE(received.size(), 18u) << receiver_.Log();
  for (const ReceivedSyslogMessage& m : received) {
    EXPECT_EQ(m.input, "udp");
    EXPECT_EQ(m.version, "1");
    EXPECT_EQ(m.msgid, "alert");
    const AlertRecord& r = records.at(std::stoul(RecordOf(m)) - 1);
    if (r.position != 20) continue;
    EXPECT_NE(m.sd.at(kSdId).find("truncated"), m.sd.at(kSdId).end());
    EXPECT_LT(m.msg.size(), kDefaultSyslogDatagramBytes);
    EXPECT_TRUE(IsValidUtf8(m.msg));
  }
}

TEST_F(SyslogSinkTest, NothingIsConfirmedBeforeTheSettleTimeAndAClosedConnectionIsNoticed) {
  SyslogOptions options = Options(Transport::kTcp);
  options.settle_ms = 800;
  auto sink = OpenSink(options);
  ASSERT_TRUE(sink->Send(MakeRecords(5), 5).ok());
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(sink->Confirmed(), 0u);  // acknowledged by now, but not settled
  receiver_.Stop(SIGKILL);
  std::this_thread::sleep_for(milliseconds(900));
  EXPECT_EQ(sink->Confirmed(), 0u);  // the connection went down before it settled
  Status s = sink->Send({MakeRecord(6)}, 6);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("closed the connection"), std::string::npos) << s.message();
}

// rsyslogd stalls in the middle of a burst (frozen: its kernel still acknowledges what the sink
// writes), dies with those bytes unread well within the settle time, and comes back 0.7 s later.
void ExpectNothingLostAcrossAnOutage(RsyslogReceiver& receiver, SyslogSink& sink, int signal) {
  const std::vector<AlertRecord> records = MakeRecords(300);
  bool stopped = false, restarted = false;
  Clock::time_point stopped_at;
  std::vector<std::string> errors =
      DriveLikeTheRunner(sink, records, 10, milliseconds(25), [&](size_t batches_sent) {
        if (batches_sent == 12 && !stopped) receiver.Freeze();
        if (batches_sent == 16 && !stopped) {
          receiver.Stop(signal);
          stopped = true;
          stopped_at = Clock::now();
        }
        if (stopped && !restarted && Clock::now() - stopped_at > milliseconds(700)) {
          receiver.Start();
          restarted = true;
        }
      });
  ASSERT_TRUE(restarted);
  EXPECT_EQ(sink.Confirmed(), records.size());
  EXPECT_FALSE(errors.empty()) << "the outage went unnoticed";

  std::map<std::string, int> arrivals;
  std::string missing;
  auto count_arrivals = [&] {
    arrivals.clear();
    for (const ReceivedSyslogMessage& m : receiver.Received()) ++arrivals[RecordOf(m)];
    missing.clear();
    for (const AlertRecord& r : records) {
      if (arrivals.count(std::to_string(r.position)) == 0) {
        missing += std::to_string(r.position) + " ";
      }
    }
    return missing.empty();
  };
  const auto deadline = Clock::now() + kPatience;
  while (!count_arrivals() && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(missing, "") << "lost records; the sink's first error: "
                         << (errors.empty() ? "none" : errors.front()) << "\n"
                         << receiver.Log();
  size_t duplicates = 0;
  for (const auto& [record, count] : arrivals) duplicates += static_cast<size_t>(count - 1);
  std::cout << "[ outage   ] " << errors.size() << " send errors, " << duplicates
            << " duplicates (dropped by receivers by alert_id and record)\n";
}

TEST_F(SyslogSinkTest, NothingIsLostWhenTheReceiverStopsMidBurstOverTcp) {
  SyslogOptions options = Options(Transport::kTcp);
  options.settle_ms = 500;
  auto sink = OpenSink(options);
  ExpectNothingLostAcrossAnOutage(receiver_, *sink, SIGTERM);
}

TEST_F(SyslogSinkTest, NothingIsLostWhenTheReceiverIsKilledMidBurstOverTls) {
  SyslogOptions options = Options(Transport::kTls);
  options.settle_ms = 500;
  auto sink = OpenSink(options);
  ExpectNothingLostAcrossAnOutage(receiver_, *sink, SIGKILL);
}

TEST_F(SyslogSinkTest, OpenRefusesOptionsAndFilesThatRetryingCannotMend) {
  SyslogOptions options = Options(Transport::kTls);
  options.ca_file = (dir_ / "missing-ca.pem").string();
  EXPECT_NE(SyslogSink(options).Open("").message().find("missing-ca.pem"), std::string::npos);
  options = Options(Transport::kTcp);
  options.sd_id = "phi 32473";
  EXPECT_NE(SyslogSink(options).Open("").message().find("sd_id"), std::string::npos);
  options = Options(Transport::kUdp);
  options.max_datagram_bytes = 100;
  EXPECT_NE(SyslogSink(options).Open("").message().find("max_datagram_bytes"), std::string::npos);
  options = Options(Transport::kTcp);
  SyslogSink sink(options);
  ASSERT_TRUE(sink.Open("41").ok());
  EXPECT_EQ(sink.Confirmed(), 41u);  // the saved cursor
  EXPECT_EQ(sink.Checkpoint(), "41");
  // Not a position (the name was another type of sink before): ignored, the runner's cursor
  // decides where delivery resumes.
  SyslogSink other(options);
  ASSERT_TRUE(other.Open(std::string("\0\0\0\x18 binary", 11)).ok());
  EXPECT_EQ(other.Confirmed(), 0u);
}

}  // namespace
}  // namespace phi
