// What the hash chain and encryption at rest add to ingest, per event, apart from the rest of a
// commit: encoding an event as the timeline stores it, with and without hashing it into its
// batch's events_hash (EventsHasher), clear and sealed (AES-256-GCM and two index tokens), on
// realistic EHR access events. Google Benchmark; items/s is events/s.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "daemon/event/event.hpp"
#include "daemon/timeline/at_rest_codec.hpp"
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

// Encodes every event of a batch as the timeline stores it (AtRestCodec, the ingest thread's
// path: clear, or sealed with AES-256-GCM and index tokens), hashing each into the batch's
// events_hash when `hash`.
void Store(benchmark::State& state, bool sealed, bool hash) {
  auto events = Batch();
  auto ring = phi::AtRestKeyRing::Parse("1 " + std::string(64, 'a') + "\n", "bench");
  phi::AtRestCodec codec(sealed ? &ring.value() : nullptr, sealed);
  std::string key;
  phi::StoredEvent stored;
  phi::EventsHasher hasher;
  uint64_t next_patient = 1'000'000;
  for (auto _ : state) {
    // Users recur (900 of them), patients do not: each batch views 4,096 new ones, so the
    // codec's token cache helps only as much as a hospital's repeat users let it.
    state.PauseTiming();
    for (phi::Event& e : events) e.patient = "MRN" + std::to_string(next_patient++);
    state.ResumeTiming();
    for (const phi::Event& e : events) {
      key.clear();
      phi::timeline_keys::AppendTimeSuffix(e.ts, e.sequence, key);
      codec.EncodeEvent(e, key, stored);
      if (hash) hasher.Add(key, stored.full);
      benchmark::DoNotOptimize(stored.full.data());
    }
    if (hash) benchmark::DoNotOptimize(hasher.Finish());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK_CAPTURE(Store, ClearEncodeOnly, false, false);
BENCHMARK_CAPTURE(Store, ClearEncodeAndHash, false, true);
BENCHMARK_CAPTURE(Store, SealedEncodeAndHash, true, true);

// The two parts of sealing on their own: the user's and the patient's index tokens, and one
// AES-256-GCM value of an event's size.
void TokensOnly(benchmark::State& state) {
  auto events = Batch();
  auto ring = phi::AtRestKeyRing::Parse("1 " + std::string(64, 'a') + "\n", "bench");
  phi::IndexTokenizer tokens(ring.value());
  std::string token;
  for (auto _ : state) {
    for (const phi::Event& e : events) {
      token.clear();
      tokens.Append(e.user, token);
      tokens.Append(e.patient, token);
      benchmark::DoNotOptimize(token.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(TokensOnly);

void SealOnly(benchmark::State& state) {
  auto events = Batch();
  auto ring = phi::AtRestKeyRing::Parse("1 " + std::string(64, 'a') + "\n", "bench");
  phi::FieldCipher cipher(ring.value());
  std::string plain(200, 'x'), sealed, key(16, 'k');
  for (auto _ : state) {
    for (size_t i = 0; i < events.size(); ++i) {
      sealed.clear();
      cipher.Seal(plain, key, sealed);
      benchmark::DoNotOptimize(sealed.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events.size()));
}
BENCHMARK(SealOnly);

}  // namespace

BENCHMARK_MAIN();
