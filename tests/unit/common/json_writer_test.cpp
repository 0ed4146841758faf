#include "daemon/common/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace phi {
namespace {

std::string Json(std::string_view value) {
  std::string out;
  AppendJsonString(value, out);
  return out;
}

// True when `s` is well-formed UTF-8, checked by decoding (independently of the writer): no
// overlong form, no surrogate, nothing above U+10FFFF, no truncated sequence.
bool IsWellFormedUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n;
  }
  return true;
}

constexpr char kFffd[] = "\xEF\xBF\xBD";

TEST(JsonWriter, KeepsWellFormedUtf8AndEscapesQuotes) {
  EXPECT_EQ(Json("Jos\xC3\xA9 \"O\\Brien\" \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"Jos\xC3\xA9 \\\"O\\\\Brien\\\" \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(Json("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"), "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
}

TEST(JsonWriter, InvalidBytesBecomeReplacementCharacters) {
  // A stray continuation byte, a Latin-1 byte, bytes that never occur in UTF-8.
  EXPECT_EQ(Json("a\x80z"), std::string("\"a") + kFffd + "z\"");
  EXPECT_EQ(Json("caf\xE9"), std::string("\"caf") + kFffd + "\"");
  EXPECT_EQ(Json("\xFE\xFF"), std::string("\"") + kFffd + kFffd + "\"");
}

TEST(JsonWriter, OverlongEncodingsAreReplaced) {
  // "/" as C0 AF, E0 80 AF and F0 80 80 AF; NUL as C0 80 (modified UTF-8).
  for (std::string_view overlong : {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF",
                                    "\xF0\x80\x80\xAF", "\xF0\x8F\xBF\xBF", "\xC0\x80"}) {
    std::string out = Json(overlong);
    EXPECT_TRUE(IsWellFormedUtf8(out)) << out;
    EXPECT_EQ(out.find('/'), std::string::npos) << out;
    EXPECT_NE(out.find(kFffd), std::string::npos) << out;
    EXPECT_EQ(out.find("\\u0000"), std::string::npos) << out;
  }
}

TEST(JsonWriter, EncodedSurrogatesAndCodePointsAboveTheLastAreReplaced) {
  // U+D800, U+DBFF, U+DC00, U+DFFF (CESU-8 halves) and U+110000.
  for (std::string_view bad :
       {"\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xB0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80"}) {
    std::string out = Json(bad);
    EXPECT_TRUE(IsWellFormedUtf8(out)) << out;
    EXPECT_NE(out.find(kFffd), std::string::npos) << out;
    EXPECT_EQ(out.find("\xED\xA0"), std::string::npos);
  }
  // The last scalar before the surrogates stays.
  EXPECT_EQ(Json("\xED\x9F\xBF"), "\"\xED\x9F\xBF\"");
}

TEST(JsonWriter, TruncatedSequencesAtTheEndAreReplacedOnce) {
  EXPECT_EQ(Json("ab\xC3"), std::string("\"ab") + kFffd + "\"");
  EXPECT_EQ(Json("ab\xE2\x82"), std::string("\"ab") + kFffd + "\"");
  EXPECT_EQ(Json("ab\xF0\x9F\x98"), std::string("\"ab") + kFffd + "\"");
  // Truncated in the middle: the next character survives.
  EXPECT_EQ(Json("\xE2\x82z"), std::string("\"") + kFffd + "z\"");
}

TEST(JsonWriter, ControlCharactersAreEscaped) {
  EXPECT_EQ(Json("\x1b[2J\r\n\t\x01\x7f"), "\"\\u001b[2J\\r\\n\\t\\u0001\\u007f\"");
  // C1 controls (U+0080..U+009F), e.g. U+009B, the single-character CSI.
  EXPECT_EQ(Json("a\xC2\x9B"
                 "b\xC2\x85"),
            "\"a\\u009bb\\u0085\"");
  // U+00A0 is not a control.
  EXPECT_EQ(Json("\xC2\xA0"), "\"\xC2\xA0\"");
  EXPECT_EQ(Json(std::string_view("\0", 1)), "\"\\u0000\"");
}

TEST(JsonWriter, OutputIsAlwaysWellFormedForEveryByte) {
  for (int a = 0; a < 256; ++a) {
    for (int b : {0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xED, 0xF4, 0xFF}) {
      std::string in = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(0x80)};
      std::string out = Json(in);
      ASSERT_TRUE(IsWellFormedUtf8(out)) << a << " " << b;
      for (char c : out) ASSERT_GE(static_cast<unsigned char>(c), 0x20) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace phi
