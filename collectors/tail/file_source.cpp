#include "collectors/tail/file_source.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

namespace phi {

struct FileSource::TrackedFile {
  std::string path;
  int fd = -1;
  FileIdentity identity;
  std::string key;           // checkpoint key
  uint64_t read_offset = 0;  // next byte to read from the file into the framer
  uint64_t committed_offset = 0;
  uint64_t committed_line = 1;
  RecordFramer framer;
  std::unique_ptr<RecordParser> parser;
  bool header_pending = false;  // the next record is the file's header row
  bool touched = false;         // read from since the last commit
  bool detached = false;        // renamed out of the patterns or deleted: drain, then let go
  bool closing = false;         // fully drained; closed once the erase of its checkpoint commits
  bool warned_partial = false;  // told the operator about an unterminated last line
  std::string copy_of;          // checkpoint key of the followed file this one is a copy of
  int64_t last_data_ms = 0;
  // An event read but held back because it lies past Poll's stop_after (sources are merged in
  // event time): a later Poll emits it. Until then the file's position stays before its record,
  // so a crash cannot lose it.
  std::optional<Event> held;
  uint64_t held_offset = 0;
  uint64_t held_line = 1;

  uint64_t position_offset() const { return held ? held_offset : framer.consumed_offset(); }
  uint64_t position_line() const { return held ? held_line : framer.consumed_line(); }

  TrackedFile(Framing framing, size_t max_record, char delimiter)
      : framer(framing, max_record, delimiter) {}
  ~TrackedFile() {
    if (fd >= 0) close(fd);
  }
};

namespace {

// A regular file on an ordinary file system: /proc and /sys files pass for regular files but
// are the kernel's, never an application's log.
bool IsPlainFile(int fd, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return false;
  struct statfs fs {};
  if (fstatfs(fd, &fs) != 0) return true;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
      return false;
    default:
      return true;
  }
}

std::string ErrnoText(int err) {
  return std::strerror(err);
}

std::string PermissionAdvice(const std::string& path) {
  return "cannot read " + path + ": permission denied (phi-auditd runs as uid " +
         std::to_string(getuid()) +
         " and needs read permission on the file and search permission on its directories; "
         "PostgreSQL writes its logs 0600 by default: set log_file_mode = 0640 and add this user "
         "to the log owner's group). Retrying.";
}

}  // namespace

FileSource::FileSource(TailOptions options, ParserFactory parsers)
    : options_(std::move(options)), parsers_(std::move(parsers)) {
  auto probe = parsers_();
  framing_ = probe->framing();
  delimiter_ = probe->field_delimiter();
}

FileSource::~FileSource() = default;

void FileSource::Restore(const std::vector<CheckpointUpdate>& saved) {
  for (const auto& c : saved) {
    if (auto decoded = DecodeTailCheckpoint(c.value)) saved_[c.key] = *decoded;
  }
}

void FileSource::Notice(SourceNotice::Kind kind, const std::string& path, std::string message) {
  notices_.push_back({kind, path, std::move(message)});
}

std::vector<SourceNotice> FileSource::TakeNotices() {
  std::vector<SourceNotice> out;
  out.swap(notices_);
  return out;
}

uint64_t FileSource::PendingBytes() const {
  uint64_t pending = 0;
  for (const auto& f : files_) {
    struct stat st;
    if (fstat(f->fd, &st) == 0 && static_cast<uint64_t>(st.st_size) > f->read_offset) {
      pending += static_cast<uint64_t>(st.st_size) - f->read_offset;
    }
    pending += f->framer.buffered();
  }
  return pending;
}

void FileSource::Discover(int64_t now_ms) {
  bool first_scan = !discovered_once_;
  discovered_once_ = true;
  last_discovery_ms_ = now_ms;
  std::vector<std::string> paths;
  for (const auto& pattern : options_.paths) {
    glob_t g{};
    if (glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::erase_if(paths, [&](const std::string& p) {
    return std::any_of(
        options_.exclude.begin(), options_.exclude.end(),
        [&](const std::string& ex) { return fnmatch(ex.c_str(), p.c_str(), 0) == 0; });
  });

  std::set<const TrackedFile*> seen;
  for (const auto& path : paths) {
    // What the path names itself (a link unless links are followed): Track refuses, once
    // and with a reason, a link or anything that is not a regular file.
    struct stat st;
    if ((options_.follow_symlinks ? stat(path.c_str(), &st) : lstat(path.c_str(), &st)) != 0)
      continue;
    auto it = std::find_if(files_.begin(), files_.end(), [&](const auto& f) {
      return f->identity.device == st.st_dev && f->identity.inode == st.st_ino;
    });
    if (it != files_.end() && SameContentStart((*it)->fd, (*it)->identity)) {
      (*it)->path = path;  // also follows a rename that stays within the patterns
      (*it)->detached = false;
      seen.insert(it->get());
      continue;
    }
    if (it != files_.end()) {
      // Same inode, different first bytes: rewritten in place (or a recycled inode).
      RestartFromBeginning(**it);
      seen.insert(it->get());
      continue;
    }
    Track(path, first_scan);
    if (!files_.empty() && files_.back()->path == path) seen.insert(files_.back().get());
  }
  for (auto& f : files_) {
    if (seen.count(f.get()) == 0) f->detached = true;
  }
  if (first_scan) RecoverFilesRotatedWhileStopped();
}

void FileSource::RecoverFilesRotatedWhileStopped() {
  // Positions saved for files the patterns no longer match: renamed out of them (or deleted)
  // while the daemon was stopped. Look for the same file beside its old path and drain it.
  std::vector<std::string> orphaned;
  for (const auto& entry : saved_) {
    // (Not a structured binding: clang before 16, the fuzz build's compiler, cannot capture one.)
    const std::string& key = entry.first;
    bool followed =
        std::any_of(files_.begin(), files_.end(), [&](const auto& f) { return f->key == key; });
    if (!followed) orphaned.push_back(key);
  }
  for (const std::string& key : orphaned) {
    const TailCheckpoint c = saved_.at(key);
    std::string found;
    std::error_code ec;
    auto dir = std::filesystem::path(c.path).parent_path();
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      struct stat st;
      if (stat(entry.path().c_str(), &st) == 0 && st.st_dev == c.identity.device &&
          st.st_ino == c.identity.inode) {
        found = entry.path().string();
        break;
      }
    }
    size_t before = files_.size();
    if (!found.empty()) Track(found, false);
    if (files_.size() > before && files_.back()->key == key &&
        files_.back()->committed_offset == c.offset) {
      files_.back()->detached = true;  // drain it, then let it go
      Notice(SourceNotice::Kind::kOpened, found,
             found +
                 " was renamed out of the patterns while phi-auditd was stopped; reading "
                 "the rest of it from byte " +
                 std::to_string(c.offset));
      continue;
    }
    if (files_.size() > before) files_.pop_back();  // another file now has that inode
    Notice(SourceNotice::Kind::kReadError, c.path,
           "lost track of " + c.path +
               " (renamed or deleted while phi-auditd was stopped); "
               "anything written to it after byte " +
               std::to_string(c.offset) +
               " was not read. Include rotated names in the source's paths (e.g. app.log*).");
    saved_.erase(key);
    forgotten_.push_back(key);
  }
}

void FileSource::Track(const std::string& path, bool first_scan) {
  // Judged on the descriptor, not the path (which could change between a check and the
  // open): never through a link unless allowed, never blocking on a FIFO or a device.
  int fd = open(path.c_str(),
                O_RDONLY | O_CLOEXEC | O_NONBLOCK | (options_.follow_symlinks ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP && unreadable_.insert(path).second) {
      Notice(SourceNotice::Kind::kReadError, path,
             "refusing " + path +
                 ": it is a symbolic link (set follow_symlinks: true on the source to read "
                 "through links)");
    } else if ((err == EACCES || err == EPERM) && unreadable_.insert(path).second) {
      Notice(SourceNotice::Kind::kPermissionDenied, path, PermissionAdvice(path));
    } else if (err != EACCES && err != EPERM && err != ENOENT && unreadable_.insert(path).second) {
      Notice(SourceNotice::Kind::kReadError, path, "cannot open " + path + ": " + ErrnoText(err));
    }
    return;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return;
  }
  if (!IsPlainFile(fd, st)) {
    close(fd);
    // A folder matched by a pattern is no attack: passed over in silence.
    if (!S_ISDIR(st.st_mode) && unreadable_.insert(path).second) {
      Notice(SourceNotice::Kind::kReadError, path,
             "refusing " + path +
                 ": not a regular file (a FIFO, device, socket, /proc or /sys file is never "
                 "read as a log)");
    }
    return;
  }
  if (unreadable_.erase(path) > 0) {
    Notice(SourceNotice::Kind::kReadable, path, path + " is readable now");
  }
  auto file = std::make_unique<TrackedFile>(framing_, options_.max_record_bytes, delimiter_);
  file->fd = fd;
  file->path = path;
  file->identity.device = st.st_dev;
  file->identity.inode = st.st_ino;
  file->identity.fingerprint_size = static_cast<uint32_t>(
      std::min<uint64_t>(options_.fingerprint_bytes, static_cast<uint64_t>(st.st_size)));
  FingerprintFile(fd, file->identity.fingerprint_size, file->identity.fingerprint);
  file->key = TailCheckpointKey(options_.source, file->identity);
  file->parser = parsers_();

  uint64_t offset = 0, line = 1;
  auto saved = saved_.find(file->key);
  std::optional<TailCheckpoint> copy_of;
  if (saved != saved_.end() && SameContentStart(fd, saved->second.identity) &&
      saved->second.offset <= static_cast<uint64_t>(st.st_size)) {
    offset = saved->second.offset;
    line = saved->second.line;
  } else if ((copy_of = FindCopiedContent(fd, static_cast<uint64_t>(st.st_size), file->identity))) {
    // A copy of content already read (copytruncate's copy, matched by the patterns too).
    auto original = std::find_if(files_.begin(), files_.end(),
                                 [&](const auto& f) { return f->key == copy_of->path; });
    if (original != files_.end()) {
      // The original is still whole and will deliver this content itself: skip the copy to
      // its last line break; if the original is truncated first, the copy is rewound then.
      offset = std::max(copy_of->offset, LastLineStart(fd, static_cast<uint64_t>(st.st_size)));
      line = 0;
      file->copy_of = copy_of->path;
    } else {
      offset = copy_of->offset;  // the original was truncated: continue where it was read to
      line = copy_of->line;
    }
  } else if (first_scan && options_.start_at_end && saved_.empty()) {
    offset = LastLineStart(fd, static_cast<uint64_t>(st.st_size));
    line = 0;  // unknown
  }
  file->touched = true;  // its starting position must be committed, even if nothing follows
  file->read_offset = file->committed_offset = offset;
  file->committed_line = line;
  file->framer.Reset(offset, line);
  file->header_pending = file->parser->wants_header() && offset == 0;
  if (file->parser->wants_header() && offset > 0 && !ReadHeader(*file)) {
    file->header_pending = true;  // no complete header yet: take it when the file is read
    file->read_offset = 0;
    file->framer.Reset(0, 1);
  }
  Notice(SourceNotice::Kind::kOpened, path,
         "following " + path + " from byte " + std::to_string(offset));
  files_.push_back(std::move(file));
}

std::optional<TailCheckpoint> FileSource::FindCopiedContent(int fd, uint64_t size,
                                                            const FileIdentity& self) const {
  // Only full-size fingerprints count: shorter prefixes (a CSV header alone) match by chance.
  auto matches = [&](const FileIdentity& id, uint64_t offset) {
    bool other_file = id.device != self.device || id.inode != self.inode;
    return other_file && id.fingerprint_size >= options_.fingerprint_bytes && offset <= size &&
           SameContentStart(fd, id);
  };
  // Content truncated away after it was read, files still followed (a copy made before the
  // truncation), and positions committed by an earlier run.
  for (auto it = retired_.rbegin(); it != retired_.rend(); ++it) {
    if (matches(it->identity, it->offset)) return *it;
  }
  for (const auto& f : files_) {
    if (matches(f->identity, f->committed_offset)) {
      // `path` carries the key: the caller needs to know it is a followed file.
      return TailCheckpoint{f->key, f->committed_offset, f->committed_line, f->identity};
    }
  }
  for (const auto& [key, c] : saved_) {
    if (matches(c.identity, c.offset)) return c;
  }
  return std::nullopt;
}

uint64_t FileSource::LastLineStart(int fd, uint64_t size) {
  // Start after the last line break, so a line being written is read whole, not from its middle.
  constexpr uint64_t kLookBack = 1 << 20;
  uint64_t from = size > kLookBack ? size - kLookBack : 0;
  std::string tail(size - from, '\0');
  ssize_t n = pread(fd, tail.data(), tail.size(), static_cast<off_t>(from));
  if (n <= 0) return size;
  size_t nl = std::string_view(tail.data(), static_cast<size_t>(n)).rfind('\n');
  return nl == std::string_view::npos ? from : from + nl + 1;
}

bool FileSource::ReadHeader(TrackedFile& file) {
  RecordFramer framer(framing_, options_.max_record_bytes, delimiter_);
  framer.Reset(0, 1);
  std::string buf(64 << 10, '\0');
  uint64_t pos = 0;
  FramedRecord record;
  while (pos < file.read_offset) {
    ssize_t n = pread(file.fd, buf.data(), buf.size(), static_cast<off_t>(pos));
    if (n <= 0) return false;
    framer.Append(std::string_view(buf.data(), static_cast<size_t>(n)));
    pos += static_cast<uint64_t>(n);
    if (framer.Next(record, false))
      return file.parser->SetHeader(record.text).code != ParseCode::kError;
  }
  return false;
}

void FileSource::RestartFromBeginning(TrackedFile& file) {
  // Remember what was read of the old content: copytruncate leaves a copy of it elsewhere.
  retired_.push_back(
      TailCheckpoint{file.path, file.committed_offset, file.committed_line, file.identity});
  if (retired_.size() > kMaxRetired) retired_.erase(retired_.begin());
  // A copy already followed from its end now has to deliver what the original had not.
  for (auto& copy : files_) {
    if (copy->copy_of != file.key || copy->read_offset <= file.committed_offset) continue;
    copy->read_offset = file.committed_offset;
    copy->framer.Reset(file.committed_offset, file.committed_line);
    copy->touched = true;
    copy->copy_of.clear();
  }
  Notice(SourceNotice::Kind::kTruncated, file.path,
         file.path +
             " was truncated or rewritten in place (copytruncate?); reading it again "
             "from the start. Lines written between the last read and the truncation "
             "cannot be recovered: prefer rotation by rename.");
  struct stat st;
  fstat(file.fd, &st);
  file.identity.fingerprint_size = static_cast<uint32_t>(
      std::min<uint64_t>(options_.fingerprint_bytes, static_cast<uint64_t>(st.st_size)));
  FingerprintFile(file.fd, file.identity.fingerprint_size, file.identity.fingerprint);
  file.read_offset = 0;
  file.framer.Reset(0, 1);
  file.parser = parsers_();
  file.header_pending = file.parser->wants_header();
  file.touched = true;  // the new position must be committed even if nothing is read
}

void FileSource::CheckTruncation(TrackedFile& file) {
  struct stat st;
  if (fstat(file.fd, &st) != 0) return;
  if (static_cast<uint64_t>(st.st_size) < file.read_offset) {
    RestartFromBeginning(file);
    return;
  }
  // Grow the fingerprint while the file is still shorter than the configured size.
  if (file.identity
          .fingerprint_size<options_.fingerprint_bytes&& static_cast<uint64_t>(st.st_size)>
              file.identity.fingerprint_size) {
    if (!SameContentStart(file.fd, file.identity)) {
      RestartFromBeginning(file);
      return;
    }
    file.identity.fingerprint_size = static_cast<uint32_t>(
        std::min<uint64_t>(options_.fingerprint_bytes, static_cast<uint64_t>(st.st_size)));
    FingerprintFile(file.fd, file.identity.fingerprint_size, file.identity.fingerprint);
    file.touched = true;
  }
}

void FileSource::AddDeadLetter(const TrackedFile& file, const FramedRecord& record,
                               std::string reason, IngestBatch& batch, TimeMicros wall_now) {
  DeadLetter& d = batch.dead_letters.emplace_back();
  d.received = wall_now;
  d.source = options_.source;
  d.path = file.path;
  d.offset = record.offset;
  d.line = record.line;
  d.reason = std::move(reason);
  d.raw_size = record.text.size();
  d.raw.assign(record.text.substr(0, options_.dead_letter_max_bytes));
}

std::string FileSource::OversizedReason() const {
  return "record longer than " + std::to_string(options_.max_record_bytes) +
         " bytes (max_record_bytes); the rest of it was skipped";
}

void FileSource::HandleRecord(TrackedFile& file, const FramedRecord& record, IngestBatch& batch,
                              TimeMicros wall_now) {
  if (record.unclosed_quote) {
    AddDeadLetter(file, record,
                  "a quoted field opened in this record is never closed; the record was taken "
                  "to end at the line break after the quote",
                  batch, wall_now);
    return;
  }
  // An oversized record is offered to the parser as cut: a format that knows where its long
  // field lies (pgaudit's statement, csvlog's message) reads what came before; the others
  // (a CSV export mapped by column would be wrong) refuse it and it stays a dead letter.
  if (record.oversized && file.header_pending) {
    AddDeadLetter(file, record, OversizedReason(), batch, wall_now);
    return;
  }
  if (file.header_pending) {
    file.header_pending = false;
    ParseOutcome outcome = file.parser->SetHeader(record.text);
    if (outcome.code == ParseCode::kError) {
      AddDeadLetter(file, record, "bad header row: " + outcome.reason, batch, wall_now);
    }
    return;
  }
  Event& event = batch.AddEvent();
  ParseOutcome outcome = record.oversized ? file.parser->ParseCut(record.text, event)
                                          : file.parser->Parse(record.text, event);
  if (outcome.code == ParseCode::kEvent) {
    event.source = options_.source;
    event.offset = record.offset;
    event.truncated = record.oversized;
    return;
  }
  batch.DropLastEvent();
  if (outcome.code != ParseCode::kError) return;
  if (record.oversized) {
    AddDeadLetter(file, record, OversizedReason() + ": " + outcome.reason, batch, wall_now);
  } else {
    AddDeadLetter(
        file, record,
        outcome.reason + " (at byte " + std::to_string(outcome.column) + " of the record)", batch,
        wall_now);
  }
  batch.dead_letters.back().user = std::move(outcome.user);
}

void FileSource::AddCheckpoint(const TrackedFile& file, IngestBatch& batch) {
  TailCheckpoint c;
  c.path = file.path;
  c.offset = file.position_offset();
  c.line = file.position_line();
  c.identity = file.identity;
  batch.checkpoints.push_back({file.key, EncodeTailCheckpoint(c), false});
}

PollStats FileSource::Poll(IngestBatch& batch, size_t max_records, int64_t now_ms,
                           TimeMicros wall_now, bool end_of_input, TimeMicros stop_after) {
  PollStats stats;
  batch.source = options_.source;
  if (!discovered_once_ || end_of_input ||
      now_ms - last_discovery_ms_ >= options_.discovery_interval_ms) {
    Discover(now_ms);
  }
  bool holding = false;  // an event past stop_after is held back: read no further
  auto full = [&] {
    return holding || batch.event_count + batch.dead_letters.size() >= max_records;
  };
  read_buffer_.resize(options_.read_chunk_bytes);
  const size_t n_files = files_.size();
  for (size_t k = 0; k < n_files && !full(); ++k) {
    TrackedFile& file = *files_[(next_file_ + k) % n_files];
    if (file.closing) continue;
    if (file.held) {
      if (file.held->ts > stop_after) {
        holding = true;
        stats.held_back = std::min(stats.held_back, file.held->ts);
        break;
      }
      batch.AddEvent() = std::move(*file.held);
      file.held.reset();
      file.touched = true;
    }
    CheckTruncation(file);
    FramedRecord record;
    bool at_eof = false;
    while (!full()) {
      bool idle = now_ms - file.last_data_ms >= options_.multiline_flush_ms;
      if (file.framer.Next(record, at_eof && (end_of_input || idle))) {
        const size_t events_before = batch.event_count;
        HandleRecord(file, record, batch, wall_now);
        file.touched = true;
        ++stats.records;
        if (batch.event_count > events_before && batch.events[events_before].ts > stop_after) {
          file.held = std::move(batch.events[events_before]);
          file.held_offset = record.offset;
          file.held_line = record.line;
          batch.DropLastEvent();
          holding = true;
          stats.held_back = std::min(stats.held_back, file.held->ts);
        }
        continue;
      }
      if (at_eof) break;
      ssize_t n = pread(file.fd, read_buffer_.data(), read_buffer_.size(),
                        static_cast<off_t>(file.read_offset));
      if (n < 0) {
        Notice(SourceNotice::Kind::kReadError, file.path,
               "cannot read " + file.path + ": " + ErrnoText(errno));
        break;
      }
      if (n == 0) {
        at_eof = true;
        if (end_of_input && !file.detached && file.framer.buffered() > 0 && !file.warned_partial) {
          file.warned_partial = true;
          Notice(SourceNotice::Kind::kTruncated, file.path,
                 file.path + " ends with " + std::to_string(file.framer.buffered()) +
                     " byte(s) after its last line break; they will be read once the line "
                     "is complete");
        }
        continue;
      }
      file.framer.Append(std::string_view(read_buffer_.data(), static_cast<size_t>(n)));
      file.read_offset += static_cast<uint64_t>(n);
      file.last_data_ms = now_ms;
      stats.bytes += static_cast<uint64_t>(n);
    }
    // A file renamed away or deleted is let go once drained and quiet for rotate_wait.
    if (at_eof && file.detached &&
        (end_of_input || now_ms - file.last_data_ms >= options_.rotate_wait_ms)) {
      if (file.framer.buffered() > 0 && !full()) {
        FramedRecord rest;
        rest.offset = file.framer.consumed_offset();
        rest.line = file.framer.consumed_line();
        std::string tail(std::min(file.framer.buffered(), options_.dead_letter_max_bytes), '\0');
        pread(file.fd, tail.data(), tail.size(), static_cast<off_t>(rest.offset));
        rest.text = tail;
        AddDeadLetter(file, rest, "file ended in the middle of a record (no final line break)",
                      batch, wall_now);
        batch.dead_letters.back().raw_size = file.framer.buffered();
        file.framer.Reset(file.read_offset, rest.line);
      }
      if (file.framer.buffered() == 0 && !file.held) {
        file.closing = true;
        batch.checkpoints.push_back({file.key, {}, true});
      }
    }
  }
  next_file_ = n_files == 0 ? 0 : (next_file_ + 1) % n_files;
  for (const std::string& key : forgotten_) batch.checkpoints.push_back({key, {}, true});
  forgotten_.clear();
  for (auto& f : files_) {
    if (f->touched && !f->closing) AddCheckpoint(*f, batch);
  }
  stats.batch_full = full();
  return stats;
}

void FileSource::Committed() {
  for (auto& f : files_) {
    f->touched = false;
    f->committed_offset = f->position_offset();
    f->committed_line = f->position_line();
    saved_[f->key] = TailCheckpoint{f->path, f->committed_offset, f->committed_line, f->identity};
  }
  std::erase_if(files_, [&](const auto& f) {
    if (!f->closing) return false;
    saved_.erase(f->key);
    Notice(SourceNotice::Kind::kClosed, f->path, "finished " + f->path + " (rotated or deleted)");
    return true;
  });
}

void FileSource::Rewind() {
  for (auto& f : files_) {
    // Back to the committed identity too: a truncation seen in the failed batch is seen again.
    if (auto saved = saved_.find(f->key); saved != saved_.end())
      f->identity = saved->second.identity;
    f->touched = false;
    f->closing = false;
    f->held.reset();
    f->read_offset = f->committed_offset;
    f->framer.Reset(f->committed_offset, f->committed_line);
    f->parser = parsers_();
    f->header_pending = f->parser->wants_header() && f->committed_offset == 0;
    if (f->parser->wants_header() && f->committed_offset > 0) ReadHeader(*f);
  }
}

}  // namespace phi
