// Hex and base64 for the integrity files: RFC 4648's test vectors both ways, and the strict
// decoder refusing every spelling the encoder would not write.
#include "daemon/integrity/text_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace phi {
namespace {

TEST(TextEncoding, LowerHexOfEveryByteValue) {
  EXPECT_EQ(LowerHex(""), "");
  EXPECT_EQ(LowerHex(std::string("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
  EXPECT_TRUE(IsLowerHex("00017f80ff", 10));
  EXPECT_FALSE(IsLowerHex("00017F80FF", 10));  // upper case is another spelling
  EXPECT_FALSE(IsLowerHex("00017f80ff", 12));
  EXPECT_FALSE(IsLowerHex("0g", 2));
}

TEST(TextEncoding, LowerHexDecodesOnlyWhatLowerHexWrites) {
  std::string every;
  for (int b = 0; b < 256; ++b) every += static_cast<char>(b);
  EXPECT_EQ(LowerHexDecode(LowerHex(every)), every);
  EXPECT_EQ(LowerHexDecode(""), std::string());
  EXPECT_FALSE(LowerHexDecode("00017F"));  // upper case
  EXPECT_FALSE(LowerHexDecode("0001f"));   // odd length
  EXPECT_FALSE(LowerHexDecode("00 1"));
  EXPECT_FALSE(LowerHexDecode("zz"));
}

TEST(TextEncoding, Base64MatchesRfc4648Section10) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    const auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(TextEncoding, Base64RoundTripsEveryByteValueAndLength) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
    const auto decoded = Base64Decode(Base64Encode(bytes));
    ASSERT_TRUE(decoded.has_value()) << i;
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(TextEncoding, Base64DecoderRefusesNonCanonicalText) {
  for (const char* text : {
           "Zg",        // no padding
           "Zg=",       // short padding
           "Zh==",      // unused bits set ("Zg==" is the one spelling of "f")
           "Zm9=",      // unused bits set ("Zm8=")
           "Z===",      // three padding characters
           "Zg==Zg==",  // padding before the end
           "Zm9v\n",    // whitespace
           " Zm9v",     // whitespace
           "Zm9-",      // base64url alphabet
           "Zm=v",      // '=' inside a group
       }) {
    EXPECT_FALSE(Base64Decode(text).has_value()) << text;
  }
  EXPECT_FALSE(Base64Decode(std::string("Zm9\0", 4)).has_value());
}

}  // namespace
}  // namespace phi
