// The webhook signature: HMAC-SHA256 against RFC 4231's known answers, and the exact
// X-Phi-Signature format a receiver recomputes ("t=<seconds>,v1=<hex of HMAC(key, t.body)>").
#include "daemon/sinks/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(WebhookSignatureTest, HmacSha256MatchesRfc4231TestCase1) {
  const std::string key(20, '\x0b');
  EXPECT_EQ(HmacSha256Hex(key, "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(WebhookSignatureTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignatureTest, HmacSha256MatchesRfc4231TestCase6WithAKeyLongerThanABlock) {
  const std::string key(131, '\xaa');
  EXPECT_EQ(HmacSha256Hex(key, "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(WebhookSignatureTest, SignsTheTimestampDotBody) {
  // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(
  //   b'test-only-webhook-key', b'1700000000.[{\"record\":1}]', hashlib.sha256).hexdigest())"
  EXPECT_EQ(WebhookSignature("test-only-webhook-key", 1700000000, R"([{"record":1}])"),
            "t=1700000000,v1=6d66955e217b0a0541c48a7cc61bf8dd74fad52da4253f4dada3be4035652183");
}

TEST(WebhookSignatureTest, AnyChangeToTimeBodyOrKeyChangesTheSignature) {
  const std::string signature = WebhookSignature("key", 1700000000, "[]");
  EXPECT_NE(WebhookSignature("key", 1700000001, "[]"), signature);
  EXPECT_NE(WebhookSignature("key", 1700000000, "[ ]"), signature);
  EXPECT_NE(WebhookSignature("kez", 1700000000, "[]"), signature);
}

}  // namespace
}  // namespace phi
