// Context load benchmark: generates deterministic feeds of 10,000 employees, 1,000,000
// patients and 2,000,000 encounters in /tmp, times ContextLoader::Load, reports peak RSS and
// the snapshot's size per patient, then times 10,000,000 Explain() calls (and checks that
// they allocate nothing). Target: load <= 10 s (issue 3).
// Usage: phi_context_load_bench [DIR]   (default /tmp/phi-context-bench)

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "daemon/context/context_loader.hpp"

namespace {

std::atomic<uint64_t> g_allocations{0};

struct Rng {  // splitmix64: deterministic across runs and platforms
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
};

const char* kFirst[] = {"James", "Mary",  "Robert", "Patricia", "John",   "Jennifer", "Michael",
                        "Linda", "David", "Sarah",  "Wei",      "Fatima", "Carlos",   "Aisha",
                        "Ivan",  "Mei",   "Omar",   "Grace",    "Liam",   "Sofia"};
const char* kLast[] = {"Smith",  "Johnson", "Williams",  "Brown",    "Jones",  "Garcia",
                       "Miller", "Davis",   "Rodriguez", "Martinez", "Nguyen", "O'Brien",
                       "Kim",    "Chen",    "Patel",     "Khan",     "Okafor", "Schmidt",
                       "Rossi",  "Silva",   "Cohen",     "Murphy",   "Lopez",  "Wilson"};
const char* kStreet[] = {"Oak St.", "Maple Ave", "Main St", "Elm Rd",    "River Rd",
                         "Pine Ct", "Cedar Ln",  "Hill Dr", "Lake Blvd", "Park Pl"};
const char* kRole[] = {"physician", "nurse",        "nurse",         "nurse",
                       "resident",  "technologist", "billing_clerk", "him_analyst",
                       "registrar", "scheduler",    "pharmacist"};
constexpr int kDepartments = 40;

void Date(Rng& rng, int year_from, int years, std::string& out) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_from + static_cast<int>(rng.Below(years)),
                1 + static_cast<int>(rng.Below(12)), 1 + static_cast<int>(rng.Below(28)));
  out += buf;
}

void Address(Rng& rng, uint64_t n, std::string& out) {
  out += '"';
  out += std::to_string(1 + n % 9973);
  out += ' ';
  out += kStreet[rng.Below(10)];
  out += ", Apt ";
  out += std::to_string(n / 9973 % 400);
  out += ", Springfield\"";
}

class Writer {
 public:
  explicit Writer(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (f_ == nullptr) {
      std::perror(path.c_str());
      std::exit(1);
    }
  }
  ~Writer() {
    Flush();
    std::fclose(f_);
  }
  std::string& buf() { return buf_; }
  void EndRow() {
    buf_ += '\n';
    if (buf_.size() > (1 << 20)) Flush();
  }

 private:
  void Flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }
  std::FILE* f_;
  std::string buf_;
};

constexpr int kEmployees = 10'000;
constexpr int kPatients = 1'000'000;
constexpr int kEncounters = 2'000'000;

std::string UserId(uint64_t i) {
  return "u" + std::to_string(100000 + i);
}
std::string Mrn(uint64_t i) {
  return "MRN" + std::to_string(10000000 + i);
}

void Generate(const std::string& dir, const phi::ContextFeedPaths& paths) {
  ::mkdir(dir.c_str(), 0755);
  Rng rng{42};
  {
    Writer w(paths.employees);
    w.buf() += "user_id,name,last_name,department,role,address,hired,terminated\n";
    for (int i = 0; i < kEmployees; ++i) {
      std::string& b = w.buf();
      const char* last = kLast[rng.Below(24)];
      b += UserId(i) + ',' + kFirst[rng.Below(20)] + ' ' + last + ',' + last + ",Dept" +
           std::to_string(rng.Below(kDepartments)) + ',' + kRole[rng.Below(11)] + ',';
      Address(rng, rng.Next() % 4'000'000, b);
      b += ',';
      Date(rng, 2000, 24, b);
      b += ',';
      if (rng.Below(20) == 0) Date(rng, 2024, 1, b);
      w.EndRow();
    }
  }
  {
    Writer w(paths.patients);
    w.buf() += "mrn,name,last_name,dob,address,vip,employee_user_id,deceased,contact_names\n";
    for (int i = 0; i < kPatients; ++i) {
      std::string& b = w.buf();
      const char* last = kLast[rng.Below(24)];
      b += Mrn(i) + ',' + kFirst[rng.Below(20)] + ' ' + last + ',' + last + ',';
      Date(rng, 1930, 94, b);
      b += ',';
      Address(rng, rng.Next() % 4'000'000, b);
      b += rng.Below(1000) == 0 ? ",1," : ",0,";
      if (rng.Below(100) == 0) b += UserId(rng.Below(kEmployees));
      b += ',';
      if (rng.Below(100) == 0) Date(rng, 2020, 4, b);
      b += ',';
      if (rng.Below(3) == 0) {
        b += kFirst[rng.Below(20)];
        b += ' ';
        b += last;
        if (rng.Below(2) == 0)
          b += std::string(";") + kFirst[rng.Below(20)] + ' ' + kLast[rng.Below(24)];
      }
      w.EndRow();
    }
  }
  {
    Writer w(paths.encounters);
    w.buf() += "mrn,department,attending_user_id,admitted,discharged\n";
    char buf[64];
    for (int i = 0; i < kEncounters; ++i) {
      std::string& b = w.buf();
      b += Mrn(rng.Below(kPatients)) + ",Dept" + std::to_string(rng.Below(kDepartments)) + ',';
      uint64_t a = rng.Below(100);
      if (a < 88)
        b += UserId(rng.Below(kEmployees));
      else if (a < 90)
        b += "ext" + std::to_string(a);
      b += ',';
      // Admitted within 2023-2024, a stay of 0-10 days; 5 % still open.
      int64_t day = static_cast<int64_t>(rng.Below(730));
      int64_t hour = static_cast<int64_t>(rng.Below(24));
      std::time_t t = static_cast<std::time_t>((19358 + day) * 86400 + hour * 3600);
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
      b += buf;
      b += ',';
      if (rng.Below(20) != 0) {
        t += static_cast<std::time_t>(rng.Below(10 * 24) * 3600);
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
        b += buf;
      }
      w.EndRow();
    }
  }
}

long StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  }
  return -1;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void TimeExplain(const phi::ContextSnapshot& snap, uint64_t patients, uint64_t users,
                 const char* label) {
  constexpr size_t kQueries = 1 << 16;
  constexpr size_t kCalls = 10'000'000;
  Rng rng{7};
  std::vector<std::string> user_ids, mrns;
  std::vector<phi::TimeMicros> times;
  for (size_t i = 0; i < kQueries; ++i) {
    user_ids.push_back(UserId(rng.Below(users)));
    mrns.push_back(Mrn(rng.Below(patients)));
    times.push_back((19358 + static_cast<int64_t>(rng.Below(730))) * 86400 * phi::kMicrosPerSecond);
  }
  size_t counts[5] = {};
  const uint64_t allocations_before = g_allocations.load();
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kCalls; ++i) {
    size_t q = i & (kQueries - 1);
    ++counts[static_cast<int>(snap.Explain(user_ids[q], mrns[q], times[q]))];
  }
  const double seconds = Seconds(start);
  const uint64_t allocations = g_allocations.load() - allocations_before;
  std::printf(
      "explain (%s): %zu calls in %.3f s = %.1f ns/call, %llu allocations; none %zu, "
      "attending %zu, department %zu, operations %zu\n",
      label, kCalls, seconds, seconds * 1e9 / kCalls, static_cast<unsigned long long>(allocations),
      counts[0], counts[1], counts[2], counts[3]);
}

}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "/tmp/phi-context-bench";
  phi::ContextFeedPaths paths{dir + "/employees.csv", dir + "/patients.csv",
                              dir + "/encounters.csv", ""};
  auto start = std::chrono::steady_clock::now();
  Generate(dir, paths);
  std::printf("generated feeds in %s: %.2f s\n", dir.c_str(), Seconds(start));
  const long rss_before = StatusKb("VmRSS:");
  const long hwm_before = StatusKb("VmHWM:");

  phi::ContextLoadReport report;
  start = std::chrono::steady_clock::now();
  auto loaded = phi::ContextLoader::Load(paths, phi::ContextOptions{}, report);
  const double load_s = Seconds(start);
  if (!loaded.ok()) {
    std::fprintf(stderr, "load failed: %s\n", loaded.status().message().c_str());
    return 1;
  }
  const phi::ContextSnapshot& snap = *loaded.value();
  const long rss_after = StatusKb("VmRSS:");
  std::printf(
      "load: %.3f s  (%zu employees, %zu patients, %zu encounters, %zu rows skipped, "
      "%zu strings)\n",
      load_s, snap.employee_count(), snap.patient_count(), snap.encounter_count(),
      report.skipped_rows, snap.strings().size());
  const size_t bytes = snap.ApproximateBytes();
  std::printf(
      "snapshot: %.1f MB by count, %.0f bytes per patient (incl. its share of "
      "encounters, strings and indexes); RSS %ld -> %ld MB\n",
      static_cast<double>(bytes) / 1e6,
      static_cast<double>(bytes) / static_cast<double>(snap.patient_count()), rss_before / 1024,
      rss_after / 1024);
  std::printf("peak RSS (VmHWM): %ld MB (before load %ld MB)\n", StatusKb("VmHWM:") / 1024,
              hwm_before / 1024);

  // Explain(): uniformly random users and patients (every call misses the caches: the worst
  // case), then a working set of 1,000 patients and 100 users (closer to real sessions).
  TimeExplain(snap, kPatients, kEmployees, "random over all patients");
  TimeExplain(snap, 1000, 100, "1,000 patients x 100 users");
  return 0;
}
