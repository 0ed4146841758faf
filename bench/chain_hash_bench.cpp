// What the hash chain adds to ingest, per event, apart from the rest of a commit: encoding an
// event as the timeline stores it, with and without hashing it into its batch's events_hash
// (EventsHasher), on realistic EHR access events. Google Benchmark; items/s is events/s.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "daemon/event/event.hpp"
#include "daemon/event/event_codec.hpp"
#include "daemon/integrity/field_cipher.hpp"
#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace {

std::vector<phi::Event> Batch() {
  std::vector<phi::Event> events(4096);
  for (size_t i = 0; i < events.size(); ++i) {
    phi::Event& e = events[i];
    e.ts = 1'780'000'000'000'000 + static_cast<int64_t>(i) * 1'000'000;
    e.user = "u0" + std::to_string(1000 + i % 900);
    e.role = "registered nurse";
    e.department = "Internal Medicine";
    e.action = "view";
    e.patient = "MRN" + std::to_string(1'000'000 + i * 7);
    e.record_type = "clinical_note";
    e.workstation = "WS-MED-0" + std::to_string(i % 50);
    e.client_ip = "10.20.30." + std::to_string(i % 250);
    e.outcome = "success";
    e.event_id = "evt-" + std::to_string(9'000'000 + i);
    e.source = "ehr";
    e.offset = i * 260;
    e.sequence = i + 1;
  }
  return events;
}

void EncodeOnly(benchmark::State& state) {
  auto events = Batch();
  std::string key, value;
  for (auto _ : state) {
    for (const phi::Event& e : events) {
      key.clear();
      phi::timeline_keys::AppendTimeSuffix(e.ts, e.sequence, key);
      value.clear();
      phi::EncodeEvent(e, phi::EventDetail::kFull, value);
      benchmark::DoNotOptimize(value.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(EncodeOnly);

void EncodeAndHash(benchmark::State& state) {
  auto events = Batch();
  std::string key, value;
  phi::EventsHasher hasher;
  for (auto _ : state) {
    for (const phi::Event& e : events) {
      key.clear();
      phi::timeline_keys::AppendTimeSuffix(e.ts, e.sequence, key);
      value.clear();
      phi::EncodeEvent(e, phi::EventDetail::kFull, value);
      hasher.Add(key, value);
    }
    benchmark::DoNotOptimize(hasher.Finish());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(EncodeAndHash);

// What item 6 (PHI encrypted at rest) would add on top: sealing each stored event with
// AES-256-GCM (FieldCipher), not yet done by the timeline.
void EncodeHashAndSeal(benchmark::State& state) {
  auto events = Batch();
  auto ring = phi::AtRestKeyRing::Parse("1 " + std::string(64, 'a') + "\n", "bench");
  phi::FieldCipher cipher(ring.value());
  std::string key, value, sealed;
  phi::EventsHasher hasher;
  for (auto _ : state) {
    for (const phi::Event& e : events) {
      key.clear();
      phi::timeline_keys::AppendTimeSuffix(e.ts, e.sequence, key);
      value.clear();
      phi::EncodeEvent(e, phi::EventDetail::kFull, value);
      sealed.clear();
      cipher.Seal(value, key, sealed);
      hasher.Add(key, sealed);
    }
    benchmark::DoNotOptimize(hasher.Finish());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(EncodeHashAndSeal);

}  // namespace

BENCHMARK_MAIN();
