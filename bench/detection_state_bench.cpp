// Detection engine benchmark, in process: parses a phi-json file, then runs every event through
// the DetectionEngine with a rule folder and a context folder, and reports the engine's own
// throughput (wall clock and thread CPU time, the latter steadier on a shared machine), the heap
// its state holds (glibc mallinfo2, measured after the context is loaded and the events parsed,
// so only the engine's growth counts), the users it tracks, and the bytes per tracked user.
// Target (issue 6): detection state <= 1 KB per active user.
// Usage: phi_detection_state_bench EVENTS.jsonl RULES_DIR CONTEXT_DIR [max_events]
//          [--changes FILE]   every alert change (created and updated) as JSON lines, to diff
//                             the engine's output before and after a change
//          [--restore-at N]   save the state after N events and go on in a new engine restored
//                             from it (the changes must be the same as without)

#include <malloc.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "collectors/parse/parser_factory.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace {

size_t HeapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Writes the changes as JSON lines ("created" first) and forgets them.
void Drain(std::vector<phi::AlertChange>& changes, std::FILE* out) {
  if (out) {
    std::string line;
    for (const auto& c : changes) {
      line = c.created ? "{\"created\":true,\"alert\":" : "{\"created\":false,\"alert\":";
      phi::AppendAlertJson(c.alert, line);
      line += "}\n";
      std::fwrite(line.data(), 1, line.size(), out);
    }
  }
  changes.clear();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  const char* changes_path = nullptr;
  size_t restore_at = SIZE_MAX;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--changes") == 0 && i + 1 < argc) {
      changes_path = argv[++i];
    } else if (std::strcmp(argv[i], "--restore-at") == 0 && i + 1 < argc) {
      restore_at = std::stoull(argv[++i]);
    } else {
      positional.emplace_back(argv[i]);
    }
  }
  if (positional.size() < 3) {
    std::fprintf(stderr,
                 "usage: %s EVENTS.jsonl RULES_DIR CONTEXT_DIR [max_events] [--changes FILE] "
                 "[--restore-at N]\n",
                 argv[0]);
    return 2;
  }
  const size_t max_events = positional.size() > 3 ? std::stoull(positional[3]) : SIZE_MAX;
  phi::RuleLoadResult rules = phi::LoadRuleDirectory(positional[1]);
  if (!rules.rules) {
    for (const auto& e : rules.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  phi::ContextLoadReport report;
  auto context = phi::ContextLoader::Load(phi::ContextFeedPaths::InFolder(positional[2]),
                                          phi::ContextOptions(), report);
  if (!context.ok()) {
    std::fprintf(stderr, "%s\n", context.status().message().c_str());
    return 1;
  }
  phi::ParserOptions options;
  options.format = "phi-json";
  auto parser = phi::MakeParserFactory(options).value()();
  std::vector<phi::Event> events;
  std::ifstream in(positional[0]);
  std::string line;
  while (events.size() < max_events && std::getline(in, line)) {
    phi::Event e;
    if (parser->Parse(line, e).code != phi::ParseCode::kEvent) continue;
    e.sequence = events.size() + 1;
    e.source = "bench";
    events.push_back(std::move(e));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> changes_file(
      changes_path ? std::fopen(changes_path, "w") : nullptr, &std::fclose);
  if (changes_path && !changes_file) {
    std::fprintf(stderr, "cannot write %s\n", changes_path);
    return 1;
  }
  malloc_trim(0);
  const size_t heap_before = HeapInUse();
  auto engine = std::make_unique<phi::DetectionEngine>(rules.rules, phi::DetectionSettings());
  std::vector<phi::AlertChange> changes;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuSeconds();
  for (size_t i = 0; i < events.size(); ++i) {
    if (i == restore_at) {
      std::string saved;
      engine->SaveState(saved);
      engine = std::make_unique<phi::DetectionEngine>(rules.rules, phi::DetectionSettings());
      phi::Status restored = engine->RestoreState(saved);
      if (!restored.ok()) {
        std::fprintf(stderr, "restore failed: %s\n", restored.message().c_str());
        return 1;
      }
      std::printf("state saved and restored after %zu events (%.1f MB)\n", i,
                  static_cast<double>(saved.size()) / 1e6);
    }
    engine->Process(events[i], context.value().get(), changes);
    if (changes.size() > 10'000) Drain(changes, changes_file.get());
  }
  const double cpu_seconds = ThreadCpuSeconds() - cpu_start;
  const double seconds = Seconds(start);
  Drain(changes, changes_file.get());
  changes.shrink_to_fit();
  const size_t heap_after = HeapInUse();
  std::string snapshot;
  engine->SaveState(snapshot);
  const size_t users = engine->tracked_users();
  const size_t state = heap_after > heap_before ? heap_after - heap_before : 0;
  const auto n = static_cast<double>(events.size());
  std::printf("events %zu, engine %.2f s, %.0f events/s (detection only, one thread)\n",
              events.size(), seconds, n / seconds);
  std::printf("thread CPU %.2f s: %.0f events per CPU-second, %.2f us/event\n", cpu_seconds,
              n / cpu_seconds, cpu_seconds * 1e6 / n);
  std::printf("users with state %zu; engine heap %.1f MB, %.0f bytes per user; snapshot %.1f MB\n",
              users, static_cast<double>(state) / 1e6,
              users ? static_cast<double>(state) / static_cast<double>(users) : 0.0,
              static_cast<double>(snapshot.size()) / 1e6);
  std::printf("of which learned explanations %.1f MB\n",
              static_cast<double>(engine->learned_explanation_bytes()) / 1e6);
  const phi::DetectionCounters& c = engine->counters();
  std::printf("alerts %llu, explained %.1f%% of %llu patient accesses\n",
              static_cast<unsigned long long>(c.alerts),
              c.patient_accesses ? 100.0 * static_cast<double>(c.explained) /
                                       static_cast<double>(c.patient_accesses)
                                 : 0.0,
              static_cast<unsigned long long>(c.patient_accesses));
  return 0;
}
