#include "daemon/context/context_store.hpp"

#include <sys/stat.h>

#include <utility>

namespace phi {

namespace {

constexpr size_t kMaxMessages =
    1000;  // the operator log is drained regularly; never grow unbounded
constexpr size_t kWarningsPerReload = 10;

std::string Summary(const ContextSnapshot& s, const ContextLoadReport& report) {
  return std::to_string(s.employee_count()) + " employees, " + std::to_string(s.patient_count()) +
         " patients, " + std::to_string(s.encounter_count()) + " encounters, " +
         std::to_string(s.appointment_count()) + " appointments, " +
         std::to_string(report.skipped_rows) + " rows skipped";
}

}  // namespace

ContextStore::ContextStore(ContextFeedPaths paths, ContextOptions options)
    : paths_(std::move(paths)), options_(std::move(options)) {}

ContextStore::~ContextStore() {
  WaitForReload();
}

ContextStore::Signatures ContextStore::StatFeeds() const {
  Signatures out;
  for (const std::string* path :
       {&paths_.employees, &paths_.patients, &paths_.encounters, &paths_.appointments}) {
    FileSignature sig;
    struct stat st {};
    if (!path->empty() && ::stat(path->c_str(), &st) == 0) {
      sig.exists = true;
      sig.device = static_cast<uint64_t>(st.st_dev);
      sig.inode = static_cast<uint64_t>(st.st_ino);
      sig.size = static_cast<uint64_t>(st.st_size);
      sig.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    }
    out.push_back(sig);
  }
  return out;
}

Status ContextStore::Load() {
  WaitForReload();
  attempted_ = StatFeeds();
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths_, options_, report);
  if (!loaded.ok()) return loaded.status();
  AddMessage("context loaded: " + Summary(*loaded.value(), report), false);
  Install(std::move(loaded.value()), std::move(report));
  return Status::Ok();
}

Result<std::unique_ptr<ContextStore>> ContextStore::Open(ContextFeedPaths paths,
                                                         ContextOptions options) {
  auto store = std::make_unique<ContextStore>(std::move(paths), std::move(options));
  if (Status s = store->Load(); !s.ok()) return s;
  return store;
}

std::shared_ptr<const ContextSnapshot> ContextStore::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

bool ContextStore::Poll() {
  if (reload_running()) return false;
  if (reload_thread_.joinable()) reload_thread_.join();
  Signatures now = StatFeeds();
  if (now == attempted_) return false;
  attempted_ = now;
  reload_running_.store(true, std::memory_order_release);
  reload_thread_ =
      std::thread([this, now = std::move(now)]() mutable { RunReload(std::move(now)); });
  return true;
}

void ContextStore::WaitForReload() {
  if (reload_thread_.joinable()) reload_thread_.join();
}

void ContextStore::RunReload(Signatures before) {
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths_, options_, report);
  if (!loaded.ok()) {
    AddMessage("context reload failed, keeping the previous context: " + loaded.status().message());
  } else if (StatFeeds() != before) {
    // A feed was being written while we read it: the next Poll() sees the change and loads
    // the finished file. Better to keep the old snapshot than install a truncated one.
    AddMessage("context feeds changed during reload; will reload again");
  } else {
    AddMessage("context reloaded: " + Summary(*loaded.value(), report), false);
    Install(std::move(loaded.value()), std::move(report));
  }
  reload_running_.store(false, std::memory_order_release);
}

void ContextStore::Install(std::shared_ptr<const ContextSnapshot> snapshot,
                           ContextLoadReport report) {
  std::shared_ptr<const ContextSnapshot> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < report.warnings.size() && i < kWarningsPerReload; ++i) {
      if (messages_.size() < kMaxMessages)
        messages_.push_back({true, "context: " + report.warnings[i]});
    }
    if (report.warnings.size() > kWarningsPerReload && messages_.size() < kMaxMessages) {
      messages_.push_back({true, "context: " + std::to_string(report.skipped_rows) +
                                     " rows skipped in all; the first " +
                                     std::to_string(kWarningsPerReload) + " are listed"});
    }
    old = std::exchange(current_, std::move(snapshot));
    last_report_ = std::move(report);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  // `old` is released here, outside the lock (freeing a large snapshot takes a while); if a
  // reader still holds it, the last reader frees it.
}

void ContextStore::AddMessage(std::string message, bool warning) {
  std::lock_guard<std::mutex> lock(mu_);
  if (messages_.size() < kMaxMessages) messages_.push_back({warning, std::move(message)});
}

std::vector<ContextStore::Message> ContextStore::TakeMessages() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(messages_, {});
}

ContextLoadReport ContextStore::last_report() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_report_;
}

}  // namespace phi
