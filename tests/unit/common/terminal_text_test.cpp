#include "daemon/common/terminal_text.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(TerminalText, PlainTextAndUnicodeAreKept) {
  EXPECT_EQ(TerminalSafe("ws-12 Jos\xC3\xA9 M\xC3\xBCller DOMAIN\\user \xE2\x82\xAC"),
            "ws-12 Jos\xC3\xA9 M\xC3\xBCller DOMAIN\\user \xE2\x82\xAC");
}

TEST(TerminalText, EscapeSequencesAreShownNotObeyed) {
  EXPECT_EQ(TerminalSafe("\x1b[2J\x1b[H\x1b]0;owned\x07ws\rX\n\t"),
            "\\x1b[2J\\x1b[H\\x1b]0;owned\\x07ws\\rX\\n\\t");
  EXPECT_EQ(TerminalSafe(std::string_view("a\0b\x7f", 4)), "a\\x00b\\x7f");
}

TEST(TerminalText, C1ControlsAndStrayBytesAreEscaped) {
  // U+009B is CSI on terminals that read C1 controls; a lone 0x9B byte is CSI on 8-bit ones.
  EXPECT_EQ(TerminalSafe("\xC2\x9B"
                         "2J"),
            "\\u009b2J");
  EXPECT_EQ(TerminalSafe("\x9B"
                         "2J"),
            "\\x9b2J");
  EXPECT_EQ(TerminalSafe("caf\xE9"), "caf\\xe9");
  EXPECT_EQ(TerminalSafe("\xE2\x82"), "\\xe2\\x82");
}

TEST(TerminalText, BidirectionalOverridesAreEscaped) {
  // U+202E (right-to-left override) would show "exe.txt" as "txt.exe".
  EXPECT_EQ(TerminalSafe("report\xE2\x80\xAEtxt.exe"), "report\\u202etxt.exe");
  EXPECT_EQ(TerminalSafe("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u2066x\\u2069");
}

TEST(TerminalText, NoOutputByteIsAControl) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      std::string out = TerminalSafe(std::string{static_cast<char>(a), static_cast<char>(b)});
      for (unsigned char c : out) ASSERT_TRUE(c >= 0x20 && c != 0x7F) << a << " " << b;
      for (size_t i = 0; i + 1 < out.size(); ++i) {
        auto c = static_cast<unsigned char>(out[i]), d = static_cast<unsigned char>(out[i + 1]);
        ASSERT_FALSE(c == 0xC2 && d >= 0x80 && d < 0xA0) << a << " " << b;
      }
    }
  }
}

}  // namespace
}  // namespace phi
