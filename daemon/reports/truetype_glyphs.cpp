#include "daemon/reports/truetype_glyphs.hpp"

#include <string_view>

namespace phi {
namespace {

uint16_t U16(std::string_view s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) << 8 |
                               static_cast<unsigned char>(s[at + 1]));
}

uint32_t U32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(U16(s, at)) << 16 | U16(s, at + 2);
}

struct Table {
  size_t offset = 0, length = 0;
  bool found = false;
};

// Composite glyph flags (the 'glyf' table of the OpenType specification).
constexpr uint16_t kArgsAreWords = 0x0001;
constexpr uint16_t kHaveScale = 0x0008;
constexpr uint16_t kMoreComponents = 0x0020;
constexpr uint16_t kHaveXYScale = 0x0040;
constexpr uint16_t kHaveTwoByTwo = 0x0080;

}  // namespace

Result<TrueTypeGlyphs> TrueTypeGlyphs::Parse(std::string font_file) {
  std::string_view f = font_file;
  if (f.size() < 12) return Status::Corruption("TrueType: file too short for a table directory");
  uint32_t version = U32(f, 0);
  if (version != 0x00010000 && version != 0x74727565 /* 'true' */) {
    return Status::Corruption("TrueType: not a TrueType font (no glyf outlines)");
  }
  size_t tables = U16(f, 4);
  if (12 + 16 * tables > f.size()) return Status::Corruption("TrueType: table directory cut");
  Table head, maxp, loca, glyf;
  for (size_t i = 0; i < tables; ++i) {
    size_t record = 12 + 16 * i;
    std::string_view tag = f.substr(record, 4);
    Table table{U32(f, record + 8), U32(f, record + 12), true};
    if (table.offset > f.size() || table.length > f.size() - table.offset) {
      return Status::Corruption("TrueType: table '" + std::string(tag) + "' lies outside the file");
    }
    if (tag == "head") head = table;
    if (tag == "maxp") maxp = table;
    if (tag == "loca") loca = table;
    if (tag == "glyf") glyf = table;
  }
  if (!head.found || head.length < 54 || !maxp.found || maxp.length < 6 || !loca.found ||
      !glyf.found) {
    return Status::Corruption("TrueType: head, maxp, loca or glyf missing or short");
  }
  TrueTypeGlyphs glyphs;
  glyphs.glyph_count_ = U16(f, maxp.offset + 4);
  bool long_offsets = U16(f, head.offset + 50) != 0;  // indexToLocFormat
  size_t entry = long_offsets ? 4 : 2;
  if (loca.length < entry * (glyphs.glyph_count_ + 1)) {
    return Status::Corruption("TrueType: loca shorter than maxp's glyph count");
  }
  glyphs.loca_.reserve(glyphs.glyph_count_ + 1);
  for (size_t g = 0; g <= glyphs.glyph_count_; ++g) {
    size_t at = loca.offset + g * entry;
    glyphs.loca_.push_back(long_offsets ? U32(f, at) : 2u * U16(f, at));
  }
  glyphs.glyf_offset_ = glyf.offset;
  glyphs.glyf_length_ = glyf.length;
  glyphs.file_ = std::move(font_file);
  return glyphs;
}

std::vector<uint16_t> TrueTypeGlyphs::Components(uint16_t glyph) const {
  std::vector<uint16_t> components;
  if (glyph >= glyph_count_) return components;
  size_t begin = loca_[glyph], end = loca_[glyph + 1];
  if (end > glyf_length_ || begin + 10 > end) return components;  // empty or malformed
  std::string_view data = std::string_view(file_).substr(glyf_offset_ + begin, end - begin);
  if (static_cast<int16_t>(U16(data, 0)) >= 0) return components;  // simple: contours
  size_t at = 10;                                                  // after the bounding box
  for (;;) {
    if (at + 4 > data.size()) break;
    uint16_t flags = U16(data, at);
    components.push_back(U16(data, at + 2));
    at += 4 + (flags & kArgsAreWords ? 4 : 2);
    if (flags & kHaveScale) {
      at += 2;
    } else if (flags & kHaveXYScale) {
      at += 4;
    } else if (flags & kHaveTwoByTwo) {
      at += 8;
    }
    if (!(flags & kMoreComponents)) break;
  }
  return components;
}

void TrueTypeGlyphs::CompleteComposites(std::span<uint8_t> used) const {
  std::vector<uint16_t> pending;
  for (size_t g = 0; g < used.size() && g < glyph_count_; ++g) {
    if (used[g]) pending.push_back(static_cast<uint16_t>(g));
  }
  while (!pending.empty()) {
    uint16_t glyph = pending.back();
    pending.pop_back();
    for (uint16_t component : Components(glyph)) {
      if (component >= used.size() || used[component]) continue;
      used[component] = 1;  // marked before it is expanded: a cycle ends here
      pending.push_back(component);
    }
  }
}

}  // namespace phi
