#include "daemon/ctl/event_output.hpp"

#include <algorithm>
#include <array>

#include "daemon/common/terminal_text.hpp"
#include "daemon/event/event_json.hpp"

namespace phi {
namespace {

constexpr std::array<const char*, 12> kColumns = {
    "ts",          "user",         "role",        "department", "action",  "patient",
    "record_type", "record_count", "workstation", "client_ip",  "outcome", "timeline_id"};

std::array<std::string, kColumns.size()> Row(const Event& e) {
  return {FormatIsoTime(e.ts),
          e.user,
          e.role,
          e.department,
          e.action,
          e.patient,
          e.record_type,
          std::to_string(e.record_count),
          e.workstation,
          e.client_ip,
          e.outcome,
          TimelineId(e)};
}

void WriteCsvField(const std::string& value, std::ostream& out) {
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it.
  bool formula =
      !value.empty() && std::string_view("=+-@").find(value[0]) != std::string_view::npos;
  if (value.find_first_of(",\"\r\n") == std::string::npos && !formula) {
    out << value;
    return;
  }
  out << '"';
  if (formula) out << '\'';
  for (char c : value) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

}  // namespace

bool ParseOutputFormat(const std::string& name, OutputFormat& format) {
  if (name == "table")
    format = OutputFormat::kTable;
  else if (name == "json")
    format = OutputFormat::kJson;
  else if (name == "csv")
    format = OutputFormat::kCsv;
  else
    return false;
  return true;
}

void WriteEvents(const std::vector<Event>& events, OutputFormat format, bool header,
                 std::ostream& out) {
  if (format == OutputFormat::kJson) {
    std::string line;
    for (const auto& e : events) {
      line.clear();
      AppendEventJson(e, EventJsonOptions{}, line);
      out << line << '\n';
    }
    return;
  }
  if (format == OutputFormat::kCsv) {
    if (header) {
      for (size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << kColumns[i];
      out << '\n';
    }
    for (const auto& e : events) {
      auto row = Row(e);
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) out << ',';
        WriteCsvField(row[i], out);
      }
      out << '\n';
    }
    return;
  }
  std::vector<std::array<std::string, kColumns.size()>> rows;
  std::array<size_t, kColumns.size()> width{};
  for (size_t i = 0; i < kColumns.size(); ++i) width[i] = std::string_view(kColumns[i]).size();
  for (const auto& e : events) {
    rows.push_back(Row(e));
    // Cells come from audit logs: a crafted value must not drive the reviewer's terminal.
    for (std::string& cell : rows.back()) cell = TerminalSafe(cell);
    if (e.implausible_time) rows.back()[0] += " (implausible time)";
    for (size_t i = 0; i < kColumns.size(); ++i)
      width[i] = std::max(width[i], rows.back()[i].size());
  }
  auto write_row = [&](auto get) {
    for (size_t i = 0; i < kColumns.size(); ++i) {
      std::string cell = get(i);
      out << cell;
      if (i + 1 < kColumns.size()) out << std::string(width[i] - cell.size() + 2, ' ');
    }
    out << '\n';
  };
  if (header) write_row([&](size_t i) { return std::string(kColumns[i]); });
  for (const auto& r : rows) write_row([&](size_t i) { return r[i]; });
}

}  // namespace phi
