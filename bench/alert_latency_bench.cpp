// Event-to-alert latency in daemon mode: a writer appends phi-json events at a steady rate
// (default 10,000/s), one in 500 of them a bulk export that the default rules alert on; a
// reader follows the alert file. Latency = alert line visible - trigger line written.
// Usage: phi_alert_latency_bench AUDITD RULES_DIR CONTEXT_DIR WORK_DIR [RATE] [SECONDS]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// The first column of a context feed (user ids, MRNs), so events name real people.
std::vector<std::string> FirstColumn(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> out;
  std::getline(in, line);  // header
  while (std::getline(in, line)) out.push_back(line.substr(0, line.find(',')));
  return out;
}

long PeakRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmHWM:") {
      in >> value;
      return value;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s AUDITD RULES_DIR CONTEXT_DIR WORK_DIR [RATE] [SECONDS]\n",
                 argv[0]);
    return 2;
  }
  std::string auditd = argv[1], rules = argv[2], context = argv[3], work = argv[4];
  int rate = argc > 5 ? std::atoi(argv[5]) : 10000;
  int seconds = argc > 6 ? std::atoi(argv[6]) : 20;
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::vector<std::string> users = FirstColumn(context + "/employees.csv");
  const std::vector<std::string> mrns = FirstColumn(context + "/patients.csv");
  const long employees = static_cast<long>(users.size());
  const long patients = static_cast<long>(mrns.size());
  if (employees == 0 || patients == 0) {
    std::fprintf(stderr, "no employees or patients in %s\n", context.c_str());
    return 2;
  }
  std::string events = work + "/events.jsonl", alerts = work + "/alerts.jsonl";
  {
    std::ofstream config(work + "/phi.yaml");
    config << "data_dir: " << work << "/data\nlog_level: warn\n"
           << "sources:\n  - name: ehr\n    format: phi-json\n    paths: [\"" << events << "\"]\n"
           << "detection:\n  rules_dir: " << rules << "\n  alerts_file: " << alerts
           << "\n  context:\n    employees: " << context
           << "/employees.csv\n    patients: " << context
           << "/patients.csv\n    encounters: " << context << "/encounters.csv\n";
  }
  std::ofstream(events).flush();
  pid_t pid = fork();
  if (pid == 0) {
    execl(auditd.c_str(), auditd.c_str(), "--config", (work + "/phi.yaml").c_str(), nullptr);
    _exit(127);
  }
  // Wait for the daemon to load its context and start following the file.
  std::this_thread::sleep_for(std::chrono::seconds(std::max(3L, patients / 200000)));

  std::mutex mu;
  std::map<std::string, Clock::time_point> written;  // trigger user -> when written
  std::vector<double> latencies_ms;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    std::ifstream in;
    std::string pending;
    while (!done.load()) {
      if (!in.is_open()) in.open(alerts);
      std::string chunk;
      if (in.is_open()) {
        in.clear();
        char buf[65536];
        while (in.read(buf, sizeof buf) || in.gcount() > 0)
          chunk.append(buf, static_cast<size_t>(in.gcount()));
      }
      auto now = Clock::now();
      pending += chunk;
      size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        if (line.find("\"rule_id\":\"bulk_export\"") == std::string::npos) continue;
        size_t u = line.find("\"user\":\"");
        std::string user = line.substr(u + 8, line.find('"', u + 8) - u - 8);
        std::lock_guard<std::mutex> lock(mu);
        auto it = written.find(user);
        if (it != written.end()) {
          latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(now - it->second).count());
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  });

  std::mt19937_64 rng(5);
  FILE* out = std::fopen(events.c_str(), "a");
  auto start = Clock::now();
  long total = 0, triggers = 0;
  std::string buf;
  for (int tick = 0; tick < seconds * 1000; ++tick) {
    auto due = start + std::chrono::milliseconds(tick);
    std::this_thread::sleep_until(due);
    buf.clear();
    long target = static_cast<long>(rate) * (tick + 1) / 1000;
    std::vector<std::string> trigger_users;
    for (; total < target; ++total) {
      phi::TimeMicros ts = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
      buf += "{\"ts\":\"" + phi::FormatIsoTime(ts) + "\",";
      if (total % 500 == 499 && triggers < employees) {
        std::string user = users[static_cast<size_t>(triggers++ % employees)];
        trigger_users.push_back(user);
        buf += "\"user\":\"" + user +
               "\",\"action\":\"export\",\"record_type\":\"demographics\",\"record_count\":5000}\n";
      } else {
        buf += "\"user\":\"" + users[rng() % users.size()] +
               "\",\"action\":\"view\",\"patient\":\"" + mrns[rng() % mrns.size()] +
               "\",\"record_type\":\"clinical_note\"}\n";
      }
    }
    std::fwrite(buf.data(), 1, buf.size(), out);
    std::fflush(out);
    auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& u : trigger_users) written.emplace(u, now);
  }
  std::fclose(out);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  done = true;
  reader.join();
  long rss = PeakRssKb(pid);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms.empty() ? 0.0
                                : latencies_ms[static_cast<size_t>(p * (latencies_ms.size() - 1))];
  };
  std::printf("rate %d events/s for %d s: %ld events, %ld triggers, %zu alerts seen\n", rate,
              seconds, total, triggers, latencies_ms.size());
  std::printf(
      "event-to-alert latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f; daemon peak RSS %.0f "
      "MB\n",
      pct(0.5), pct(0.9), pct(0.99), latencies_ms.empty() ? 0 : latencies_ms.back(), rss / 1024.0);
  return latencies_ms.size() == static_cast<size_t>(triggers) ? 0 : 1;
}
