// The webhook URL parser: what it accepts and how it splits it, and what it refuses with a
// message naming what was expected.
#include "daemon/sinks/webhook_url.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

WebhookUrl Parsed(std::string_view text) {
  auto url = ParseWebhookUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << url.status().message();
  return url.ok() ? url.value() : WebhookUrl{};
}

std::string Refusal(std::string_view text) {
  auto url = ParseWebhookUrl(text);
  return url.ok() ? "(accepted)" : url.status().message();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(WebhookUrlTest, HttpsWithTheDefaultPort) {
  const WebhookUrl url = Parsed("https://alerts.example.org/hooks/phi");
  EXPECT_TRUE(url.tls);
  EXPECT_EQ(url.host, "alerts.example.org");
  EXPECT_EQ(url.port, 443);
  EXPECT_EQ(url.target, "/hooks/phi");
  EXPECT_EQ(url.HostHeader(), "alerts.example.org");
  EXPECT_EQ(url.Origin(), "https://alerts.example.org:443");
}

TEST(WebhookUrlTest, PortQueryAndCase) {
  const WebhookUrl url = Parsed("HTTPS://Splunk.Example:8088/services/collector/event?channel=a1");
  EXPECT_EQ(url.host, "splunk.example");
  EXPECT_EQ(url.port, 8088);
  EXPECT_EQ(url.target, "/services/collector/event?channel=a1");
  EXPECT_EQ(url.HostHeader(), "splunk.example:8088");
}

TEST(WebhookUrlTest, AnEmptyPathIsTheRoot) {
  EXPECT_EQ(Parsed("https://alerts.example").target, "/");
  EXPECT_EQ(Parsed("https://alerts.example?x=1").target, "/?x=1");
}

TEST(WebhookUrlTest, IpAddresses) {
  const WebhookUrl v4 = Parsed("http://127.0.0.1:8080/h");
  EXPECT_FALSE(v4.tls);
  EXPECT_EQ(v4.host, "127.0.0.1");
  EXPECT_EQ(v4.port, 8080);
  EXPECT_TRUE(v4.IsLoopback());

  const WebhookUrl v6 = Parsed("https://[::1]:8443/h");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.HostHeader(), "[::1]:8443");
  EXPECT_EQ(v6.Origin(), "https://[::1]:8443");
  EXPECT_TRUE(v6.IsLoopback());

  EXPECT_TRUE(Contains(Refusal("http://80/h"), "is not a host name"));  // digits: IPv4 or nothing
  EXPECT_FALSE(Parsed("https://10.0.0.1/h").IsLoopback());
  EXPECT_TRUE(Parsed("https://localhost/h").IsLoopback());
}

TEST(WebhookUrlTest, SchemesOtherThanHttpsAndHttpAreRefused) {
  EXPECT_TRUE(Contains(Refusal("ftp://a.example/"), "expected a URL starting with https://"));
  EXPECT_TRUE(Contains(Refusal("alerts.example/hook"), "expected a URL starting with https://"));
  EXPECT_TRUE(Contains(Refusal(""), "is empty"));
}

TEST(WebhookUrlTest, BadHostsAreRefused) {
  EXPECT_TRUE(Contains(Refusal("https:///hook"), "expected a host"));
  EXPECT_TRUE(Contains(Refusal("https://ex_ample.org/"), "is not a host name"));
  EXPECT_TRUE(Contains(Refusal("https://-a.example/"), "is not a host name"));
  EXPECT_TRUE(Contains(Refusal("https://a..example/"), "is not a host name"));
  EXPECT_TRUE(Contains(Refusal("https://999.1.1.1/"), "is not a host name"));
  EXPECT_TRUE(Contains(Refusal("https://[::1/"), "without a ']'"));
  EXPECT_TRUE(Contains(Refusal("https://[fe80::zz]/"), "is not an IPv6 address"));
  EXPECT_TRUE(Contains(Refusal("https://user:pw@a.example/"), "user names and passwords"));
}

TEST(WebhookUrlTest, BadPortsAreRefused) {
  for (const char* url :
       {"https://a.example:/", "https://a.example:0/", "https://a.example:65536/",
        "https://a.example:44x/", "https://a.example:-1/", "https://a.example:123456/"}) {
    EXPECT_TRUE(Contains(Refusal(url), "the port must be a number from 1 to 65535")) << url;
  }
  EXPECT_EQ(Parsed("https://a.example:65535/").port, 65535);
}

TEST(WebhookUrlTest, PathsThatCouldBreakTheRequestLineAreRefused) {
  EXPECT_TRUE(Contains(Refusal("https://a.example/a b"), "printable ASCII without spaces"));
  EXPECT_TRUE(Contains(Refusal("https://a.example/a\r\nHost: evil"), "printable ASCII"));
  EXPECT_TRUE(Contains(Refusal("https://a.example/caf\xc3\xa9"), "printable ASCII"));
  EXPECT_TRUE(Contains(Refusal("https://a.example/hook#top"), "a fragment"));
  EXPECT_EQ(Parsed("https://a.example/caf%C3%A9").target, "/caf%C3%A9");
}

}  // namespace
}  // namespace phi
