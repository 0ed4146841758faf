#include "daemon/reports/text_wrap.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

using Lines = std::vector<std::string>;

// Every code point one unit wide, so widths are counts of characters.
GlyphWidths UnitWidths() {
  return GlyphWidths([](uint32_t) { return 1.0f; });
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool WellFormed(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedUtf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

TEST(TextWrap, BreaksAtSpaces) {
  GlyphWidths widths = UnitWidths();
  EXPECT_EQ(WrapText("aa bb cc", 5, widths), (Lines{"aa bb", "cc"}));
  EXPECT_EQ(WrapText("aa bb cc", 8, widths), (Lines{"aa bb cc"}));
  EXPECT_EQ(WrapText("  aa   bb  ", 5, widths), (Lines{"aa bb"}));  // runs of spaces fold
  EXPECT_EQ(WrapText("aaaaa bbbbb", 5, widths), (Lines{"aaaaa", "bbbbb"}));
}

TEST(TextWrap, EmptyOrBlankTextHasNoLines) {
  GlyphWidths widths = UnitWidths();
  EXPECT_TRUE(WrapText("", 10, widths).empty());
  EXPECT_TRUE(WrapText("    ", 10, widths).empty());
}

TEST(TextWrap, CutsWordsWiderThanALine) {
  GlyphWidths widths = UnitWidths();
  EXPECT_EQ(WrapText("abcdefghij", 4, widths), (Lines{"abcd", "efgh", "ij"}));
  // The tail of a cut word shares its line with the next word when they fit.
  EXPECT_EQ(WrapText("abcdef gh", 4, widths), (Lines{"abcd", "ef", "gh"}));
  EXPECT_EQ(WrapText("x abcdefgh y", 4, widths), (Lines{"x", "abcd", "efgh", "y"}));
}

TEST(TextWrap, NeverSplitsACodePoint) {
  GlyphWidths widths = UnitWidths();
  // é (2 bytes), ễ (3 bytes), U+1F600 (4 bytes).
  Lines lines = WrapText("\xC3\xA9\xE1\xBB\x85\xF0\x9F\x98\x80\xC3\xA9\xE1\xBB\x85", 2, widths);
  ASSERT_EQ(lines.size(), 3u);
  for (const std::string& line : lines) {
    EXPECT_TRUE(WellFormed(line)) << line;
    EXPECT_LE(CodePoints(line), 2u);
  }
  EXPECT_EQ(lines[1], "\xF0\x9F\x98\x80\xC3\xA9");
}

TEST(TextWrap, EveryLineHoldsAtLeastOneCodePoint) {
  GlyphWidths widths = UnitWidths();
  EXPECT_EQ(WrapText("abc", 0.5f, widths), (Lines{"a", "b", "c"}));
}

TEST(TextWrap, UsesTheGlyphWidths) {
  // "W" three units, everything else one.
  GlyphWidths widths([](uint32_t cp) { return cp == 'W' ? 3.0f : 1.0f; });
  EXPECT_EQ(WrapText("WW ii", 6, widths), (Lines{"WW", "ii"}));
  EXPECT_EQ(WrapText("WWW", 7, widths), (Lines{"WW", "W"}));
  EXPECT_FLOAT_EQ(widths.Of("WiW"), 7.0f);
}

TEST(TextWrap, AsksForEachWidthOnce) {
  int asked = 0;
  GlyphWidths widths([&](uint32_t) {
    ++asked;
    return 1.0f;
  });
  WrapText("abab abab \xE4\xB8\xAD\xE4\xB8\xAD", 100, widths);  // a, b, space, U+4E2D
  EXPECT_EQ(asked, 4);
}

TEST(TextWrap, CapsTheLinesAndSaysHowMuchIsLeftOut) {
  GlyphWidths widths = UnitWidths();
  std::string word(5000, 'W');
  Lines lines = WrapText(word, 40, widths, 5);
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(lines[i], std::string(40, 'W'));
  EXPECT_EQ(lines[4], "\xE2\x80\xA6 4840 more characters not shown");

  // Text that fits the cap exactly is left whole.
  EXPECT_EQ(WrapText(std::string(200, 'a'), 40, widths, 5).size(), 5u);
  EXPECT_EQ(WrapText(std::string(200, 'a'), 40, widths, 5)[4], std::string(40, 'a'));
}

TEST(TextWrap, TheNoteWrapsWithinTheCapToo) {
  GlyphWidths widths = UnitWidths();
  // At 10 units the note takes four lines: "… 4990", "more", "characters", "not shown".
  Lines lines = WrapText(std::string(5000, 'x'), 10, widths, 6);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], std::string(10, 'x'));
  EXPECT_EQ(lines[1], std::string(10, 'x'));
  EXPECT_EQ(lines[2], "\xE2\x80\xA6 4980");
  EXPECT_EQ(lines[5], "not shown");
  for (const std::string& line : lines) EXPECT_LE(CodePoints(line), 10u);

  // A cap too small for the note: only its first lines, never more than the cap.
  Lines one = WrapText(std::string(5000, 'x'), 10, widths, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], "\xE2\x80\xA6 5000");
  EXPECT_TRUE(WrapText("abc", 10, widths, 0).empty());
}

TEST(TextWrap, NoLineIsWiderThanAsked) {
  GlyphWidths widths([](uint32_t cp) { return cp % 3 + 0.5f; });
  std::string text;
  for (int i = 0; i < 400; ++i)
    text += std::string(1 + i % 17, static_cast<char>('a' + i % 26)) + ' ';
  for (float max : {1.0f, 7.5f, 20.0f, 63.0f}) {
    for (const std::string& line : WrapText(text, max, widths)) {
      if (CodePoints(line) > 1) {
        EXPECT_LE(widths.Of(line), max) << line;
      }
    }
  }
}

}  // namespace
}  // namespace phi
