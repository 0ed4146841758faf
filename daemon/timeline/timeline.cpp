#include "daemon/timeline/timeline.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/table.h>
#include <rocksdb/transaction_log.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include <cstdarg>

#include "daemon/common/binary_codec.hpp"
#include "daemon/integrity/text_encoding.hpp"
#include "daemon/timeline/chain_verifier.hpp"
#include "daemon/timeline/column_families.hpp"
#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/retention_sweep.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {
namespace {

using namespace timeline_families;  // NOLINT: the family table is this file's vocabulary

int AuxColumnFamily(AuxFamily family) {
  return family == AuxFamily::kAlerts ? kAlerts : kMeta;
}

RecordDomain AuxDomain(AuxFamily family) {
  return family == AuxFamily::kAlerts ? RecordDomain::kAlerts : RecordDomain::kMeta;
}

std::string_view View(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

constexpr char kMetaSchema[] = "schema_version";
constexpr char kMetaNextSequence[] = "next_sequence";
constexpr char kMetaNextDeadLetter[] = "next_dead_letter";
constexpr char kMetaSourcePrefix[] = "source/";
constexpr char kMetaLastFlush[] = "last_flush";  // seconds since the epoch, for no reader
// Present in a timeline sealed at rest: a value sealed under the key it was created with and
// the token of a fixed text, so a wrong key file is named on open rather than met per event.
constexpr char kMetaAtRest[] = "at_rest";
constexpr char kAtRestCheckText[] = "phi-auditd at-rest key check";
// The note of a sealed timeline's first link: the chain, not only meta, says it is sealed.
constexpr char kSealedFromTheStart[] = "encrypted at rest (AES-256-GCM) from the start";
// at_rest_key/<id, decimal>: how many values that key sealed (fixed64), one entry per key used.
constexpr char kMetaKeyUsagePrefix[] = "at_rest_key/";
// Past half of kAtRestSealsPerKey the daemon asks for a rotation, again every 2^28 values.
constexpr uint64_t kRotateWarningSeals = kAtRestSealsPerKey / 2;
constexpr uint64_t kRotateWarningEvery = uint64_t{1} << 28;

std::string KeyUsageKey(uint32_t id) {
  return kMetaKeyUsagePrefix + std::to_string(id);
}

std::string RotationAdvice(uint32_t id, uint64_t seals) {
  return "at-rest key " + std::to_string(id) + " has sealed " + std::to_string(seals) +
         " values; AES-GCM with random nonces allows 2^32 per key: rotate it (phi-auditctl "
         "rotate-at-rest-key, then restart)";
}
// The cut-off the last retention pass applied (PutOrderedTime), for every reader.
constexpr char kMetaRetentionCutoff[] = "retention_cutoff";
constexpr TimeMicros kMicrosPerDay = 86400LL * kMicrosPerSecond;

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsIOError() && s.ToString().find("Permission denied") != std::string::npos) {
    return Status::PermissionDenied(what + ": " + s.ToString());
  }
  if (s.IsIOError() && s.ToString().find("No space") != std::string::npos) {
    return Status::IoError(what + ": disk full (" + s.ToString() + ")");
  }
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IoError(what + ": " + s.ToString());
}

std::string EncodeSourceStats(const SourceStats& s) {
  std::string out;
  PutVarint(s.events, out);
  PutVarint(s.dead_letters, out);
  PutOrderedTime(s.newest_event, out);
  PutOrderedTime(s.last_commit, out);
  PutVarint(s.implausible_times, out);
  PutOrderedTime(s.last_event_commit, out);
  return out;
}

bool DecodeSourceStats(std::string_view data, SourceStats& s) {
  ByteReader in(data);
  if (!in.GetVarint(s.events) || !in.GetVarint(s.dead_letters) ||
      !in.GetOrderedTime(s.newest_event) || !in.GetOrderedTime(s.last_commit)) {
    return false;
  }
  // Fields added later, each optional: implausible_times (none before it), then
  // last_event_commit (the last commit is the best guess before it).
  s.last_event_commit = s.last_commit;
  if (in.empty()) return true;
  if (!in.GetVarint(s.implausible_times)) return false;
  return in.empty() || in.GetOrderedTime(s.last_event_commit);
}

void EncodeDeadLetter(const DeadLetter& d, std::string& out) {
  PutLengthPrefixed(d.source, out);
  PutLengthPrefixed(d.path, out);
  PutVarint(d.offset, out);
  PutVarint(d.line, out);
  PutLengthPrefixed(d.reason, out);
  PutVarint(d.raw_size, out);
  PutLengthPrefixed(d.raw, out);
}

bool DecodeDeadLetter(std::string_view data, DeadLetter& d) {
  ByteReader in(data);
  return in.GetLengthPrefixed(d.source) && in.GetLengthPrefixed(d.path) && in.GetVarint(d.offset) &&
         in.GetVarint(d.line) && in.GetLengthPrefixed(d.reason) && in.GetVarint(d.raw_size) &&
         in.GetLengthPrefixed(d.raw);
}

// RocksDB's own messages go to the daemon's "timeline" logger instead of a LOG file in the
// data directory: with the disk full, Debian's build asserts when it cannot write that file.
// They carry no event data; warnings and errors are kept, the rest at debug.
class RocksDbLogger : public rocksdb::Logger {
 public:
  RocksDbLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    auto logger = spdlog::get("timeline");
    if (!logger) return;
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, format, ap);
    auto lvl = level >= rocksdb::InfoLogLevel::ERROR_LEVEL  ? spdlog::level::err
               : level >= rocksdb::InfoLogLevel::WARN_LEVEL ? spdlog::level::warn
                                                            : spdlog::level::debug;
    logger->log(lvl, "rocksdb: {}", buf);
  }
};

// A value that does not open or decode: a missing key file says so as it is; anything else is
// damage the chain verifier can place.
Status Decoding(const Status& s, const std::string& what) {
  // No key file, or a key it lacks: said as it is (verify would find the trail intact).
  if (s.code() == Status::Code::kPermissionDenied || s.code() == Status::Code::kNotFound) return s;
  return Status::Corruption("undecodable " + what + ": " + s.message() +
                            " (run phi-auditctl verify)");
}

Status Abandoned() {
  return Status::Corruption("the timeline was removed or replaced: nothing more is written to it");
}

}  // namespace

Result<std::unique_ptr<Timeline>> Timeline::Open(const TimelineOptions& options) {
  std::unique_ptr<Timeline> t(new Timeline());
  t->options_ = options;
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec)
    return Status::IoError("cannot create data directory " + options.path + ": " + ec.message());
  std::filesystem::permissions(options.path, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.keep_log_file_num = 5;
  // Without a bound, a family written a few bytes per commit (meta, checkpoints) or almost never
  // (dead letters, alerts) keeps every log since its last flush alive: 270 MB after 615,845
  // events, replayed by each phi-auditctl and after every crash.
  db_options.max_total_wal_size = static_cast<uint64_t>(options.max_wal_mb) << 20;
  // Every flush (the daemon's idle flushes included) adds to the MANIFEST, which every open and
  // every reader replays in full: start a fresh one past 8 MB instead of RocksDB's 1 GB.
  db_options.max_manifest_file_size = 8 << 20;
  db_options.info_log = std::make_shared<RocksDbLogger>();
  db_options.allow_concurrent_memtable_write = false;  // required by the vector memtable
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(options.total_write_buffer_mb << 20);

  auto cache = rocksdb::NewLRUCache(options.block_cache_mb << 20);
  t->filter_state_ = std::make_shared<RetentionFilterState>();
  auto filter = [&t](RetentionFilter::Entries entries) {
    return std::make_shared<RetentionFilterFactory>(entries, t->filter_state_);
  };

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kCount; ++i) {
    rocksdb::ColumnFamilyOptions cf;
    cf.write_buffer_size = options.write_buffer_mb << 20;
    cf.max_write_buffer_number = 3;
    cf.compression = rocksdb::kLZ4Compression;
    cf.level_compaction_dynamic_level_bytes = true;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;
    table.block_size = 16 * 1024;
    if (i == kByPatient || i == kByUser) {
      table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
      cf.compaction_filter_factory =
          filter(i == kByPatient ? RetentionFilter::Entries::kPatientIndex
                                 : RetentionFilter::Entries::kUserIndex);
      // Index keys arrive in random order: appending to a vector and sorting once at flush is
      // far cheaper than a skiplist insert per key. The daemon never reads these memtables
      // while ingesting; readers (phi-auditctl) replay the WAL into their own.
      cf.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
    } else if (i == kEvents || i == kDeadLetters) {
      cf.compaction_filter_factory = filter(i == kEvents ? RetentionFilter::Entries::kEvents
                                                         : RetentionFilter::Entries::kDeadLetters);
    }
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    descriptors.emplace_back(kColumnFamilyNames[i], cf);
  }
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(db_options, options.path, descriptors, &t->handles_, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return Status::IoError("timeline " + options.path + " is in use by another phi-auditd (" +
                             s.ToString() + ")");
    }
    return FromRocks(s, "cannot open timeline " + options.path);
  }
  t->db_.reset(raw);
  Status loaded = t->LoadMeta();
  if (!loaded.ok()) return loaded;
  return t;
}

Result<std::unique_ptr<Timeline>> Timeline::OpenSecondary(
    const std::string& path, Families families, std::shared_ptr<const AtRestKeyRing> keys) {
  // The error_code overload: the throwing one turned "permission denied" into std::terminate.
  std::error_code ec;
  bool found = std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
  if (ec == std::errc::permission_denied) {
    return Status::PermissionDenied("cannot open timeline " + path + ": permission denied");
  }
  if (ec) return Status::IoError("cannot open timeline " + path + ": " + ec.message());
  if (!found) return Status::NotFound("no timeline at " + path + " (has the daemon run yet?)");
  std::unique_ptr<Timeline> t(new Timeline());
  t->options_.path = path;
  t->options_.at_rest_keys = std::move(keys);
  std::string tmpl = (std::filesystem::temp_directory_path() / "phi-auditctl-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return Status::IoError("cannot create a temp directory");
  t->secondary_dir_ = tmpl;
  // Every phi-auditctl command is a new process that opens this secondary instance: what it
  // does on open is paid on each command, so it does only what a query needs.
  rocksdb::DBOptions db_options;
  db_options.max_open_files = -1;                           // required of a secondary instance
  db_options.info_log = std::make_shared<RocksDbLogger>();  // no LOG file in the temp dir
  // Reading the properties of up to 20 tables to seed compaction statistics: never needed here.
  db_options.skip_stats_update_on_db_open = true;
  db_options.skip_checking_sst_file_sizes_on_db_open = true;
  // Tables are opened by 16 threads per column family by default: for a command that lives a
  // few milliseconds, creating and tearing down 130 threads cost more than the opening.
  db_options.max_file_opening_threads = 1;
  // Each table is opened (all of them: max_open_files = -1), but its index and filter are read
  // through the block cache when a query first needs them, not every one of them up front.
  rocksdb::BlockBasedTableOptions table;
  table.cache_index_and_filter_blocks = true;
  table.block_cache = rocksdb::NewLRUCache(32 << 20);
  rocksdb::ColumnFamilyOptions cf;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  auto wanted = [families](int family) {
    switch (families) {
      case Families::kAll:
        return true;
      case Families::kPatientIndex:
        return family == kByPatient;
      case Families::kUserIndex:
        return family == kByUser;
      case Families::kEventsOnly:
        return false;
    }
    return true;
  };
  // A timeline written before schema 2 has no chain yet: open it only where it exists.
  bool has_chain = false;
  if (families == Families::kAll) {
    std::vector<std::string> names;
    if (rocksdb::DB::ListColumnFamilies(db_options, path, &names).ok()) {
      has_chain = std::find(names.begin(), names.end(), kColumnFamilyNames[kChain]) != names.end();
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::vector<int> opened;
  for (int i = 0; i < kCount; ++i) {
    if (i != kEvents && i != kMeta && !wanted(i)) continue;
    if (i == kChain && !has_chain) continue;
    descriptors.emplace_back(kColumnFamilyNames[i], cf);
    opened.push_back(i);
  }
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  auto s = rocksdb::DB::OpenAsSecondary(db_options, path, t->secondary_dir_, descriptors, &handles,
                                        &raw);
  if (!s.ok()) return FromRocks(s, "cannot open timeline " + path + " for reading");
  t->db_.reset(raw);
  t->handles_.assign(kCount, nullptr);
  for (size_t j = 0; j < opened.size(); ++j) t->handles_[opened[j]] = handles[j];
  Status loaded = t->LoadMeta();
  if (!loaded.ok()) return loaded;
  return t;
}

Timeline::~Timeline() {
  Status closed = Close();
  if (!closed.ok()) {
    if (auto logger = spdlog::get("timeline")) logger->error("{}", closed.message());
  }
}

void Timeline::Abandon() {
  if (abandoned_ || !db_) return;
  abandoned_ = true;
  db_->PauseBackgroundWork();  // waits for the flush or compaction in flight
}

Status Timeline::Close() {
  Status flushed = Status::Ok();
  if (abandoned_) {
    // Never closed: RocksDB's close purges files by name from the path. The process ends.
    (void)db_.release();
    handles_.clear();
    return flushed;
  }
  if (db_) {
    // A clean stop leaves no log to replay: the next start and every reader open at once.
    // Not after a failed write or flush: RocksDB asserts when it retries a failed flush.
    if (secondary_dir_.empty() && unflushed_writes_ > 0 && !needs_resume_ && !flush_failed_)
      flushed = FlushAll(true);
    for (auto* h : handles_) {
      if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
    }
    handles_.clear();
    db_->Close();
    db_.reset();
  }
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_dir_, ec);
    secondary_dir_.clear();
  }
  return flushed;
}

Status Timeline::Opened(int index) const {
  if (handles_[index] != nullptr) return Status::Ok();
  return Status::Invalid(std::string("the ") + kColumnFamilyNames[index] +
                         " column family was not opened by this reader");
}

Status Timeline::LoadChainHead() {
  if (handles_[kChain] == nullptr) return Status::Ok();  // a reader of a version 1 timeline
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kChain)));
  const std::string prefix = ChainLinkPrefix(kDaemonWriter);
  it->SeekForPrev(ChainLinkKey(kDaemonWriter, UINT64_MAX));
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read the hash chain");
  std::lock_guard lock(chain_mutex_);
  if (!it->Valid() || !it->key().starts_with(prefix)) {
    chain_number_ = 0;
    chain_hash_ = ChainGenesisHash();
    return Status::Ok();
  }
  std::string_view value(it->value().data(), it->value().size());
  ChainLink link;
  uint64_t number = 0;
  if (!DecodeChainLinkKey(std::string_view(it->key().data(), it->key().size()), kDaemonWriter,
                          number) ||
      !DecodeChainLink(value, link)) {
    return Status::Corruption("timeline " + options_.path +
                              ": the last link of the hash chain cannot be read (tampered "
                              "with?); run phi-auditctl verify");
  }
  chain_number_ = number;
  chain_hash_ = ChainLinkHash(link.previous_hash, value);
  return Status::Ok();
}

Status Timeline::LoadMeta() {
  if (Status head = LoadChainHead(); !head.ok()) return head;
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kMetaSchema, &value);
  uint64_t version = 0;
  if (s.ok()) ByteReader(value).GetVarint(version);
  if (!secondary_dir_.empty() && s.IsNotFound()) return Status::Ok();
  if (!secondary_dir_.empty() && s.ok() && version >= 1 && version < kSchemaVersion) {
    version = kSchemaVersion;  // a reader reads an older version as it is (no chain, clear)
  } else if (s.IsNotFound() || (s.ok() && version >= 1 && version < kSchemaVersion)) {
    // New, or older: the chain family was created on open and starts now (from version 1).
    std::string v;
    PutVarint(kSchemaVersion, v);
    rocksdb::WriteBatch wb;
    wb.Put(cf(kMeta), kMetaSchema, v);
    ChainLink link;
    link.kind = LinkKind::kMaintenance;
    link.wall_time = WallClockNow();
    if (s.IsNotFound() && options_.at_rest_keys) {
      // A new timeline with keys is sealed from its first record.
      AtRestCodec created(options_.at_rest_keys.get(), true);
      std::string check, sealed;
      created.SealRecord(RecordDomain::kMeta, kMetaAtRest, kAtRestCheckText, sealed);
      PutLengthPrefixed(sealed, check);
      created.tokenizer()->Append(kAtRestCheckText, check);
      wb.Put(cf(kMeta), kMetaAtRest, check);
      link.note = kSealedFromTheStart;
    }
    Status written = WriteLinked(wb, std::move(link), "cannot write schema version");
    if (!written.ok()) return written;
    if (Status at_rest = LoadAtRest(); !at_rest.ok()) return at_rest;
    // A new timeline has nothing more to load; an upgraded one goes on to read its counters.
    if (s.IsNotFound()) return Status::Ok();
    version = kSchemaVersion;
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read timeline metadata");
  }
  if (version != kSchemaVersion) {
    return Status::Corruption("timeline " + options_.path + " has schema version " +
                              std::to_string(version) + "; this build reads version " +
                              std::to_string(kSchemaVersion));
  }
  if (Status at_rest = LoadAtRest(); !at_rest.ok()) return at_rest;
  auto read_counter = [&](const char* key, uint64_t& out) {
    std::string v;
    if (db_->Get(rocksdb::ReadOptions(), cf(kMeta), key, &v).ok()) {
      out = GetFixed64BE(v.data());
    }
  };
  read_counter(kMetaNextSequence, next_sequence_);
  {
    std::lock_guard lock(chain_mutex_);
    chain_last_sequence_ = next_sequence_ - 1;
  }
  read_counter(kMetaNextDeadLetter, next_dead_letter_);
  sources_.clear();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kMeta)));
  for (it->Seek(kMetaSourcePrefix); it->Valid() && it->key().starts_with(kMetaSourcePrefix);
       it->Next()) {
    SourceStats stats;
    stats.source = it->key().ToString().substr(sizeof(kMetaSourcePrefix) - 1);
    if (DecodeSourceStats(std::string_view(it->value().data(), it->value().size()), stats)) {
      sources_.push_back(std::move(stats));
    }
  }
  return LoadRetention();
}

Status Timeline::LoadAtRest() {
  std::string check;
  auto s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kMetaAtRest, &check);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "cannot read timeline metadata");
  const bool was_sealed = sealed_;
  sealed_ = s.ok();
  const AtRestKeyRing* keys = options_.at_rest_keys.get();
  if (!sealed_) {
    // meta is outside the chain: a sealed timeline whose mark was erased would take new events
    // in clear. Its first link says otherwise: the daemon refuses it, a reader reads it sealed.
    std::string first;
    ChainLink link;
    if (handles_[kChain] == nullptr ||
        !db_->Get(rocksdb::ReadOptions(), cf(kChain), ChainLinkKey(kDaemonWriter, 1), &first)
             .ok() ||
        !DecodeChainLink(first, link) || link.note != kSealedFromTheStart) {
      return Status::Ok();
    }
    if (secondary_dir_.empty()) {
      return Status::Corruption("timeline " + options_.path +
                                " was created encrypted at rest, but its at-rest mark (meta "
                                "at_rest) is gone: tampered with; restore it from a backup");
    }
    sealed_ = true;
    return LoadKeyUsage(keys);
  }
  if (secondary_dir_.empty() && !was_sealed) {
    // Sealed values do not compress: compressing every block for nothing only costs time.
    for (int family : {kEvents, kByPatient, kByUser, kDeadLetters, kAlerts}) {
      Status set = FromRocks(db_->SetOptions(cf(family), {{"compression", "kNoCompression"}}),
                             "cannot set up timeline " + options_.path);
      if (!set.ok()) return set;
    }
  }
  if (keys == nullptr) {
    // stats and verify need no key
    if (!secondary_dir_.empty()) return LoadKeyUsage(nullptr);
    return Status::PermissionDenied("timeline " + options_.path +
                                    " is encrypted at rest and no key file was given "
                                    "(integrity.at_rest_key)");
  }
  ByteReader in(check);
  std::string_view sealed;
  std::string plain;
  AtRestCodec codec(keys, true);
  const bool matches = in.GetLengthPrefixed(sealed) &&
                       codec.OpenRecord(RecordDomain::kMeta, kMetaAtRest, sealed, plain).ok() &&
                       plain == kAtRestCheckText &&
                       in.rest() == codec.tokenizer()->Of(kAtRestCheckText);
  if (!matches) {
    return Status::Invalid(
        "timeline " + options_.path +
        " was encrypted at rest with a key this key file does not hold (the lowest key id must "
        "be the one the timeline was created with; see docs/encryption-at-rest.md)");
  }
  return LoadKeyUsage(keys);
}

Status Timeline::LoadKeyUsage(const AtRestKeyRing* keys) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kMeta)));
  uint32_t newest_id = 0;
  uint64_t newest_seals = 0, current_seals = 0;
  bool current_recorded = false;
  for (it->Seek(kMetaKeyUsagePrefix); it->Valid() && it->key().starts_with(kMetaKeyUsagePrefix);
       it->Next()) {
    const std::string id_text = it->key().ToString().substr(sizeof(kMetaKeyUsagePrefix) - 1);
    const uint32_t id = static_cast<uint32_t>(std::strtoul(id_text.c_str(), nullptr, 10));
    const uint64_t seals = it->value().size() == 8 ? GetFixed64BE(it->value().data()) : 0;
    if (keys != nullptr && keys->Find(id) == nullptr) {
      return Status::Invalid("timeline " + options_.path + " holds " + std::to_string(seals) +
                             " values sealed with at-rest key " + id_text +
                             ", which this key file does not hold (restore the key file with "
                             "every key it ever had; see docs/encryption-at-rest.md)");
    }
    if (id >= newest_id) {
      newest_id = id;
      newest_seals = seals;
    }
    if (keys != nullptr && id == keys->current().id) {
      current_recorded = true;
      current_seals = seals;
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read timeline metadata");
  std::lock_guard lock(stats_mutex_);
  if (keys == nullptr) {  // a reader without the key: the newest key it knows of
    seal_key_id_ = newest_id;
    key_seals_ = newest_seals;
    return Status::Ok();
  }
  seal_key_id_ = keys->current().id;
  key_seals_ = current_seals;
  if (secondary_dir_.empty() && !current_recorded) {
    // Recorded before the key seals anything: a key file restored without it is refused.
    std::string zero;
    PutFixed64BE(0, zero);
    Status s =
        FromRocks(db_->Put(rocksdb::WriteOptions(), cf(kMeta), KeyUsageKey(seal_key_id_), zero),
                  "cannot write timeline metadata");
    if (!s.ok()) return s;
  }
  if (secondary_dir_.empty() && key_seals_ >= kRotateWarningSeals) {
    if (auto logger = spdlog::get("timeline"))
      logger->warn("{}", RotationAdvice(seal_key_id_, key_seals_));
  }
  return Status::Ok();
}

void Timeline::CountSeals(rocksdb::WriteBatch& wb, uint64_t sealed_now) {
  sealed_now += aux_seals_.exchange(0);
  if (!sealed_ || sealed_now == 0) return;
  uint64_t before, after;
  {
    std::lock_guard lock(stats_mutex_);
    before = key_seals_;
    key_seals_ += sealed_now;
    after = key_seals_;
  }
  std::string count;
  PutFixed64BE(after, count);
  wb.Put(cf(kMeta), KeyUsageKey(seal_key_id_), count);
  if (after >= kRotateWarningSeals && before / kRotateWarningEvery != after / kRotateWarningEvery) {
    if (auto logger = spdlog::get("timeline"))
      logger->warn("{}", RotationAdvice(seal_key_id_, after));
  }
}

Status Timeline::LoadRetention() {
  holds_unreadable_.clear();
  RetentionView view;
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kMetaRetentionCutoff, &value);
  if (s.ok()) {
    if (!ByteReader(value).GetOrderedTime(view.cutoff))
      return Status::Corruption("timeline " + options_.path + ": unreadable retention cut-off");
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "cannot read timeline metadata");
  }
  std::vector<LegalHold> holds;
  AtRestCodec at_rest = codec();
  if (sealed_ && options_.at_rest_keys == nullptr) {
    // A reader without the key shows no event, so no hold changes what it shows.
  } else if (handles_[kAlerts] != nullptr) {
    auto history = LegalHolds();
    if (history.ok()) {
      holds = std::move(history.value());
    } else if (history.status().code() == Status::Code::kIoError) {
      return history.status();
    } else {
      holds_unreadable_ = history.status().message();
    }
  } else {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kMeta)));
    std::string plain;
    for (it->Seek(kActiveLegalHoldPrefix);
         it->Valid() && it->key().starts_with(kActiveLegalHoldPrefix); it->Next()) {
      const std::string_view key(it->key().data(), it->key().size());
      if (!at_rest
               .OpenRecord(RecordDomain::kMeta, key,
                           std::string_view(it->value().data(), it->value().size()), plain)
               .ok() ||
          !DecodeActiveLegalHold(key, plain, holds.emplace_back())) {
        holds_unreadable_ = "timeline " + options_.path + ": unreadable legal hold " +
                            it->key().ToString() + " (run phi-auditctl verify)";
        break;
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "cannot read the legal holds");
  }
  if (!holds_unreadable_.empty()) {
    // Tampered with, or sealed by a key not at hand: the timeline still opens, so that verify
    // can say where, but nothing may go that a hold might keep. Retention waits, compaction
    // drops nothing, and readers show what is stored, expired or not.
    if (auto logger = spdlog::get("timeline")) {
      logger->error("{}: retention waits until the legal holds read again", holds_unreadable_);
    }
    std::lock_guard lock(retention_mutex_);
    retention_ = RetentionView();
    return Status::Ok();
  }
  view.held = HeldIdentities::Of(holds, at_rest.tokenizer());
  if (filter_state_) filter_state_->Advance(view.cutoff, view.held);
  std::lock_guard lock(retention_mutex_);
  retention_ = std::move(view);
  return Status::Ok();
}

RetentionView Timeline::retention() const {
  std::lock_guard lock(retention_mutex_);
  return retention_;
}

Status Timeline::Commit(IngestBatch& batch, TimeMicros now) {
  if (abandoned_) return Abandoned();
  if (batch.empty()) return Status::Ok();
  if (needs_resume_) {
    // After a failed write (disk full) RocksDB refuses writes until told to resume.
    Status resumed = FromRocks(db_->Resume(), "timeline " + options_.path + " cannot resume");
    if (!resumed.ok()) return resumed;
    needs_resume_ = false;
  }
  rocksdb::WriteBatch wb;
  auto source_it = std::find_if(sources_.begin(), sources_.end(),
                                [&](const SourceStats& s) { return s.source == batch.source; });
  if (source_it == sources_.end()) {
    std::lock_guard lock(stats_mutex_);
    sources_.push_back(SourceStats{batch.source});
    source_it = sources_.end() - 1;
  }
  SourceStats updated = *source_it;
  if (!writer_codec_) writer_codec_ = std::make_unique<AtRestCodec>(codec());
  uint64_t seq = next_sequence_;
  for (size_t i = 0; i < batch.event_count; ++i) {
    Event& e = batch.events[i];
    e.sequence = seq++;
    // Filed under the receive time when the event's own time cannot be trusted.
    const TimeMicros key_time = e.implausible_time ? now : e.ts;
    event_key_.clear();
    timeline_keys::AppendTimeSuffix(key_time, e.sequence, event_key_);
    writer_codec_->EncodeEvent(e, event_key_, stored_);
    wb.Put(cf(kEvents), event_key_, stored_.full);
    events_hasher_.Add(event_key_, stored_.full);
    wb.Put(cf(kBySequence), rocksdb::Slice(event_key_.data() + 8, 8),
           rocksdb::Slice(event_key_.data(), 8));
    // Index keys: the patient's or user's identity (clear, or its token) | the event's key.
    for (auto [identity, family] :
         {std::pair{&stored_.patient, kByPatient}, std::pair{&stored_.user, kByUser}}) {
      if (identity->empty()) continue;
      key_buf_.clear();
      timeline_keys::AppendIdentityToken(*identity, key_buf_);
      key_buf_.append(event_key_);
      wb.Put(cf(family), key_buf_, stored_.summary);
    }
    if (e.implausible_time) {
      ++updated.implausible_times;
    } else {
      updated.newest_event = std::max(updated.newest_event, e.ts);
    }
  }
  ChainLink link;
  RecordHasher sealed;
  uint64_t dead_seq = next_dead_letter_;
  for (const DeadLetter& d : batch.dead_letters) {
    key_buf_.clear();
    timeline_keys::AppendTimeSuffix(d.received, dead_seq++, key_buf_);
    value_buf_.clear();
    EncodeDeadLetter(d, value_buf_);
    writer_codec_->SealRecord(RecordDomain::kDeadLetter, key_buf_, value_buf_, sealed_buf_);
    wb.Put(cf(kDeadLetters), key_buf_, sealed_buf_);
    link.sealed.push_back({kDeadLetters, key_buf_});
    sealed.Add(kDeadLetters, key_buf_, sealed_buf_);
  }
  link.sealed_hash = sealed.Finish();
  for (const CheckpointUpdate& c : batch.checkpoints) {
    if (c.erase) {
      wb.Delete(cf(kCheckpoints), c.key);
    } else {
      wb.Put(cf(kCheckpoints), c.key, c.value);
    }
  }
  updated.events += batch.event_count;
  updated.dead_letters += batch.dead_letters.size();
  updated.last_commit = now;
  if (batch.event_count > 0) updated.last_event_commit = now;
  std::string counter;
  PutFixed64BE(seq, counter);
  wb.Put(cf(kMeta), kMetaNextSequence, counter);
  counter.clear();
  PutFixed64BE(dead_seq, counter);
  wb.Put(cf(kMeta), kMetaNextDeadLetter, counter);
  wb.Put(cf(kMeta), std::string(kMetaSourcePrefix) + batch.source, EncodeSourceStats(updated));
  CountSeals(wb, batch.event_count + batch.dead_letters.size());

  link.kind = LinkKind::kCommit;
  link.wall_time = now;
  if (batch.event_count > 0) {
    link.first_sequence = next_sequence_;
    link.last_sequence = seq - 1;
    link.events_hash = events_hasher_.Finish();
  }
  Status s = WriteLinked(wb, std::move(link), "cannot commit to timeline " + options_.path);
  if (!s.ok()) {
    for (size_t i = 0; i < batch.event_count; ++i) batch.events[i].sequence = 0;
    needs_resume_ = true;
    return s;
  }
  ++unflushed_writes_;
  std::lock_guard lock(stats_mutex_);
  next_sequence_ = seq;
  next_dead_letter_ = dead_seq;
  *source_it = std::move(updated);
  return Status::Ok();
}

Status Timeline::Query(const EventQuery& q, EventPage& page) const {
  page.events.clear();
  page.next_cursor.clear();
  const bool indexed = q.by != EventQuery::By::kTime;
  if (indexed && q.key.empty()) return Status::Invalid("a patient or user id is required");
  AtRestCodec at_rest = codec();
  std::string prefix;
  if (indexed) {
    if (Status s = at_rest.AppendIndexIdentity(q.key, prefix); !s.ok()) return s;
  }
  // Past the cut-off only held entries are kept: where a hold may keep some of the entries this
  // query reads, those before the cut-off are read and checked one by one (the compaction
  // filter may not have dropped the others yet); where none can be held, the scan starts at
  // the cut-off; where all are, it starts where the query says.
  const RetentionView view = retention();
  TimeMicros from = q.from.value_or(INT64_MIN);
  bool check_each = false;
  if (view.cutoff > from) {
    const HeldIdentities* held = view.any_held() ? view.held.get() : nullptr;
    const bool all_held =
        held != nullptr && ((q.by == EventQuery::By::kPatient && held->HoldsPatient(q.key)) ||
                            (q.by == EventQuery::By::kUser && held->HoldsUser(q.key)));
    const bool some_held =
        held != nullptr &&
        (q.by == EventQuery::By::kTime || (q.by == EventQuery::By::kPatient && held->has_users()) ||
         (q.by == EventQuery::By::kUser && held->has_patients()));
    if (!all_held && some_held) {
      check_each = true;
    } else if (!all_held) {
      from = view.cutoff;
    }
  }
  std::string lower = prefix, upper = prefix;
  timeline_keys::AppendTimeSuffix(from, 0, lower);
  if (q.to) {
    timeline_keys::AppendTimeSuffix(*q.to, 0, upper);
  } else {
    timeline_keys::AppendTimeSuffix(INT64_MAX, UINT64_MAX, upper);
  }
  std::string cursor;
  if (!q.cursor.empty()) {
    auto decoded = LowerHexDecode(q.cursor);
    if (decoded) cursor = std::move(*decoded);
  }
  if (!q.cursor.empty() && (cursor.empty() || cursor < lower || cursor >= upper)) {
    return Status::Invalid("the cursor does not belong to this query");
  }
  rocksdb::Slice lower_slice(lower), upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_lower_bound = &lower_slice;
  ro.iterate_upper_bound = &upper_slice;
  const int family_index = q.by == EventQuery::By::kPatient ? kByPatient
                           : q.by == EventQuery::By::kUser  ? kByUser
                                                            : kEvents;
  if (Status opened = Opened(family_index); !opened.ok()) return opened;
  auto* family = cf(family_index);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, family));
  if (q.newest_first) {
    if (cursor.empty()) {
      it->SeekToLast();
    } else {
      it->SeekForPrev(cursor);
      if (it->Valid() && it->key() == rocksdb::Slice(cursor)) it->Prev();
    }
  } else {
    if (cursor.empty()) {
      it->SeekToFirst();
    } else {
      it->Seek(cursor);
      if (it->Valid() && it->key() == rocksdb::Slice(cursor)) it->Next();
    }
  }
  std::string last_key, event_value;
  for (; it->Valid() && page.events.size() < q.limit; q.newest_first ? it->Prev() : it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    std::string_view value = View(it->value());
    if (AtRestCodec::RefersToEvent(value)) {
      // A sealed index entry points to its event, which holds everything.
      const std::string_view event_key = key.substr(key.size() - timeline_keys::kTimeSuffixSize);
      auto got =
          db_->Get(rocksdb::ReadOptions(), cf(kEvents), rocksdb::Slice(event_key), &event_value);
      if (got.IsNotFound()) continue;  // removed by retention; the index follows at compaction
      if (!got.ok()) return FromRocks(got, "timeline query failed");
      value = event_value;
    }
    Event& e = page.events.emplace_back();
    if (Status s = at_rest.DecodeEvent(value, key, e); !s.ok()) {
      return Decoding(s, "timeline entry");
    }
    if (indexed && (q.by == EventQuery::By::kPatient ? e.patient : e.user) != q.key) {
      return Status::Corruption("an index entry of " + options_.path +
                                " points to an event of someone else (run phi-auditctl verify)");
    }
    if (check_each && !view.Keeps(timeline_keys::TimeOfSuffixedKey(key), e.patient, e.user)) {
      page.events.pop_back();
      continue;
    }
    last_key.assign(key);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "timeline query failed");
  if (it->Valid() && page.events.size() == q.limit) page.next_cursor = LowerHex(last_key);
  return Status::Ok();
}

Result<std::vector<DeadLetter>> Timeline::DeadLetters(size_t limit) const {
  if (Status opened = Opened(kDeadLetters); !opened.ok()) return opened;
  std::vector<DeadLetter> out;
  const TimeMicros cutoff = retention().cutoff;  // dead letters are never held
  AtRestCodec at_rest = codec();
  std::string plain;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kDeadLetters)));
  for (it->SeekToLast(); it->Valid() && out.size() < limit; it->Prev()) {
    DeadLetter d;
    d.received = timeline_keys::TimeOfEventKey(View(it->key()));
    if (d.received < cutoff) break;
    Status opened =
        at_rest.OpenRecord(RecordDomain::kDeadLetter, View(it->key()), View(it->value()), plain);
    if (!opened.ok()) return Decoding(opened, "dead letter");
    if (!DecodeDeadLetter(plain, d)) {
      return Status::Corruption("undecodable dead letter in " + options_.path);
    }
    out.push_back(std::move(d));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read dead letters");
  return out;
}

Result<std::vector<CheckpointUpdate>> Timeline::Checkpoints(const std::string& prefix) const {
  if (Status opened = Opened(kCheckpoints); !opened.ok()) return opened;
  std::vector<CheckpointUpdate> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kCheckpoints)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.push_back({it->key().ToString(), it->value().ToString(), false});
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read checkpoints");
  return out;
}

TimelineStats Timeline::Stats() const {
  std::lock_guard lock(stats_mutex_);
  TimelineStats stats;
  stats.schema_version = kSchemaVersion;
  stats.encrypted_at_rest = sealed_;
  stats.at_rest_key = seal_key_id_;
  stats.at_rest_key_seals = key_seals_ + aux_seals_;
  stats.events = next_sequence_ - 1;
  stats.dead_letters = next_dead_letter_ - 1;
  stats.sources = sources_;
  for (const SourceStats& s : sources_) stats.implausible_times += s.implausible_times;
  return stats;
}

Status Timeline::ApplyRetention(TimeMicros now) {
  if (abandoned_) return Abandoned();
  if (options_.retention_days <= 0 || !filter_state_) return Status::Ok();
  if (!holds_unreadable_.empty())
    return Status::Corruption("retention removes nothing while the legal holds are unreadable: " +
                              holds_unreadable_);
  // Holds change only on this thread (through the writer), so the view stays true throughout.
  const RetentionView view = retention();
  const TimeMicros cutoff = std::max(view.cutoff, now - options_.retention_days * kMicrosPerDay);
  const std::string begin = timeline_keys::EventKey(INT64_MIN, 0);
  const std::string end = timeline_keys::EventKey(cutoff, 0);
  rocksdb::WriteBatch wb;
  wb.DeleteRange(cf(kDeadLetters), begin, end);
  RetentionSweep sweep;
  if (view.any_held()) {
    auto swept = SweepExpiredEvents(*db_, cf(kEvents), end, *view.held, wb, sweep);
    if (!swept.ok()) return FromRocks(swept, "retention cannot read the expired events");
  } else {
    wb.DeleteRange(cf(kEvents), begin, end);
  }
  std::string stored;
  PutOrderedTime(cutoff, stored);
  wb.Put(cf(kMeta), kMetaRetentionCutoff, stored);
  ChainLink link;
  link.kind = LinkKind::kRetention;
  link.wall_time = now;
  link.removed_before = cutoff;
  link.sealed_hash = RecordHasher().Finish();
  link.note = "events and dead letters received before " + FormatIsoTime(cutoff) +
              " removed (retention " + std::to_string(options_.retention_days) + " days)";
  auto events = [](uint64_t n) { return std::to_string(n) + (n == 1 ? " event" : " events"); };
  if (view.any_held()) link.note += "; " + events(sweep.held_kept) + " kept under legal hold";
  if (sweep.unreadable_kept > 0) {
    link.note +=
        "; " + events(sweep.unreadable_kept) + " that do not decode kept (run phi-auditctl verify)";
  }
  Status s = WriteLinked(wb, std::move(link), "retention delete failed");
  if (!s.ok()) return s;
  ++unflushed_writes_;
  filter_state_->Advance(cutoff, view.held);
  {
    std::lock_guard lock(retention_mutex_);
    retention_.cutoff = cutoff;
  }
  if (auto logger = spdlog::get("timeline"); logger && view.any_held()) {
    logger->info("retention: before {} removed; {} kept under legal hold", FormatIsoTime(cutoff),
                 events(sweep.held_kept));
  }
  return Status::Ok();
}

Result<std::vector<LegalHold>> Timeline::LegalHolds() const {
  std::vector<std::pair<std::string, std::string>> records;
  Status s = ScanAux(AuxFamily::kAlerts, kLegalHoldHistoryPrefix, "", SIZE_MAX, false, records);
  if (!s.ok()) return s;
  std::vector<LegalHold> holds;
  if (!LegalHoldsFromHistory(records, holds)) {
    return Status::Corruption("timeline " + options_.path +
                              ": a legal hold record does not decode (tampered with?); run "
                              "phi-auditctl verify");
  }
  return holds;
}

Result<LegalHold> Timeline::PlaceLegalHold(LegalHoldKind kind, const std::string& subject,
                                           const std::string& reason, const std::string& actor,
                                           TimeMicros now) {
  if (abandoned_) return Abandoned();
  if (subject.empty()) return Status::Invalid("a legal hold needs a patient or user id");
  if (reason.empty()) return Status::Invalid("a legal hold needs a reason");
  auto holds = LegalHolds();
  if (!holds.ok()) return holds.status();
  LegalHold hold;
  hold.id = holds.value().empty() ? 1 : holds.value().back().id + 1;
  hold.kind = kind;
  hold.subject = subject;
  hold.reason = reason;
  hold.placed_by = actor;
  hold.placed_at = now;
  const std::string what =
      "legal hold " + std::to_string(hold.id) + " on a " + std::string(LegalHoldKindName(kind));
  Status s =
      WriteAuxLinked({{AuxFamily::kAlerts, LegalHoldPlacedKey(hold.id), EncodeLegalHoldPlaced(hold),
                       /*erase=*/false, /*sealed=*/true},
                      {AuxFamily::kMeta, ActiveLegalHoldKey(hold.id), EncodeActiveLegalHold(hold)}},
                     what + " placed by " + actor);
  if (!s.ok()) return s;
  holds.value().push_back(hold);
  auto held = HeldIdentities::Of(holds.value(), codec().tokenizer());
  if (filter_state_) filter_state_->Keep(*held);
  {
    std::lock_guard lock(retention_mutex_);
    retention_.held = std::move(held);
  }
  // The subject is a patient's MRN or names whose records are in dispute: never logged here.
  if (auto logger = spdlog::get("timeline")) {
    logger->info("{} placed by {}: retention keeps the events it covers until it is released", what,
                 actor);
  }
  return hold;
}

Result<LegalHold> Timeline::ReleaseLegalHold(uint64_t id, const std::string& reason,
                                             const std::string& actor, TimeMicros now) {
  if (abandoned_) return Abandoned();
  if (reason.empty()) return Status::Invalid("releasing a legal hold needs a reason");
  auto holds = LegalHolds();
  if (!holds.ok()) return holds.status();
  auto it = std::find_if(holds.value().begin(), holds.value().end(),
                         [id](const LegalHold& h) { return h.id == id; });
  if (it == holds.value().end()) return Status::NotFound("no legal hold " + std::to_string(id));
  if (it->released) {
    return Status::Invalid("legal hold " + std::to_string(id) + " was released already, by " +
                           it->released_by + " at " + FormatIsoTime(it->released_at));
  }
  it->released = true;
  it->released_by = actor;
  it->released_at = now;
  it->release_reason = reason;
  const std::string what =
      "legal hold " + std::to_string(id) + " on a " + std::string(LegalHoldKindName(it->kind));
  Status s = WriteAuxLinked({{AuxFamily::kAlerts, LegalHoldReleasedKey(id),
                              EncodeLegalHoldReleased(*it), /*erase=*/false, /*sealed=*/true},
                             {AuxFamily::kMeta, ActiveLegalHoldKey(id), "", /*erase=*/true}},
                            what + " released by " + actor);
  if (!s.ok()) return s;
  // The compaction filters keep its entries until the next retention pass has removed its
  // expired events (RetentionFilterState::Keep); readers stop showing them at once.
  auto held = HeldIdentities::Of(holds.value(), codec().tokenizer());
  {
    std::lock_guard lock(retention_mutex_);
    retention_.held = std::move(held);
  }
  if (auto logger = spdlog::get("timeline")) {
    logger->info("{} released by {}: its events follow retention again", what, actor);
  }
  return *it;
}

Status Timeline::ReadEventsAfter(uint64_t sequence, size_t limit, std::vector<Event>& out) const {
  out.clear();
  if (Status opened = Opened(kBySequence); !opened.ok()) return opened;
  std::string start;
  PutFixed64BE(sequence + 1, start);
  const RetentionView view = retention();
  AtRestCodec at_rest = codec();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kBySequence)));
  std::string key, value;
  for (it->Seek(start); it->Valid() && out.size() < limit; it->Next()) {
    key.assign(it->value().data(), it->value().size());
    key.append(it->key().data(), it->key().size());
    auto s = db_->Get(rocksdb::ReadOptions(), cf(kEvents), key, &value);
    if (s.IsNotFound()) continue;  // removed by retention
    if (!s.ok()) return FromRocks(s, "cannot read event for replay");
    Event& e = out.emplace_back();
    if (Status s = at_rest.DecodeEvent(value, key, e); !s.ok()) return Decoding(s, "event");
    // Past the cut-off and no longer held: the next retention pass removes it.
    if (!view.Keeps(timeline_keys::TimeOfEventKey(key), e.patient, e.user)) out.pop_back();
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read events for replay");
  return Status::Ok();
}

Status Timeline::WriteAux(const std::vector<AuxWrite>& writes) {
  return WriteAuxLinked(writes, "");
}

Status Timeline::WriteAuxLinked(const std::vector<AuxWrite>& writes, std::string note) {
  if (abandoned_) return Abandoned();
  rocksdb::WriteBatch wb;
  ChainLink link;
  RecordHasher sealed;
  AtRestCodec at_rest = codec();
  std::string stored;
  for (const auto& w : writes) {
    const int family = AuxColumnFamily(w.family);
    if (w.erase) {
      wb.Delete(cf(family), w.key);
    } else {
      at_rest.SealRecord(AuxDomain(w.family), w.key, w.value, stored);
      if (sealed_) ++aux_seals_;
      wb.Put(cf(family), w.key, stored);
      if (w.sealed) {
        link.sealed.push_back({static_cast<uint32_t>(family), w.key});
        sealed.Add(family, w.key, stored);
      }
    }
  }
  link.kind = LinkKind::kAux;
  link.wall_time = WallClockNow();
  link.sealed_hash = sealed.Finish();
  link.note = std::move(note);
  Status s = WriteLinked(wb, std::move(link), "cannot write to timeline " + options_.path);
  if (s.ok()) ++unflushed_writes_;
  return s;
}

Status Timeline::WriteLinked(rocksdb::WriteBatch& wb, ChainLink link, const std::string& what) {
  if (handles_[kChain] == nullptr) return Status::Invalid(what + ": opened for reading only");
  if (link.sealed_hash.empty()) link.sealed_hash = RecordHasher().Finish();
  std::lock_guard lock(chain_mutex_);
  link.number = chain_number_ + 1;
  link.previous_hash = chain_hash_;
  std::string encoded = EncodeChainLink(link);
  wb.Put(cf(kChain), ChainLinkKey(kDaemonWriter, link.number), encoded);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  Status s = FromRocks(db_->Write(wo, &wb), what);
  if (!s.ok()) return s;
  chain_number_ = link.number;
  chain_hash_ = ChainLinkHash(link.previous_hash, encoded);
  chain_last_sequence_ = std::max(chain_last_sequence_, link.last_sequence);
  return Status::Ok();
}

Status Timeline::RecordConfigChange(const std::string& note) {
  if (abandoned_) return Abandoned();
  rocksdb::WriteBatch wb;
  ChainLink link;
  link.kind = LinkKind::kConfig;
  link.wall_time = WallClockNow();
  link.note = note;
  Status s =
      WriteLinked(wb, std::move(link), "cannot record a change in timeline " + options_.path);
  if (s.ok()) ++unflushed_writes_;
  return s;
}

Status Timeline::WriteSignedCheckpoint(const std::string& key_fingerprint_hex,
                                       const std::function<std::string(std::string_view)>& sign,
                                       ChainCheckpoint* written) {
  if (abandoned_) return Abandoned();
  if (handles_[kChain] == nullptr) return Status::Invalid("timeline opened for reading only");
  ChainCheckpoint c;
  {
    std::lock_guard lock(chain_mutex_);
    c.link = chain_number_;
    c.link_hash = chain_hash_;
    c.last_sequence = chain_last_sequence_;
  }
  if (c.link == 0) return Status::Ok();
  c.signed_at = WallClockNow();
  c.key_fingerprint_hex = key_fingerprint_hex;
  c.signature = sign(SignedCheckpointMessage(kDaemonWriter, c));
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  Status s = FromRocks(
      db_->Put(wo, cf(kChain), ChainCheckpointKey(kDaemonWriter, c.link), EncodeChainCheckpoint(c)),
      "cannot write a signed checkpoint to timeline " + options_.path);
  if (s.ok() && written != nullptr) *written = std::move(c);
  return s;
}

Status Timeline::VerifyChain(const ChainVerifyOptions& options, ChainVerification& out) const {
  if (handles_[kChain] == nullptr) {
    return Status::NotFound("timeline " + options_.path +
                            " has no hash chain yet (written before schema 2; the daemon adds "
                            "it on its next start)");
  }
  rocksdb::ReadOptions ro;
  // One pass over everything: the block cache would only churn.
  ro.fill_cache = false;
  ChainVerifyOptions run = options;
  const rocksdb::Snapshot* snapshot = nullptr;
  if (secondary_dir_.empty()) {
    // The writer keeps writing: verify what was there at one instant, up to the head then.
    std::lock_guard lock(chain_mutex_);
    run.writer_head = chain_number_;
    snapshot = db_->GetSnapshot();
    ro.snapshot = snapshot;
  }
  ChainVerifier verifier(*db_, handles_, ro);
  Status s = verifier.Run(run, out);
  if (snapshot != nullptr) db_->ReleaseSnapshot(snapshot);
  return s;
}

Result<std::optional<std::string>> Timeline::GetAux(AuxFamily family,
                                                    const std::string& key) const {
  if (Status opened = Opened(AuxColumnFamily(family)); !opened.ok()) return opened;
  std::string stored, value;
  auto s = db_->Get(rocksdb::ReadOptions(), cf(AuxColumnFamily(family)), key, &stored);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "cannot read timeline " + options_.path);
  Status opened = codec().OpenRecord(AuxDomain(family), key, stored, value);
  if (!opened.ok()) return Decoding(opened, "record " + key);
  return std::optional<std::string>(std::move(value));
}

Result<uint64_t> Timeline::ApproximateAuxBytes(AuxFamily family, const std::string& from,
                                               const std::string& to) const {
  if (Status opened = Opened(AuxColumnFamily(family)); !opened.ok()) return opened;
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  options.include_files = true;
  rocksdb::Range range(from, to);
  uint64_t bytes = 0;
  auto s = db_->GetApproximateSizes(options, cf(AuxColumnFamily(family)), &range, 1, &bytes);
  if (!s.ok()) return FromRocks(s, "cannot size timeline " + options_.path);
  return bytes;
}

Status Timeline::ScanAux(AuxFamily family, const std::string& prefix, const std::string& after,
                         size_t limit, bool newest_first,
                         std::vector<std::pair<std::string, std::string>>& out) const {
  out.clear();
  if (Status opened = Opened(AuxColumnFamily(family)); !opened.ok()) return opened;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(AuxColumnFamily(family))));
  if (newest_first) {
    if (after.empty()) {
      std::string end = prefix;
      end += '\xff';
      it->SeekForPrev(end);
    } else {
      it->SeekForPrev(after);
      if (it->Valid() && it->key() == rocksdb::Slice(after)) it->Prev();
    }
  } else {
    it->Seek(after.empty() ? prefix : after);
    if (!after.empty() && it->Valid() && it->key() == rocksdb::Slice(after)) it->Next();
  }
  AtRestCodec at_rest = codec();
  for (; it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
       newest_first ? it->Prev() : it->Next()) {
    auto& [key, value] = out.emplace_back(it->key().ToString(), std::string());
    Status opened = at_rest.OpenRecord(AuxDomain(family), key, View(it->value()), value);
    if (!opened.ok()) return Decoding(opened, "record " + key);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot scan timeline " + options_.path);
  return Status::Ok();
}

Status Timeline::Refresh() {
  auto s = db_->TryCatchUpWithPrimary();
  if (!s.ok()) return FromRocks(s, "cannot follow the daemon's timeline");
  return LoadMeta();
}

Status Timeline::Flush() {
  return FlushAll(true);
}

Status Timeline::CompactAll() {
  if (abandoned_) return Abandoned();
  rocksdb::CompactRangeOptions options;
  // The bottom level too: that is where old entries, and the filter's work, lie.
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* handle : handles_) {
    if (handle == nullptr) continue;
    Status s = FromRocks(db_->CompactRange(options, handle, nullptr, nullptr),
                         "cannot compact timeline " + options_.path);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Timeline::StartFlush() {
  return FlushAll(false);
}

Status Timeline::FlushAll(bool wait) {
  if (abandoned_) return Abandoned();
  rocksdb::FlushOptions fo;
  fo.wait = wait;
  // Never wait for room: a flush started by the idle daemon must not block its thread.
  fo.allow_write_stall = !wait;
  // Every family at once, so the first memtable switch starts a new log and the others join
  // it: once the flushes are done, no family pins an older log and RocksDB deletes them all.
  auto s = db_->Flush(fo, handles_);
  flush_failed_ = !s.ok();
  if (!s.ok()) return FromRocks(s, "cannot flush timeline " + options_.path);
  rocksdb::VectorLogPtr logs;
  if (wait && db_->GetSortedWalFiles(logs).ok() && logs.size() > 1) {
    // A family whose flush was still queued when the new log began (one flushed because the
    // logs reached max_wal_mb) keeps naming the older log, though it holds nothing: write one
    // record and flush it, which starts yet another log that every empty family moves to.
    std::string now;
    PutFixed64BE(static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch() /
                                       std::chrono::seconds(1)),
                 now);
    // A mark of the daemon's own housekeeping, not an audit record: outside the chain, so
    // that idle flushes add no links and the last signed checkpoint stays the chain's end.
    s = db_->Put(rocksdb::WriteOptions(), cf(kMeta), kMetaLastFlush, now);
    if (s.ok()) s = db_->Flush(fo, cf(kMeta));
    flush_failed_ = !s.ok();
    if (!s.ok()) return FromRocks(s, "cannot flush timeline " + options_.path);
  }
  unflushed_writes_ = 0;
  return Status::Ok();
}

}  // namespace phi
