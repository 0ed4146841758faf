// US Letter pages to draw a report on, over libharu: owns the document, embeds the DejaVu Sans
// fonts with the UTF-8 encoder, makes untrusted text printable and wraps it, keeps the cursor
// that flows down the page, numbers the pages and hands back the PDF's bytes. A libharu error
// never crashes or throws: the first one is kept and returned by Finish.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <hpdf.h>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/reports/text_wrap.hpp"

namespace phi {

// The font files a canvas loads from its font directory.
inline constexpr std::string_view kPdfRegularFontFile = "DejaVuSans.ttf";
inline constexpr std::string_view kPdfBoldFontFile = "DejaVuSans-Bold.ttf";

// `text` as it may be drawn: controls, bidirectional overrides and bytes that are not UTF-8
// shown as escapes (AppendTerminalSafe), and code points above U+FFFF, which libharu 2.3's UTF-8
// encoder draws as nothing at all (a blank, so the reader would not know something was there),
// shown as \U0001f600.
std::string PdfPrintable(std::string_view text);

enum class PdfFace { kRegular, kBold };

class PdfCanvas {
 public:
  static constexpr float kPageWidth = 612, kPageHeight = 792;  // US Letter, in points
  static constexpr float kMargin = 40;
  static constexpr float kLeft = kMargin, kRight = kPageWidth - kMargin;
  static constexpr float kTop = kPageHeight - kMargin;
  static constexpr float kBottom = kMargin + 20;  // room for the page number below

  // A document with the fonts from `font_dir` (kPdfRegularFontFile and kPdfBoldFontFile) loaded;
  // an error names the font file that is missing or unusable.
  static Result<std::unique_ptr<PdfCanvas>> Open(const std::string& font_dir);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  // Sets the document's title (ASCII) and creation time. No PHI belongs in either.
  void SetInfo(std::string_view title, TimeMicros created);

  // PdfPrintable(text) wrapped into lines no wider than `width` points (see WrapText).
  std::vector<std::string> Wrap(PdfFace face, float size, std::string_view text, float width,
                                size_t max_lines = std::numeric_limits<size_t>::max());
  // The width in points of a printable line.
  float TextWidth(PdfFace face, float size, std::string_view line);

  // The flow: a new page puts the cursor at kTop; the report moves it down as it draws.
  void NewPage();
  bool has_page() const { return !pages_.empty(); }
  size_t page_count() const { return pages_.size(); }
  float y() const { return y_; }
  void MoveDown(float height) { y_ -= height; }
  // Whether `height` more points fit above the bottom margin of the current page.
  bool Fits(float height) const { return has_page() && y_ - height >= kBottom; }
  // Starts a new page unless `height` fits on the current one.
  void EnsureRoom(float height);

  // Drawing on the current page. REQUIRES: has_page(); `line` printable (from Wrap).
  void DrawText(PdfFace face, float size, float x, float baseline, std::string_view line);
  void FillRect(float x, float y, float width, float height, float gray);
  void DrawRule(float x1, float y1, float x2, float y2, float line_width, float gray);

  // Whether libharu has reported an error (the document is then abandoned by Finish).
  bool failed() const { return !error_.ok(); }

  // Writes "Page N of M" at the foot of every page and returns the document's bytes, or the
  // first error libharu reported.
  Result<std::string> Finish();

  // How many glyphs Finish added to the embedded fonts that libharu would have left out: the
  // components of composite glyphs below the first level (see truetype_glyphs.hpp).
  size_t composite_glyphs_added() const { return composite_glyphs_added_; }

 private:
  struct DocDeleter {
    void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
  };
  PdfCanvas();
  static void OnError(HPDF_STATUS error, HPDF_STATUS detail, void* canvas);
  Status LoadFont(const std::string& path, PdfFace face);
  HPDF_Font font(PdfFace face) const { return fonts_[static_cast<size_t>(face)]; }
  GlyphWidths& widths(PdfFace face) { return *widths_[static_cast<size_t>(face)]; }
  void UseFont(HPDF_Page page, PdfFace face, float size);
  // Text objects stay open across DrawText calls (one BT ... ET for a run of lines, not one per
  // line); drawing anything else closes the open one first.
  void EndText();
  void UseFill(HPDF_Page page, float gray);
  void EmbedCompositeComponents(PdfFace face);

  Status error_;  // the first error libharu reported
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> doc_;
  std::array<HPDF_Font, 2> fonts_{};
  std::array<std::string, 2> font_paths_;
  std::array<std::unique_ptr<GlyphWidths>, 2> widths_;
  std::vector<HPDF_Page> pages_;
  float y_ = kTop;
  // The current page's text state, so that unchanged settings are not written again.
  HPDF_Font page_font_ = nullptr;
  float page_font_size_ = 0;
  float page_fill_ = 0;
  bool in_text_ = false;
  size_t composite_glyphs_added_ = 0;
};

}  // namespace phi
