#include "daemon/reports/pdf_table.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace phi {
namespace {

constexpr float kOneLineRow = PdfTable::kLeading + 2 * PdfTable::kPadding;

std::unique_ptr<PdfCanvas> OpenCanvas() {
  Result<std::unique_ptr<PdfCanvas>> canvas = PdfCanvas::Open("/usr/share/fonts/truetype/dejavu");
  EXPECT_TRUE(canvas.ok()) << canvas.status().message();
  return canvas.ok() ? std::move(*canvas) : nullptr;
}

std::vector<PdfColumn> Columns() {
  return {{"When", 100}, {"Who", 150}, {"Why", 200}};
}

TEST(PdfTable, RepeatsTheHeaderOnEveryPage) {
  std::unique_ptr<PdfCanvas> canvas = OpenCanvas();
  ASSERT_TRUE(canvas);
  canvas->NewPage();
  PdfTable table(*canvas, Columns());
  const float header = table.MinimumHeight() - kOneLineRow;
  ASSERT_GT(header, 0);

  table.AddRow({"2026-03-02", "Dana", "treating"});
  EXPECT_FLOAT_EQ(PdfCanvas::kTop - canvas->y(), header + kOneLineRow);
  while (canvas->page_count() == 1) table.AddRow({"2026-03-02", "Dana", "treating"});
  // The first row on the new page sits under a fresh header.
  EXPECT_FLOAT_EQ(PdfCanvas::kTop - canvas->y(), header + kOneLineRow);
  EXPECT_TRUE(canvas->Finish().ok());
}

TEST(PdfTable, KeepsTheHeaderWithItsFirstRow) {
  std::unique_ptr<PdfCanvas> canvas = OpenCanvas();
  ASSERT_TRUE(canvas);
  canvas->NewPage();
  PdfTable table(*canvas, Columns());
  // Room for the header but not for the header and a row: both go to the next page.
  canvas->MoveDown(PdfCanvas::kTop - PdfCanvas::kBottom - table.MinimumHeight() + 1);
  table.AddRow({"a", "b", "c"});
  EXPECT_EQ(canvas->page_count(), 2u);
  EXPECT_FLOAT_EQ(PdfCanvas::kTop - canvas->y(), table.MinimumHeight());
}

TEST(PdfTable, WrapsCellsAndCapsThemSoARowFitsAPage) {
  std::unique_ptr<PdfCanvas> canvas = OpenCanvas();
  ASSERT_TRUE(canvas);
  canvas->NewPage();
  PdfTable table(*canvas, Columns());
  const float header = table.MinimumHeight() - kOneLineRow;

  // Words of which only one fits a line of the 100-point column: a row three lines high.
  table.AddRow({"Administration Administration Administration", "", ""});
  EXPECT_FLOAT_EQ(PdfCanvas::kTop - canvas->y(),
                  header + 3 * PdfTable::kLeading + 2 * PdfTable::kPadding);

  // 70,000 characters in one cell: capped, so the row ends above the bottom margin.
  table.AddRow({"", "", std::string(70000, 'y')});
  EXPECT_GE(canvas->y(), PdfCanvas::kBottom);
  EXPECT_EQ(canvas->page_count(), 1u);
  const float capped = PdfTable::kMaxCellLines * PdfTable::kLeading + 2 * PdfTable::kPadding;
  EXPECT_FLOAT_EQ(PdfCanvas::kTop - canvas->y(),
                  header + 3 * PdfTable::kLeading + 2 * PdfTable::kPadding + capped);

  // Capped rows never run past the bottom, page after page.
  for (int i = 0; i < 10; ++i) {
    table.AddRow({std::string(5000, 'w'), "", std::string(70000, 'y')});
    EXPECT_GE(canvas->y(), PdfCanvas::kBottom);
  }
  EXPECT_GE(canvas->page_count(), 4u);
  EXPECT_TRUE(canvas->Finish().ok());
}

}  // namespace
}  // namespace phi
