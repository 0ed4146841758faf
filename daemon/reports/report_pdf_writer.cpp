#include "daemon/reports/report_pdf_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "daemon/reports/pdf_canvas.hpp"
#include "daemon/reports/pdf_table.hpp"
#include "daemon/reports/report_labels.hpp"

namespace phi {
namespace {

constexpr float kTitleSize = 16;
constexpr float kHeadingSize = 12;
constexpr float kBodySize = 9;
constexpr float kBodyLeading = 12;
constexpr float kLabelWidth = 130;  // the label column of the fields under the title
constexpr size_t kMaxFieldLines = 12;
constexpr float kContentWidth = PdfCanvas::kRight - PdfCanvas::kLeft;

constexpr TimeMicros kMicrosPerDay = 86400 * kMicrosPerSecond;
// Years 0000 to 9999, a day's margin for the zone's offset.
constexpr TimeMicros kEarliest = -62'167'219'200 * kMicrosPerSecond + kMicrosPerDay;
constexpr TimeMicros kLatest = 253'402'300'799 * kMicrosPerSecond - kMicrosPerDay;

// "2026-03-02 14:05:07" in `zone`.
std::string LocalTime(TimeMicros t, const TimeZone& zone) {
  if (t < kEarliest || t > kLatest) {
    return "(time out of range: " + std::to_string(t) + " \xC2\xB5s)";
  }
  TimeMicros local = t + static_cast<TimeMicros>(zone.OffsetAt(t)) * kMicrosPerSecond;
  int64_t days = local / kMicrosPerDay;
  if (local % kMicrosPerDay < 0) --days;
  auto seconds = static_cast<unsigned>((local - days * kMicrosPerDay) / kMicrosPerSecond);
  std::string out;
  AppendIsoDate(days, out);
  char clock[16];
  std::snprintf(clock, sizeof clock, " %02u:%02u:%02u", seconds / 3600 % 24, seconds / 60 % 60,
                seconds % 60);
  out += clock;
  return out;
}

// "Dana Whitfield (dwhitfield)", or the user id alone when the name is unknown.
std::string NameAndId(const std::string& name, const std::string& id) {
  if (name.empty()) return id;
  if (id.empty()) return name;
  return name + " (" + id + ")";
}

std::string PatientText(const std::string& name, const std::string& mrn) {
  if (name.empty()) return "MRN " + mrn;
  return name + " (MRN " + mrn + ")";
}

// "print, 12 records (failed)".
std::string ActionText(const AccessRow& row) {
  std::string text = row.action;
  if (row.record_count != 1) text += ", " + std::to_string(row.record_count) + " records";
  if (row.outcome == "failure") text += " (failed)";
  return text;
}

std::string OrganisationOr(const AccessReport& report, std::string_view otherwise) {
  return report.organisation.empty() ? std::string(otherwise) : report.organisation;
}

std::string Introduction(const AccessReport& report) {
  std::string org = OrganisationOr(report, "the organisation");
  switch (report.kind) {
    case ReportKind::kPatientAccess:
      return "This report lists every access to your health record that " + org +
             "'s systems recorded in the period above: who opened, changed, printed or exported "
             "it, when, in what role and department, and what they did. Where " +
             org +
             "'s records explain an access (for example, the person was treating you), the "
             "last column says so. If an access looks wrong to you, contact " +
             org + "'s privacy office.";
    case ReportKind::kUserActivity:
      return "This report lists every access to patient records by the user above that " + org +
             "'s systems recorded in the period above: when, which patient, what was done and "
             "from which department, and whether " +
             org +
             "'s records explain the access (for example, a care relationship with the "
             "patient).";
    case ReportKind::kDisclosures:
      return "This is an accounting of the disclosures of your health information to people or "
             "organisations outside " +
             org +
             " in the period above, which the HIPAA Privacy Rule (45 CFR 164.528) gives you the "
             "right to receive: for each, the date, who received it, the purpose and what was "
             "released.";
  }
  return "";
}

std::string NothingRecorded(ReportKind kind) {
  switch (kind) {
    case ReportKind::kPatientAccess:
      return "No access to this record was recorded in this period.";
    case ReportKind::kUserActivity:
      return "No access by this user was recorded in this period.";
    case ReportKind::kDisclosures:
      return "No disclosure was recorded in this period.";
  }
  return "";
}

// The report laid out top to bottom on a canvas.
class ReportLayout {
 public:
  ReportLayout(PdfCanvas& canvas, const AccessReport& report, const PdfReportOptions& options)
      : canvas_(canvas), report_(report), zone_(options.time_zone) {}

  void Draw() {
    canvas_.SetInfo(ReportTitle(report_.kind), report_.generated_at);
    canvas_.NewPage();
    DrawTitleBlock();
    DrawAccesses();
    if (!report_.by_user.empty()) DrawUserSummary();
    if (!report_.by_department.empty()) DrawDepartmentSummary();
    DrawIntegrity();
  }

 private:
  void DrawTitleBlock() {
    for (const std::string& line :
         canvas_.Wrap(PdfFace::kBold, kTitleSize, ReportTitle(report_.kind), kContentWidth)) {
      canvas_.MoveDown(kTitleSize * 1.25f);
      canvas_.DrawText(PdfFace::kBold, kTitleSize, PdfCanvas::kLeft, canvas_.y(), line);
    }
    canvas_.MoveDown(12);
    if (!report_.organisation.empty()) DrawField("Organisation", report_.organisation);
    if (report_.kind == ReportKind::kUserActivity) {
      DrawField("User", NameAndId(report_.subject_name, report_.subject));
    } else {
      DrawField("Patient", PatientText(report_.subject_name, report_.subject));
    }
    DrawField("Period", LocalTime(report_.from, zone_) + " until " + LocalTime(report_.to, zone_));
    DrawField("Times shown in", zone_.name());
    DrawField("Generated", LocalTime(report_.generated_at, zone_) + " by " +
                               (report_.generated_by.empty() ? "(unknown)" : report_.generated_by));
    canvas_.MoveDown(6);
    DrawParagraph(Introduction(report_), PdfFace::kRegular);
    if (report_.truncated) {
      std::string what = report_.kind == ReportKind::kDisclosures ? "disclosures" : "accesses";
      DrawParagraph("This report is incomplete: it lists only the first " +
                        std::to_string(report_.rows.size()) + " " + what +
                        " of the period. Ask for a shorter period to see the rest.",
                    PdfFace::kBold);
    }
  }

  // A label in bold and its value beside it, both wrapped.
  void DrawField(std::string_view label, std::string_view value) {
    auto label_lines = canvas_.Wrap(PdfFace::kBold, kBodySize, label, kLabelWidth - 8);
    auto value_lines = canvas_.Wrap(PdfFace::kRegular, kBodySize, value,
                                    kContentWidth - kLabelWidth, kMaxFieldLines);
    size_t lines = std::max(label_lines.size(), value_lines.size());
    canvas_.EnsureRoom(lines * kBodyLeading + 3);
    float baseline = canvas_.y() - kBodySize;
    for (size_t i = 0; i < lines; ++i, baseline -= kBodyLeading) {
      if (i < label_lines.size()) {
        canvas_.DrawText(PdfFace::kBold, kBodySize, PdfCanvas::kLeft, baseline, label_lines[i]);
      }
      if (i < value_lines.size()) {
        canvas_.DrawText(PdfFace::kRegular, kBodySize, PdfCanvas::kLeft + kLabelWidth, baseline,
                         value_lines[i]);
      }
    }
    canvas_.MoveDown(lines * kBodyLeading + 3);
  }

  void DrawParagraph(std::string_view text, PdfFace face) {
    canvas_.MoveDown(4);
    for (const std::string& line :
         canvas_.Wrap(face, kBodySize, text, kContentWidth, 4 * kMaxFieldLines)) {
      canvas_.EnsureRoom(kBodyLeading);
      canvas_.MoveDown(kBodyLeading);
      canvas_.DrawText(face, kBodySize, PdfCanvas::kLeft, canvas_.y() + kBodyLeading - kBodySize,
                       line);
    }
    canvas_.MoveDown(4);
  }

  // A section heading, kept on the same page as the first `following` points after it.
  void DrawHeading(std::string_view text, float following) {
    constexpr float kHeight = kHeadingSize + 14;
    canvas_.EnsureRoom(kHeight + following);
    canvas_.MoveDown(kHeight - 4);
    canvas_.DrawText(PdfFace::kBold, kHeadingSize, PdfCanvas::kLeft, canvas_.y(),
                     PdfPrintable(text));
    canvas_.MoveDown(4);
  }

  std::vector<PdfColumn> AccessColumns() const {
    switch (report_.kind) {
      case ReportKind::kPatientAccess:
        return {{"Date and time", 56},     {"Person", 84},        {"Role", 58},
                {"Department", 64},        {"What they did", 54}, {"Record", 56},
                {"Why (as recorded)", 160}};
      case ReportKind::kUserActivity:
        return {{"Date and time", 56},     {"Patient", 84},       {"Role", 58},
                {"Department", 64},        {"What was done", 54}, {"Record", 56},
                {"Why (as recorded)", 160}};
      case ReportKind::kDisclosures:
        return {{"Date and time", 56}, {"Disclosed by", 84}, {"Recipient", 90},
                {"Purpose", 90},       {"Information", 72},  {"Notes", 140}};
    }
    return {};
  }

  std::vector<std::string> AccessCells(const AccessRow& row) const {
    std::string when = LocalTime(row.ts, zone_);
    switch (report_.kind) {
      case ReportKind::kPatientAccess:
        return {when,
                NameAndId(row.user_name, row.user),
                row.role,
                row.department,
                ActionText(row),
                row.record_type,
                row.explanation};
      case ReportKind::kUserActivity:
        return {when,
                PatientText(row.patient_name, row.patient),
                row.role,
                row.department,
                ActionText(row),
                row.record_type,
                row.explanation};
      case ReportKind::kDisclosures: {
        std::string by = NameAndId(row.user_name, row.user);
        if (!row.department.empty()) by += ", " + row.department;
        return {when,
                by,
                row.recipient,
                row.purpose,
                ActionText(row) + ": " + row.record_type,
                row.explanation};
      }
    }
    return {};
  }

  // What the report's rows are: "Accesses" or "Disclosures".
  std::string Counted() const {
    return report_.kind == ReportKind::kDisclosures ? "Disclosures" : "Accesses";
  }

  void DrawAccesses() {
    std::string heading = Counted() + " (" + std::to_string(report_.rows.size()) + ")";
    if (report_.rows.empty()) {
      DrawHeading(heading, kBodyLeading);
      DrawParagraph(NothingRecorded(report_.kind), PdfFace::kRegular);
      return;
    }
    PdfTable table(canvas_, AccessColumns());
    DrawHeading(heading, table.MinimumHeight());
    for (const AccessRow& row : report_.rows) {
      if (canvas_.failed()) return;
      table.AddRow(AccessCells(row));
    }
  }

  void DrawUserSummary() {
    PdfTable table(canvas_, {{"Person", 150},
                             {"Role", 90},
                             {"Department", 110},
                             {Counted(), 52, /*align_right=*/true},
                             {"First", 65},
                             {"Last", 65}});
    DrawHeading(Counted() + " by person", table.MinimumHeight());
    for (const AccessSummaryRow& row : report_.by_user) {
      if (canvas_.failed()) return;
      table.AddRow({NameAndId(row.name, row.key), row.role, row.department,
                    std::to_string(row.accesses), LocalTime(row.first, zone_),
                    LocalTime(row.last, zone_)});
    }
  }

  void DrawDepartmentSummary() {
    PdfTable table(canvas_, {{"Department", 250},
                             {Counted(), 72, /*align_right=*/true},
                             {"First", 105},
                             {"Last", 105}});
    DrawHeading(Counted() + " by department", table.MinimumHeight());
    for (const AccessSummaryRow& row : report_.by_department) {
      if (canvas_.failed()) return;
      table.AddRow({row.key, std::to_string(row.accesses), LocalTime(row.first, zone_),
                    LocalTime(row.last, zone_)});
    }
  }

  void DrawIntegrity() {
    const ReportIntegrity& integrity = report_.integrity;
    DrawHeading("Integrity", 5 * kBodyLeading);
    DrawField("Audit trail link", std::to_string(integrity.chain_link));
    DrawField("Link hash", integrity.chain_hash_hex);
    DrawField("Signing key fingerprint (SHA-256)", integrity.key_fingerprint_hex);
    DrawField("Trail verified", integrity.chain_verified
                                    ? "yes: the audit trail's hash chain was verified up to this "
                                      "link before the report was read"
                                    : "no: the audit trail's hash chain was not verified before "
                                      "the report was read");
    DrawParagraph(
        "A detached signature file accompanies this report; phi-auditctl verify-report FILE "
        "checks it.",
        PdfFace::kRegular);
  }

  PdfCanvas& canvas_;
  const AccessReport& report_;
  const TimeZone& zone_;
};

}  // namespace

Result<std::string> WriteReportPdf(const AccessReport& report, const PdfReportOptions& options) {
  Result<std::unique_ptr<PdfCanvas>> canvas = PdfCanvas::Open(options.font_dir);
  if (!canvas.ok()) return canvas.status();
  ReportLayout(**canvas, report, options).Draw();
  return (*canvas)->Finish();
}

}  // namespace phi
