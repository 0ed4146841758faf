// A table drawn on a PdfCanvas across as many pages as its rows need: bold column headers on a
// shaded band, repeated at the top of every page the table continues onto; each cell's text
// wrapped to its column; a hairline under each row. Cells are capped at kMaxCellLines lines (the
// last saying how much was left out), so a row always fits on a fresh page and is never split.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/reports/pdf_canvas.hpp"

namespace phi {

struct PdfColumn {
  std::string title;
  float width = 0;  // points, padding included
  bool align_right = false;
};

class PdfTable {
 public:
  static constexpr float kFontSize = 8;
  static constexpr float kLeading = 10;  // baseline to baseline
  static constexpr float kPadding = 3;
  static constexpr size_t kMaxCellLines = 24;

  // REQUIRES: the columns' widths add up to no more than the page's width between margins.
  PdfTable(PdfCanvas& canvas, std::vector<PdfColumn> columns);

  // One row; `cells` holds raw text (made printable here), one per column, missing ones empty.
  void AddRow(const std::vector<std::string>& cells);

  // The height of the header band and a one-line row: what should fit below the table's heading.
  float MinimumHeight() const { return header_height_ + kLeading + 2 * kPadding; }

 private:
  void DrawHeader();
  void DrawLines(const std::vector<std::vector<std::string>>& lines, PdfFace face, float top);

  PdfCanvas& canvas_;
  std::vector<PdfColumn> columns_;
  std::vector<std::vector<std::string>> header_lines_;
  float width_ = 0;  // the columns' total
  float header_height_ = 0;
  size_t header_page_ = 0;  // the page the header was last drawn on (0: none)
  size_t rows_on_page_ = 0;
};

}  // namespace phi
