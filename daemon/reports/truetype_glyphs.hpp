// The glyph outlines of a TrueType font file ('glyf' located through 'loca'), read far enough to
// know which glyphs a composite glyph is built from. libharu 2.3 embeds only the glyphs a
// document uses and, of a composite, only its direct components; DejaVu builds letters with two
// marks from a composite of the marks (ễ = e + [circumflex + tilde]), so without the rest of
// the tree "Nguyễn" prints as "Nguyen". CompleteComposites supplies the rest.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi {

class TrueTypeGlyphs {
 public:
  // Reads the table directory, 'head', 'maxp' and 'loca'; fails on a file that is not TrueType
  // or whose tables lie outside it.
  static Result<TrueTypeGlyphs> Parse(std::string font_file);

  size_t glyph_count() const { return glyph_count_; }

  // The glyphs `glyph` is drawn from, when it is a composite; none for a simple or empty glyph,
  // or one whose data is malformed. Component ids are not checked against glyph_count().
  std::vector<uint16_t> Components(uint16_t glyph) const;

  // Marks (non-zero) in `used`, indexed by glyph id, every component of every glyph marked, at
  // any depth. Malformed data and ids past the end are skipped; a cycle ends.
  void CompleteComposites(std::span<uint8_t> used) const;

 private:
  TrueTypeGlyphs() = default;
  std::string file_;
  size_t glyph_count_ = 0;
  size_t glyf_offset_ = 0, glyf_length_ = 0;
  std::vector<uint32_t> loca_;  // glyph_count_ + 1 offsets into 'glyf', in bytes
};

}  // namespace phi
