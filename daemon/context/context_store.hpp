// Holds the current ContextSnapshot and replaces it when a feed file changes, without
// stopping detection: Poll() notices a change (stat: device, inode, size, mtime) and loads a
// new snapshot on a background thread; readers keep using the old one until the new one is
// complete and swapped in. A reload that fails keeps the old snapshot and says why.
// Threading: Load(), Poll() and WaitForReload() are called by one owner thread (the daemon's
// main loop); Current(), TakeMessages(), generation() and last_report() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/context/context_snapshot.hpp"

namespace phi {

class ContextStore {
 public:
  ContextStore(ContextFeedPaths paths, ContextOptions options);
  ~ContextStore();  // waits for a reload in progress
  ContextStore(const ContextStore&) = delete;
  ContextStore& operator=(const ContextStore&) = delete;

  // Constructs a store and runs Load(): the daemon's way in.
  static Result<std::unique_ptr<ContextStore>> Open(ContextFeedPaths paths, ContextOptions options);

  // The first, synchronous load. An error (a missing or broken feed) leaves no snapshot.
  Status Load();

  // The current snapshot (null before a successful Load). Cheap: take it once per batch.
  std::shared_ptr<const ContextSnapshot> Current() const;

  // Checks the feed files; when one changed since the last load attempt and no reload is
  // running, starts one in the background and returns true.
  bool Poll();
  // Blocks until the reload started by Poll(), if any, has finished (swapped in or failed).
  void WaitForReload();
  bool reload_running() const { return reload_running_.load(std::memory_order_acquire); }

  // Messages for the operator log since the last call: reloads done (routine), failed or
  // retried, and the loader's warnings (file, line, column, reason; never cell values).
  struct Message {
    bool warning = true;
    std::string text;
  };
  std::vector<Message> TakeMessages();
  // Increases by one with every snapshot swapped in (1 after Load).
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  ContextLoadReport last_report() const;

 private:
  struct FileSignature {
    bool exists = false;
    uint64_t device = 0, inode = 0, size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileSignature&) const = default;
  };
  using Signatures = std::vector<FileSignature>;  // employees, patients, encounters, appointments

  Signatures StatFeeds() const;
  void RunReload(Signatures before);
  void Install(std::shared_ptr<const ContextSnapshot> snapshot, ContextLoadReport report);
  void AddMessage(std::string message, bool warning = true);

  const ContextFeedPaths paths_;
  const ContextOptions options_;
  Signatures attempted_;  // owner thread only: the files as they were at the last load attempt
  std::thread reload_thread_;
  std::atomic<bool> reload_running_{false};
  std::atomic<uint64_t> generation_{0};

  mutable std::mutex mu_;
  std::shared_ptr<const ContextSnapshot> current_;  // GUARDED_BY(mu_)
  ContextLoadReport last_report_;                   // GUARDED_BY(mu_)
  std::vector<Message> messages_;                   // GUARDED_BY(mu_)
};

}  // namespace phi
