#include "daemon/reports/truetype_glyphs.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace phi {
namespace {

void Put16(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xFF);
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v >> 16));
  Put16(out, static_cast<uint16_t>(v & 0xFFFF));
}

// A composite glyph: its components with the given flags (the arguments and any transform are
// zeros of the lengths the flags call for).
std::string Composite(const std::vector<std::pair<uint16_t, uint16_t>>& components) {
  std::string glyph;
  Put16(glyph, 0xFFFF);           // numberOfContours -1
  glyph += std::string(8, '\0');  // bounding box
  for (size_t i = 0; i < components.size(); ++i) {
    auto [flags, id] = components[i];
    if (i + 1 < components.size()) flags |= 0x0020;  // MORE_COMPONENTS
    Put16(glyph, flags);
    Put16(glyph, id);
    glyph += std::string(flags & 0x0001 ? 4 : 2, '\0');
    if (flags & 0x0008) glyph += std::string(2, '\0');
    if (flags & 0x0040) glyph += std::string(4, '\0');
    if (flags & 0x0080) glyph += std::string(8, '\0');
  }
  return glyph;
}

std::string Simple() {
  std::string glyph;
  Put16(glyph, 1);  // one contour
  glyph += std::string(8, '\0');
  glyph += std::string(6, '\x01');  // the rest of a simple glyph is never read
  return glyph;
}

// A font file with head, maxp, loca (long offsets) and glyf around `glyphs`.
std::string Font(const std::vector<std::string>& glyphs) {
  std::string glyf;
  std::string loca;
  for (const std::string& g : glyphs) {
    Put32(loca, static_cast<uint32_t>(glyf.size()));
    glyf += g;
    while (glyf.size() % 4) glyf += '\0';
  }
  Put32(loca, static_cast<uint32_t>(glyf.size()));
  std::string head(54, '\0');
  head[51] = 1;  // indexToLocFormat: long
  std::string maxp;
  Put32(maxp, 0x00005000);
  Put16(maxp, static_cast<uint16_t>(glyphs.size()));

  std::vector<std::pair<std::string, std::string>> tables = {
      {"glyf", glyf}, {"head", head}, {"loca", loca}, {"maxp", maxp}};
  std::string font;
  Put32(font, 0x00010000);
  Put16(font, static_cast<uint16_t>(tables.size()));
  font += std::string(6, '\0');
  uint32_t offset = static_cast<uint32_t>(12 + 16 * tables.size());
  std::string data;
  for (auto& [tag, bytes] : tables) {
    font += tag;
    Put32(font, 0);  // checksum: not read
    Put32(font, offset + static_cast<uint32_t>(data.size()));
    Put32(font, static_cast<uint32_t>(bytes.size()));
    data += bytes;
    while (data.size() % 4) data += '\0';
  }
  return font + data;
}

TEST(TrueTypeGlyphs, ReadsTheComponentsOfCompositeGlyphs) {
  // 0 empty, 1 and 2 simple, 3 = 1 + 2 (word arguments, a scale), 4 = 3 + 1 (an x/y scale,
  // then a 2x2 transform).
  std::string font = Font({"", Simple(), Simple(), Composite({{0x0001, 1}, {0x0008, 2}}),
                           Composite({{0x0040, 3}, {0x0080, 1}})});
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(font);
  ASSERT_TRUE(glyphs.ok()) << glyphs.status().message();
  EXPECT_EQ(glyphs->glyph_count(), 5u);
  EXPECT_TRUE(glyphs->Components(0).empty());
  EXPECT_TRUE(glyphs->Components(1).empty());
  EXPECT_EQ(glyphs->Components(3), (std::vector<uint16_t>{1, 2}));
  EXPECT_EQ(glyphs->Components(4), (std::vector<uint16_t>{3, 1}));
  EXPECT_TRUE(glyphs->Components(5).empty());  // past the end
}

TEST(TrueTypeGlyphs, MarksComponentsAtEveryDepth) {
  // 4 -> 3 -> {1, 2}: the case libharu misses (it marks 3 but not 1 and 2).
  std::string font =
      Font({"", Simple(), Simple(), Composite({{0, 1}, {0, 2}}), Composite({{0, 3}}), Simple()});
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(font);
  ASSERT_TRUE(glyphs.ok());
  std::vector<uint8_t> used = {0, 0, 0, 0, 1, 0};
  glyphs->CompleteComposites(used);
  EXPECT_EQ(used, (std::vector<uint8_t>{0, 1, 1, 1, 1, 0}));
}

TEST(TrueTypeGlyphs, CyclesAndBadIdsEnd) {
  // 1 -> 2 -> 1 (a malformed font), 3 -> 999 (no such glyph).
  std::string font = Font({"", Composite({{0, 2}}), Composite({{0, 1}}), Composite({{0, 999}})});
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(font);
  ASSERT_TRUE(glyphs.ok());
  std::vector<uint8_t> used = {0, 1, 0, 1};
  glyphs->CompleteComposites(used);
  EXPECT_EQ(used, (std::vector<uint8_t>{0, 1, 1, 1}));
}

TEST(TrueTypeGlyphs, TruncatedCompositeStopsAtItsEnd) {
  std::string cut = Composite({{0, 1}, {0, 1}});
  cut.resize(16);  // the first component says more follow, but the glyph's data ends there
  std::string font = Font({"", Simple(), cut});
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(font);
  ASSERT_TRUE(glyphs.ok());
  EXPECT_EQ(glyphs->Components(2), (std::vector<uint16_t>{1}));
}

TEST(TrueTypeGlyphs, RejectsWhatIsNotTrueType) {
  EXPECT_FALSE(TrueTypeGlyphs::Parse("").ok());
  EXPECT_FALSE(TrueTypeGlyphs::Parse("not a font, just some text").ok());
  std::string otf = Font({""});
  otf.replace(0, 4, "OTTO");  // CFF outlines: no glyf table to read
  EXPECT_FALSE(TrueTypeGlyphs::Parse(otf).ok());
  std::string outside = Font({"", Simple()});
  outside[12 + 8] = '\x7F';  // glyf's offset far past the end of the file
  Result<TrueTypeGlyphs> bad = TrueTypeGlyphs::Parse(outside);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("glyf"), std::string::npos) << bad.status().message();
  std::string cut = Font({"", Simple()});
  EXPECT_FALSE(TrueTypeGlyphs::Parse(cut.substr(0, 40)).ok());
}

// DejaVu Sans itself has composites of composites (letters with two marks), which is why the
// PDF writer needs this at all.
TEST(TrueTypeGlyphs, DejaVuSansHasNestedComposites) {
  const char* path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed";
  std::ifstream in(path, std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(file);
  ASSERT_TRUE(glyphs.ok()) << glyphs.status().message();
  EXPECT_GT(glyphs->glyph_count(), 5000u);

  size_t nested = 0;
  for (size_t g = 0; g < glyphs->glyph_count(); ++g) {
    auto parent = static_cast<uint16_t>(g);
    for (uint16_t child : glyphs->Components(parent)) {
      std::vector<uint16_t> grandchildren = glyphs->Components(child);
      if (grandchildren.empty()) continue;
      ++nested;
      if (nested > 1) continue;
      // Marking the parent alone marks the child and the grandchildren.
      std::vector<uint8_t> used(glyphs->glyph_count(), 0);
      used[parent] = 1;
      glyphs->CompleteComposites(used);
      EXPECT_TRUE(used[child]);
      for (uint16_t grandchild : grandchildren) EXPECT_TRUE(used[grandchild]) << grandchild;
    }
  }
  EXPECT_GT(nested, 0u);
}

}  // namespace
}  // namespace phi
