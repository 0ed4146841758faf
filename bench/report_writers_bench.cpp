// How long the access report writers take, and how big their output is, for a report of 1,000
// and of 10,000 rows (the made-up report of the unit tests: four people, explanations of about
// 90 characters). The report commands' target is 200 ms for one patient's year, a few hundred to
// a few thousand rows, reading the timeline included.
// Usage: phi_report_writers_bench [RUNS] [OUT_DIR]   (OUT_DIR: where to leave the 1,000-row PDF)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "daemon/reports/report_csv_writer.hpp"
#include "daemon/reports/report_json_writer.hpp"
#include "daemon/reports/report_pdf_writer.hpp"
#include "tests/unit/reports/report_samples.hpp"

namespace {

double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

size_t CountPages(const std::string& pdf) {
  size_t pages = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (at + 11 < pdf.size() && pdf[at + 11] != 's') ++pages;
  }
  return pages;
}

// Runs `write` `runs` times; prints the fastest and the median wall time, the fastest CPU time.
std::string Measure(const char* what, size_t rows, int runs,
                    const std::function<std::string()>& write) {
  std::vector<double> wall, cpu;
  std::string out;
  for (int i = 0; i < runs; ++i) {
    double cpu_start = CpuMs();
    auto start = std::chrono::steady_clock::now();
    out = write();
    wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    cpu.push_back(CpuMs() - cpu_start);
  }
  std::sort(wall.begin(), wall.end());
  std::printf("%-5s %6zu rows: wall min %7.1f ms, median %7.1f ms; CPU min %7.1f ms; %9zu bytes",
              what, rows, wall.front(), wall[wall.size() / 2],
              *std::min_element(cpu.begin(), cpu.end()), out.size());
  if (std::string_view(what) == "pdf") std::printf(", %zu pages", CountPages(out));
  std::printf("\n");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string out_dir = argc > 2 ? argv[2] : "";
  for (size_t rows : {size_t{1000}, size_t{10000}}) {
    phi::AccessReport report = phi::testing::SampleReport(phi::ReportKind::kPatientAccess, rows);
    Measure("csv", rows, runs, [&] { return phi::WriteReportCsv(report); });
    Measure("json", rows, runs, [&] { return phi::WriteReportJson(report); });
    std::string pdf = Measure("pdf", rows, runs, [&] {
      phi::Result<std::string> bytes = phi::WriteReportPdf(report);
      if (!bytes.ok()) {
        std::fprintf(stderr, "%s\n", bytes.status().message().c_str());
        std::exit(1);
      }
      return std::move(*bytes);
    });
    if (!out_dir.empty() && rows == 1000) {
      std::ofstream(out_dir + "/report-1000.pdf", std::ios::binary) << pdf;
    }
  }
  return 0;
}
