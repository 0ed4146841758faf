// Retention cost: Timeline::ApplyRetention on a timeline of N events (default 1,000,000) that
// have all expired, without a legal hold (DeleteRange) and with one (the pass reads the expired
// range once), then the next pass an hour later, a full compaction (the filters drop the index
// entries) and a patient's history read before compaction. The timeline is built once into
// WORK_DIR/template and copied for each case, so every case starts from the same bytes.
// Usage: phi_retention_bench [WORK_DIR] [EVENTS]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "bench/synthetic_access.hpp"
#include "daemon/timeline/timeline.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr uint64_t kPatients = 10'000;
constexpr uint64_t kUsers = 1'000;
constexpr phi::TimeMicros kDay = 86400LL * phi::kMicrosPerSecond;
const phi::TimeMicros kT0 = *phi::ParseIsoTime("2024-01-01T00:00:00Z");

using phi::bench::Mrn;

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

void Check(const phi::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, s.message().c_str());
  std::exit(1);
}

std::unique_ptr<phi::Timeline> Open(const std::string& path, int64_t retention_days) {
  phi::TimelineOptions o;
  o.path = path;
  o.retention_days = retention_days;
  auto t = phi::Timeline::Open(o);
  if (!t.ok()) Check(t.status(), "open");
  return std::move(t.value());
}

// N events, one a minute-ish over 400 days from kT0: 10,000 patients, 1,000 users.
void Build(const std::string& path, uint64_t events) {
  auto t = Open(path, 0);
  std::mt19937_64 rng(7);
  phi::IngestBatch batch;
  batch.source = "bench";
  const phi::TimeMicros step = 400 * kDay / static_cast<phi::TimeMicros>(events);
  for (uint64_t i = 0; i < events; ++i) {
    phi::Event& e = batch.AddEvent();
    phi::bench::FillChartView(e, kT0 + static_cast<phi::TimeMicros>(i) * step, kUsers, kPatients,
                              rng);
    if (batch.event_count == 4096) {
      Check(t->Commit(batch, e.ts), "commit");
      batch.Reset();
    }
  }
  Check(t->Commit(batch, kT0 + 400 * kDay), "commit");
  Check(t->Flush(), "flush");
  Check(t->CompactAll(), "compact");  // a timeline that has lived: its tables compacted
}

size_t HistoryOf(const phi::Timeline& t, const std::string& mrn, double& ms) {
  phi::EventQuery q;
  q.by = phi::EventQuery::By::kPatient;
  q.key = mrn;
  q.limit = 10'000;
  phi::EventPage page;
  auto start = Clock::now();
  Check(t.Query(q, page), "query");
  ms = Ms(start);
  return page.events.size();
}

// One case: a fresh copy, `hold` placed ("" none), a pass that expires everything, the pass an
// hour later, a patient's history before compaction, then a full compaction.
void RunCase(const std::string& work, const std::string& label, phi::LegalHoldKind kind,
             const std::string& hold) {
  const std::string path = work + "/case";
  std::filesystem::remove_all(path);
  std::filesystem::copy(work + "/template", path);
  auto t = Open(path, 30);
  if (!hold.empty()) {
    auto placed = t->PlaceLegalHold(kind, hold, "bench", "bench", kT0);
    if (!placed.ok()) Check(placed.status(), "hold");
  }
  const phi::TimeMicros now = kT0 + 431 * kDay;  // cut-off: one day past the newest event
  auto start = Clock::now();
  Check(t->ApplyRetention(now), "retention");
  const double first = Ms(start);
  start = Clock::now();
  Check(t->ApplyRetention(now + 3600 * phi::kMicrosPerSecond), "retention");
  const double next = Ms(start);
  double held_ms = 0, other_ms = 0;
  const size_t held_history = HistoryOf(*t, Mrn(42), held_ms);
  const size_t other_history = HistoryOf(*t, Mrn(43), other_ms);
  start = Clock::now();
  Check(t->CompactAll(), "compact");
  const double compact = Ms(start);
  std::printf(
      "%-28s first pass %8.1f ms   next pass %6.1f ms   compaction %7.0f ms   "
      "history MRN42 %zu events %.2f ms, MRN43 %zu events %.2f ms\n",
      label.c_str(), first, next, compact, held_history, held_ms, other_history, other_ms);
  t.reset();
  std::filesystem::remove_all(path);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string work = argc > 1 ? argv[1] : "/tmp/phi-retention-bench";
  const uint64_t events = argc > 2 ? std::stoull(argv[2]) : 1'000'000;
  std::filesystem::create_directories(work);
  const std::string tmpl = work + "/template";
  if (!std::filesystem::exists(tmpl + "/CURRENT")) {
    std::fprintf(stderr, "building a %llu-event timeline in %s ...\n",
                 static_cast<unsigned long long>(events), tmpl.c_str());
    auto start = Clock::now();
    Build(tmpl, events);
    std::fprintf(stderr, "built in %.1f s\n", Ms(start) / 1000);
  }
  std::printf("ApplyRetention, %llu events all past the cut-off (10,000 patients, 1,000 users)\n",
              static_cast<unsigned long long>(events));
  RunCase(work, "no hold (DeleteRange)", phi::LegalHoldKind::kPatient, "");
  RunCase(work, "hold on patient MRN42", phi::LegalHoldKind::kPatient, Mrn(42));
  RunCase(work, "hold on user u7", phi::LegalHoldKind::kUser, "u7");
  return 0;
}
