// Query benchmark: one patient's full history (about 100 events) out of a 10-million-event
// timeline. The timeline is built once into --timeline_dir (default /tmp/phi-query-bench) by
// committing synthetic events directly, then reused by later runs.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "bench/synthetic_access.hpp"
#include "daemon/timeline/timeline.hpp"

namespace {

constexpr uint64_t kEvents = 10'000'000;
constexpr uint64_t kPatients = 100'000;  // about 100 events each
constexpr uint64_t kUsers = 10'000;
std::string g_dir = "/tmp/phi-query-bench";

using phi::bench::Mrn;

phi::Timeline& SharedTimeline() {
  static std::unique_ptr<phi::Timeline> timeline = [] {
    bool exists = std::filesystem::exists(g_dir + "/CURRENT");
    phi::TimelineOptions o;
    o.path = g_dir;
    o.retention_days = 0;
    auto t = phi::Timeline::Open(o);
    if (!t.ok()) {
      std::fprintf(stderr, "%s\n", t.status().message().c_str());
      std::exit(1);
    }
    if (!exists || t.value()->Stats().events < kEvents) {
      std::fprintf(stderr, "building a %llu-event timeline in %s ...\n",
                   static_cast<unsigned long long>(kEvents), g_dir.c_str());
      std::mt19937_64 rng(7);
      phi::IngestBatch batch;
      batch.source = "bench";
      phi::TimeMicros t0 = *phi::ParseIsoTime("2026-01-01T00:00:00Z");
      for (uint64_t i = 0; i < kEvents; ++i) {
        // 10 events a second, 11.5 days
        phi::bench::FillChartView(batch.AddEvent(), t0 + static_cast<int64_t>(i) * 100'000, kUsers,
                                  kPatients, rng);
        if (batch.event_count == 10'000) {
          if (!t.value()->Commit(batch, 0).ok()) std::exit(1);
          batch.Reset();
        }
      }
      if (!t.value()->Commit(batch, 0).ok()) std::exit(1);
      t.value()->Flush();
    }
    return std::move(t.value());
  }();
  return *timeline;
}

void BM_PatientHistory(benchmark::State& state) {
  phi::Timeline& t = SharedTimeline();
  std::mt19937_64 rng(11);
  phi::EventPage page;
  uint64_t events = 0;
  for (auto _ : state) {
    phi::EventQuery q;
    q.by = phi::EventQuery::By::kPatient;
    q.key = Mrn(rng() % kPatients);
    q.limit = 1000;
    if (!t.Query(q, page).ok()) state.SkipWithError("query failed");
    events += page.events.size();
  }
  state.counters["events_per_query"] =
      benchmark::Counter(static_cast<double>(events) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_PatientHistory)->Unit(benchmark::kMillisecond);

void BM_UserDayHistory(benchmark::State& state) {
  phi::Timeline& t = SharedTimeline();
  std::mt19937_64 rng(13);
  phi::EventPage page;
  phi::TimeMicros t0 = *phi::ParseIsoTime("2026-01-02T00:00:00Z");
  for (auto _ : state) {
    phi::EventQuery q;
    q.by = phi::EventQuery::By::kUser;
    q.key = "u" + std::to_string(rng() % kUsers);
    q.from = t0;
    q.to = t0 + 86400LL * 1'000'000;
    q.limit = 1000;
    if (!t.Query(q, page).ok()) state.SkipWithError("query failed");
  }
}
BENCHMARK(BM_UserDayHistory)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--timeline_dir=", 0) == 0) g_dir = arg.substr(15);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
