// A file source: follows the files that match a source's glob patterns, survives rotation by
// rename or copytruncate, deletion and inode reuse, frames and parses their records, and fills
// an IngestBatch with events, dead letters and the read positions reached. It never logs and
// never writes to the timeline itself: the caller commits the batch, then calls Committed(), or
// Rewind() when the commit failed. Not thread-safe: one thread polls it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "collectors/parse/parser_factory.hpp"
#include "collectors/tail/record_framer.hpp"
#include "collectors/tail/tail_checkpoint.hpp"
#include "daemon/event/ingest_batch.hpp"

namespace phi {

struct TailOptions {
  std::string source;
  std::vector<std::string> paths;    // glob patterns
  std::vector<std::string> exclude;  // fnmatch patterns on the full path (e.g. "*.gz")
  bool start_at_end = false;         // on the very first run only; files found later start at 0
  bool follow_symlinks = false;      // read files reached through a symbolic link
  size_t read_chunk_bytes = 256 << 10;
  size_t max_record_bytes = 64 << 10;
  size_t dead_letter_max_bytes = 4096;
  uint32_t fingerprint_bytes = 256;
  int64_t rotate_wait_ms =
      5000;  // keep reading a renamed or deleted file this long after its last data
  int64_t multiline_flush_ms = 1000;  // an open multi-line record is complete after this idle time
  int64_t discovery_interval_ms = 1000;
};

struct PollStats {
  uint64_t bytes = 0;
  uint64_t records = 0;
  bool batch_full = false;  // stopped because the batch is full: poll again right away
  // The time of an event held back because it lies past stop_after (INT64_MAX: none).
  TimeMicros held_back = INT64_MAX;
};

// Something the operator should hear about; the daemon decides how to log it.
struct SourceNotice {
  enum class Kind { kOpened, kPermissionDenied, kReadable, kTruncated, kClosed, kReadError };
  Kind kind;
  std::string path;
  std::string message;  // names the file and what happened; never contains file content
};

class FileSource {
 public:
  FileSource(TailOptions options, ParserFactory parsers);
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  const std::string& name() const { return options_.source; }

  // The committed positions from the timeline. REQUIRES: before the first Poll().
  void Restore(const std::vector<CheckpointUpdate>& saved);

  // Adds up to `max_records` events and dead letters to `batch`, with a checkpoint for every
  // file read from. `end_of_input` (batch mode): flush open multi-line records and let go of
  // rotated files at once. `now_ms` is a monotonic clock, `wall_now` stamps dead letters.
  // An event stamped later than `stop_after` is held back for a later Poll and ends this one
  // (so that several sources are merged in event time); the batch then counts as full.
  PollStats Poll(IngestBatch& batch, size_t max_records, int64_t now_ms, TimeMicros wall_now,
                 bool end_of_input, TimeMicros stop_after = INT64_MAX);
  void Committed();
  void Rewind();

  std::vector<SourceNotice> TakeNotices();
  size_t open_files() const { return files_.size(); }
  // Bytes in the files beyond what was read, for progress and lag.
  uint64_t PendingBytes() const;

 private:
  struct TrackedFile;

  void Discover(int64_t now_ms);
  void Track(const std::string& path, bool first_scan);
  bool ReadHeader(TrackedFile& file);
  // A retired identity (content read before a truncation) that the open file starts with.
  std::optional<TailCheckpoint> FindCopiedContent(int fd, uint64_t size,
                                                  const FileIdentity& self) const;
  static uint64_t LastLineStart(int fd, uint64_t size);
  void RecoverFilesRotatedWhileStopped();
  void CheckTruncation(TrackedFile& file);
  void RestartFromBeginning(TrackedFile& file);
  void HandleRecord(TrackedFile& file, const FramedRecord& record, IngestBatch& batch,
                    TimeMicros wall_now);
  std::string OversizedReason() const;
  void AddDeadLetter(const TrackedFile& file, const FramedRecord& record, std::string reason,
                     IngestBatch& batch, TimeMicros wall_now);
  void AddCheckpoint(const TrackedFile& file, IngestBatch& batch);
  void Notice(SourceNotice::Kind kind, const std::string& path, std::string message);

  TailOptions options_;
  ParserFactory parsers_;
  Framing framing_;
  char delimiter_ = ',';
  std::map<std::string, TailCheckpoint> saved_;  // committed positions by checkpoint key
  static constexpr size_t kMaxRetired = 16;
  std::vector<TailCheckpoint> retired_;  // positions in content that was truncated away
  std::vector<std::string> forgotten_;   // checkpoint keys to erase with the next batch
  std::vector<std::unique_ptr<TrackedFile>> files_;
  std::set<std::string> unreadable_;  // paths reported as unreadable, to report once
  std::vector<SourceNotice> notices_;
  std::string read_buffer_;
  int64_t last_discovery_ms_ = 0;
  bool discovered_once_ = false;
  size_t next_file_ = 0;  // round robin between files
};

}  // namespace phi
