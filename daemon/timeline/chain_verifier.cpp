#include "daemon/timeline/chain_verifier.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "daemon/common/binary_codec.hpp"
#include "daemon/integrity/text_encoding.hpp"
#include "daemon/timeline/at_rest_codec.hpp"
#include "daemon/timeline/column_families.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {
namespace {

using namespace timeline_families;  // NOLINT: the family table is this file's vocabulary

// At the daemon's start: at least the newest links holding this many events are re-read (or
// this many links, whichever comes first), besides those after the newest signed checkpoint.
constexpr uint64_t kTailEvents = 100'000;
constexpr uint64_t kTailLinks = 10'000;

Status ReadError(const rocksdb::Status& s, const std::string& what) {
  return Status::IoError("verify: cannot read " + what + ": " + s.ToString());
}

std::string_view View(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

uint64_t SequenceOfSuffixedKey(std::string_view key) {
  return GetFixed64BE(key.data() + key.size() - 8);
}

// "the event of 2026-03-02T10:00:00.000Z, sequence 42": no patient or user, since verify's
// findings reach the daemon's log.
std::string DescribeEvent(std::string_view suffix) {
  return "the event of " + FormatIsoTime(timeline_keys::TimeOfEventKey(suffix)) + ", sequence " +
         std::to_string(GetFixed64BE(suffix.data() + 8));
}

std::string DescribeSealed(const SealedRecord& r) {
  std::string family = r.family < kCount ? kColumnFamilyNames[r.family] : "family ?";
  if (r.family == kDeadLetters && r.key.size() == timeline_keys::kTimeSuffixSize) {
    return "the dead letter received " + FormatIsoTime(timeline_keys::TimeOfEventKey(r.key)) +
           ", number " + std::to_string(GetFixed64BE(r.key.data() + 8));
  }
  const size_t prefix = std::string_view(kSealedAlertRecordPrefix).size();
  if (r.family == kAlerts && r.key.starts_with(kSealedAlertRecordPrefix)) {
    return "alert log record " + (r.key.size() == prefix + 8
                                      ? std::to_string(GetFixed64BE(r.key.data() + prefix))
                                      : LowerHex(std::string_view(r.key).substr(prefix)));
  }
  return family + " record " + LowerHex(r.key);
}

// The bytes an index entry is summed over: its key, length-prefixed, then its value.
void FrameEntry(std::string_view key, std::string_view value, std::string& out) {
  out.clear();
  PutLengthPrefixed(key, out);
  out.append(value);
}

}  // namespace

void ChainVerifier::Fail(ChainVerification& out, uint64_t link, std::string problem) {
  if (!out.intact) return;  // the first problem is the one reported
  out.intact = false;
  out.broken_link = link;
  out.problem = std::move(problem);
}

bool ChainVerifier::Retained(std::string_view time_keyed) const {
  return timeline_keys::TimeOfEventKey(time_keyed) < removed_before_;
}

bool ChainVerifier::InCheckedRange(uint64_t sequence) const {
  return checked_first_sequence_ != 0 && sequence >= checked_first_sequence_ &&
         sequence <= checked_last_sequence_;
}

Status ChainVerifier::Run(const ChainVerifyOptions& options, ChainVerification& out) {
  out = ChainVerification();
  checked_links_.clear();
  link_cursor_ = 0;
  checked_first_sequence_ = checked_last_sequence_ = 0;
  chain_first_sequence_ = chain_last_sequence_ = 0;
  removed_before_ = INT64_MIN;
  derived_by_patient_ = derived_by_patient_count_ = derived_by_user_ = derived_by_user_count_ = 0;
  dead_letters_sealed_ = alert_records_sealed_ = 0;
  for (int f : {kChain, kEvents, kBySequence, kByPatient, kByUser, kDeadLetters, kAlerts}) {
    if (handles_[f] == nullptr)
      return Status::Invalid(std::string("verify needs the ") + kColumnFamilyNames[f] +
                             " column family");
  }
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&sum_key_), sizeof sum_key_) != 1)
    return Status::IoError("verify: no random key for the index sums");
  Status s = LoadCheckpoints(options, out);
  if (s.ok() && out.intact) s = WalkLinks(options, out);
  if (!s.ok() || !out.intact) return s;
  out.removed_before = removed_before_;

  // The index and record scans run beside the events pass; both only read.
  Scanned scanned;
  Status scan_status;
  std::thread scanner;
  if (!options.tail_only) {
    scanner = std::thread([&] { scan_status = ScanFamilies(options, scanned); });
  }
  if (options.tail_only) {
    for (const CheckedLink& link : checked_links_) {
      bool partly = false;
      s = CheckLinkEventsBySequence(link, /*count=*/true, out, partly);
      if (!s.ok() || !out.intact) break;
      if (partly) ++out.links_partly_retained;
    }
  } else {
    s = ScanEvents(out);
    for (size_t i = 0; s.ok() && out.intact && i < checked_links_.size(); ++i) {
      if (checked_links_[i].done) continue;
      bool partly = false;
      s = CheckLinkEventsBySequence(checked_links_[i], /*count=*/false, out, partly);
      if (partly) ++out.links_partly_retained;
    }
  }
  if (s.ok() && out.intact) s = CheckSealedRecords(options, out);
  if (scanner.joinable()) scanner.join();
  if (!s.ok() || !out.intact) return s;
  if (!scan_status.ok()) return scan_status;
  if (options.tail_only) return Status::Ok();
  return CompareScans(options, scanned, out);
}

Status ChainVerifier::LoadCheckpoints(const ChainVerifyOptions& options, ChainVerification& out) {
  checkpoints_.clear();
  const std::string prefix = ChainCheckpointPrefix(kDaemonWriter);
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kChain]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ChainCheckpoint c;
    if (!DecodeChainCheckpoint(View(it->value()), c)) {
      Fail(out, 0, "a signed checkpoint cannot be decoded (key " + LowerHex(View(it->key())) + ")");
      return Status::Ok();
    }
    checkpoints_.push_back(std::move(c));
  }
  if (!it->status().ok()) return ReadError(it->status(), "the signed checkpoints");
  out.checkpoints = checkpoints_.size();
  if (!options.check_signature) {
    out.signatures = "not checked (no public key given)";
  }
  return Status::Ok();
}

// Pass 1: numbers without gaps, each link naming the previous one's hash, event sequences
// contiguous from link to link, signed checkpoints matching the links they name.
Status ChainVerifier::WalkLinks(const ChainVerifyOptions& options, ChainVerification& out) {
  std::string previous_hash = ChainGenesisHash();
  uint64_t expected = 1;
  auto checkpoint = checkpoints_.begin();
  if (options.tail_only && options.check_signature) {
    // Trust the newest checkpoint whose signature holds: the walk starts at its link.
    for (auto c = checkpoints_.rbegin(); c != checkpoints_.rend(); ++c) {
      if (c->key_fingerprint_hex == options.key_fingerprint_hex &&
          options.check_signature(SignedCheckpointMessage(kDaemonWriter, *c), c->signature)) {
        expected = c->link;
        previous_hash.clear();  // known once the link is read: must hash to c->link_hash
        checkpoint = std::prev(c.base());
        out.started_at_link = c->link;
        break;
      }
    }
  }
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kChain]));
  const std::string prefix = ChainLinkPrefix(kDaemonWriter);
  // At start: the links since the trusted checkpoint (its own included: the signature vouches
  // for the link, the link for its records), and at least the newest links holding
  // kTailEvents events, so that what was written just before a stop is always re-read.
  uint64_t check_after = 0;
  if (options.tail_only) {
    check_after = out.started_at_link > 0 ? out.started_at_link - 1 : UINT64_MAX;
    uint64_t events = 0, links = 0;
    ChainLink newest;
    for (it->SeekForPrev(ChainLinkKey(kDaemonWriter, UINT64_MAX));
         it->Valid() && it->key().starts_with(prefix); it->Prev()) {
      uint64_t number = 0;
      if (!DecodeChainLinkKey(View(it->key()), kDaemonWriter, number) ||
          !DecodeChainLink(View(it->value()), newest))
        break;  // the forward walk reports it
      check_after = std::min(check_after, number - 1);
      if (newest.first_sequence != 0) events += newest.last_sequence - newest.first_sequence + 1;
      if (events >= kTailEvents || ++links >= kTailLinks) break;
    }
    if (check_after == UINT64_MAX) check_after = 0;
    // The walk starts there, taking the first link's word for its predecessor: the links from
    // there to the trusted checkpoint must hash to the value it signed.
    if (check_after + 1 < expected || out.started_at_link == 0) {
      expected = check_after + 1;
      previous_hash = expected == 1 ? ChainGenesisHash() : "";
      checkpoint = checkpoints_.begin();
    }
  }
  first_link_to_check_ = check_after + 1;
  uint64_t last_sequence = 0;
  ChainLink link;
  for (it->Seek(ChainLinkKey(kDaemonWriter, expected));
       it->Valid() && it->key().starts_with(prefix); it->Next()) {
    uint64_t number = 0;
    std::string_view value = View(it->value());
    if (!DecodeChainLinkKey(View(it->key()), kDaemonWriter, number)) {
      Fail(out, expected, "a key that is no link number (" + LowerHex(View(it->key())) + ")");
      return Status::Ok();
    }
    if (number != expected) {
      Fail(out, expected,
           "link " + std::to_string(expected) + " is missing (the next one found is link " +
               std::to_string(number) + ")");
      return Status::Ok();
    }
    if (!DecodeChainLink(value, link) || link.number != number) {
      Fail(out, number, "link " + std::to_string(number) + " cannot be decoded (altered)");
      return Status::Ok();
    }
    if (previous_hash.empty()) {
      previous_hash = link.previous_hash;  // the trusted checkpoint's link: checked below
    } else if (link.previous_hash != previous_hash) {
      Fail(out, number,
           "link " + std::to_string(number) + " does not name the hash of link " +
               std::to_string(number - 1) + " (a link was altered, replaced or inserted)");
      return Status::Ok();
    }
    if (link.first_sequence != 0) {
      if (last_sequence != 0 && link.first_sequence != last_sequence + 1) {
        Fail(out, number,
             "link " + std::to_string(number) + " starts at event sequence " +
                 std::to_string(link.first_sequence) + " but the link before ended at " +
                 std::to_string(last_sequence) + " (a batch was removed)");
        return Status::Ok();
      }
      if (chain_first_sequence_ == 0) chain_first_sequence_ = link.first_sequence;
      last_sequence = link.last_sequence;
    }
    if (link.kind == LinkKind::kRetention)
      removed_before_ = std::max(removed_before_, link.removed_before);
    const bool checked = options.tail_only
                             ? number > check_after
                             : link.wall_time >= options.from && link.wall_time < options.to;
    if (checked && link.first_sequence != 0) {
      if (checked_first_sequence_ == 0) checked_first_sequence_ = link.first_sequence;
      checked_last_sequence_ = link.last_sequence;
      CheckedLink& c = checked_links_.emplace_back();
      c.number = number;
      c.first_sequence = link.first_sequence;
      c.last_sequence = link.last_sequence;
      c.events_hash = link.events_hash;
    }
    if (checked) ++out.links_checked;
    previous_hash = ChainLinkHash(previous_hash, value);
    for (; checkpoint != checkpoints_.end() && checkpoint->link <= number; ++checkpoint) {
      if (checkpoint->link < number) continue;  // before the walk's start
      if (checkpoint->link_hash != previous_hash) {
        Fail(out, number,
             "the checkpoint signed at " + FormatIsoTime(checkpoint->signed_at) +
                 " vouches for a " + "different link " + std::to_string(number) +
                 " (the chain was rewritten)");
        return Status::Ok();
      }
      if (options.check_signature) {
        if (checkpoint->key_fingerprint_hex != options.key_fingerprint_hex) {
          Fail(out, number,
               "the checkpoint of link " + std::to_string(number) + " was signed by key " +
                   checkpoint->key_fingerprint_hex + ", not by the key given");
          return Status::Ok();
        }
        if (!options.check_signature(SignedCheckpointMessage(kDaemonWriter, *checkpoint),
                                     checkpoint->signature)) {
          Fail(out, number,
               "the signature of the checkpoint of link " + std::to_string(number) +
                   " does not verify (altered or forged)");
          return Status::Ok();
        }
        ++out.checkpoints_verified;
      }
      out.last_signed_link = number;
      out.last_signed_at = checkpoint->signed_at;
    }
    if (out.links == 0) {
      out.first_link = number;
      out.first_time = link.wall_time;
    }
    ++out.links;
    out.last_link = number;
    out.last_time = link.wall_time;
    ++expected;
  }
  if (!it->status().ok()) return ReadError(it->status(), "the chain");
  chain_last_sequence_ = last_sequence;
  out.first_sequence = checked_first_sequence_;
  out.last_sequence = checked_last_sequence_;
  if (checkpoint != checkpoints_.end()) {
    Fail(out, checkpoint->link,
         "a checkpoint signed at " + FormatIsoTime(checkpoint->signed_at) + " vouches for link " +
             std::to_string(checkpoint->link) + " but the chain ends at link " +
             std::to_string(out.last_link) + " (links removed from the end)");
    return Status::Ok();
  }
  if (options.writer_head > out.last_link) {
    Fail(out, out.last_link + 1,
         "the chain ends at link " + std::to_string(out.last_link) +
             " but the daemon wrote up to " + std::to_string(options.writer_head) +
             " (links removed from the end)");
    return Status::Ok();
  }
  if (options.check_signature) {
    out.signatures = std::to_string(out.checkpoints_verified) + " signed checkpoint" +
                     (out.checkpoints_verified == 1 ? "" : "s") + " verified with key " +
                     options.key_fingerprint_hex;
  }
  return Status::Ok();
}

// The dead letters and alert records each checked link sealed, read back one by one.
Status ChainVerifier::CheckSealedRecords(const ChainVerifyOptions& options,
                                         ChainVerification& out) {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kChain]));
  const std::string prefix = ChainLinkPrefix(kDaemonWriter);
  ChainLink link;
  for (it->Seek(ChainLinkKey(kDaemonWriter, first_link_to_check_));
       it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (!DecodeChainLink(View(it->value()), link))
      return Status::Corruption("verify: the chain changed while it was read");
    if (link.sealed.empty()) continue;
    if (!options.tail_only && (link.wall_time < options.from || link.wall_time >= options.to))
      continue;
    bool partly = false;
    Status s = CheckLinkSealed(link, out, partly);
    if (!s.ok() || !out.intact) return s;
    if (partly) ++out.links_partly_retained;
  }
  if (!it->status().ok()) return ReadError(it->status(), "the chain");
  return Status::Ok();
}

ChainVerifier::CheckedLink* ChainVerifier::LinkOfSequence(uint64_t sequence) {
  if (link_cursor_ < checked_links_.size()) {
    CheckedLink& near = checked_links_[link_cursor_];
    if (sequence >= near.first_sequence && sequence <= near.last_sequence) return &near;
  }
  auto after = std::upper_bound(
      checked_links_.begin(), checked_links_.end(), sequence,
      [](uint64_t seq, const CheckedLink& link) { return seq < link.first_sequence; });
  if (after == checked_links_.begin()) return nullptr;
  CheckedLink& link = *std::prev(after);
  if (sequence > link.last_sequence) return nullptr;
  link_cursor_ = static_cast<size_t>(&link - checked_links_.data());
  return &link;
}

Status ChainVerifier::ScanEvents(ChainVerification& out) {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kEvents]));
  std::string_view user, patient;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = View(it->key());
    if (key.size() != timeline_keys::kTimeSuffixSize) {
      Fail(out, 0, "an events key of the wrong shape (" + LowerHex(key) + ", inserted)");
      return Status::Ok();
    }
    const uint64_t seq = GetFixed64BE(key.data() + 8);
    if (seq < chain_first_sequence_ || chain_first_sequence_ == 0) {
      ++out.events_before_chain;  // an older timeline's events, written before the chain
      continue;
    }
    if (seq > chain_last_sequence_) {
      Fail(out, 0,
           DescribeEvent(key) + " is in no link: the chain ends at sequence " +
               std::to_string(chain_last_sequence_) + " (inserted)");
      return Status::Ok();
    }
    CheckedLink* link = LinkOfSequence(seq);
    if (link == nullptr) continue;  // a link outside --from/--to
    if (link->done) {
      Fail(out, link->number,
           DescribeEvent(key) + " is not an event link " + std::to_string(link->number) +
               " wrote (inserted or moved)");
      return Status::Ok();
    }
    std::string_view value = View(it->value());
    if (!link->hasher) link->hasher = std::make_unique<OrderedEventsHasher>();
    link->hasher->Add(key, value);
    ++link->seen;
    ++out.events_checked;
    // Held events older than the retention cut-off keep their events but not an index check:
    // the scans skip every index entry older than the cut-off.
    if (!Retained(key) && IndexEntryOfStoredEvent(value, summary_, user, patient)) {
      for (auto [identity, sum, count] :
           {std::tuple{patient, &derived_by_patient_, &derived_by_patient_count_},
            std::tuple{user, &derived_by_user_, &derived_by_user_count_}}) {
        if (identity.empty()) continue;
        key_scratch_.clear();
        timeline_keys::AppendIdentityToken(identity, key_scratch_);
        key_scratch_.append(key);
        FrameEntry(key_scratch_, summary_, frame_);
        *sum += SipHash13(sum_key_, frame_);
        ++*count;
      }
    }
    if (link->seen == link->last_sequence - link->first_sequence + 1) {
      link->done = true;
      const std::string recomputed = link->hasher->Finish();
      link->hasher.reset();
      if (recomputed != link->events_hash) {
        Fail(out, link->number,
             "link " + std::to_string(link->number) + " (events " +
                 std::to_string(link->first_sequence) + " to " +
                 std::to_string(link->last_sequence) +
                 "): the events no longer hash to the value the link recorded (an event was "
                 "altered or replaced)");
        return Status::Ok();
      }
    }
  }
  if (!it->status().ok()) return ReadError(it->status(), "the events");
  return Status::Ok();
}

Status ChainVerifier::CheckLinkEventsBySequence(const CheckedLink& link, bool count,
                                                ChainVerification& out, bool& partly) {
  // by_sequence says under which time each of the link's events was filed.
  std::unique_ptr<rocksdb::Iterator> by_sequence(db_.NewIterator(read_, handles_[kBySequence]));
  std::unique_ptr<rocksdb::Iterator> events(db_.NewIterator(read_, handles_[kEvents]));
  std::vector<std::string> keys;
  std::string seq_key;
  for (uint64_t seq = link.first_sequence; seq <= link.last_sequence; ++seq) {
    seq_key.clear();
    PutFixed64BE(seq, seq_key);
    if (!by_sequence->Valid() || View(by_sequence->key()) != seq_key) by_sequence->Seek(seq_key);
    if (!by_sequence->Valid() || View(by_sequence->key()) != seq_key ||
        by_sequence->value().size() != 8) {
      if (!by_sequence->status().ok()) return ReadError(by_sequence->status(), "by_sequence");
      Fail(out, link.number,
           "link " + std::to_string(link.number) + ": event sequence " + std::to_string(seq) +
               " has no by_sequence entry (deleted or altered)");
      return Status::Ok();
    }
    keys.push_back(std::string(by_sequence->value().data(), 8) + seq_key);
    by_sequence->Next();
  }
  if (!std::is_sorted(keys.begin(), keys.end())) std::sort(keys.begin(), keys.end());
  OrderedEventsHasher hasher;
  for (const std::string& key : keys) {
    if (!events->Valid() || View(events->key()) != key) events->Seek(key);
    if (!events->Valid() || View(events->key()) != key) {
      if (!events->status().ok()) return ReadError(events->status(), "the events");
      if (Retained(key)) {
        partly = true;
        ++out.events_past_retention;
        continue;
      }
      Fail(out, link.number,
           "link " + std::to_string(link.number) + ": " + DescribeEvent(key) +
               " is missing (deleted outside retention)");
      return Status::Ok();
    }
    hasher.Add(key, View(events->value()));
    if (count) ++out.events_checked;
    events->Next();
  }
  if (!partly && hasher.Finish() != link.events_hash) {
    Fail(out, link.number,
         "link " + std::to_string(link.number) + " (events " + std::to_string(link.first_sequence) +
             " to " + std::to_string(link.last_sequence) +
             "): the events no longer hash to the value the link recorded (an event was altered "
             "or replaced)");
  }
  return Status::Ok();
}

Status ChainVerifier::CheckLinkSealed(const ChainLink& link, ChainVerification& out, bool& partly) {
  RecordHasher hasher;
  std::string value;
  bool link_partly = false;
  for (const SealedRecord& r : link.sealed) {
    if (r.family != kDeadLetters && r.family != kAlerts) {
      Fail(out, link.number,
           "link " + std::to_string(link.number) + " seals a record of family " +
               std::to_string(r.family) + ", which holds no sealed records (altered)");
      return Status::Ok();
    }
    auto s = db_.Get(read_, handles_[r.family], r.key, &value);
    if (s.IsNotFound()) {
      if (r.family == kDeadLetters && r.key.size() == timeline_keys::kTimeSuffixSize &&
          Retained(r.key)) {
        link_partly = true;
        continue;
      }
      Fail(out, link.number,
           "link " + std::to_string(link.number) + ": " + DescribeSealed(r) +
               " is missing (deleted outside retention)");
      return Status::Ok();
    }
    if (!s.ok()) return ReadError(s, DescribeSealed(r));
    hasher.Add(r.family, r.key, value);
    if (r.family == kDeadLetters) {
      ++dead_letters_sealed_;
    } else if (r.key.starts_with(kSealedAlertRecordPrefix)) {
      ++alert_records_sealed_;
    }
    ++out.sealed_records;
  }
  if (link_partly) {
    partly = true;
    return Status::Ok();
  }
  if (hasher.Finish() != link.sealed_hash) {
    std::string what = link.sealed.size() == 1
                           ? DescribeSealed(link.sealed[0])
                           : std::to_string(link.sealed.size()) + " sealed records (" +
                                 DescribeSealed(link.sealed[0]) + ", ...)";
    Fail(out, link.number,
         "link " + std::to_string(link.number) + ": " + what +
             " no longer match the hash the link recorded (altered)");
  }
  return Status::Ok();
}

bool ChainVerifier::DeriveIndexEntry(int family, std::string_view event_key,
                                     std::string_view stored, std::string& key,
                                     std::string& value) {
  std::string_view user, patient;
  if (!IndexEntryOfStoredEvent(stored, value, user, patient)) return false;
  const std::string_view identity = family == kByPatient ? patient : user;
  if (identity.empty()) return false;
  key.clear();
  timeline_keys::AppendIdentityToken(identity, key);
  key.append(event_key);
  return true;
}

Status ChainVerifier::ScanIndex(int family, uint64_t& sum, uint64_t& count,
                                std::string& inserted) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[family]));
  std::string frame;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = View(it->key());
    if (key.size() < timeline_keys::kTimeSuffixSize) {
      if (inserted.empty())
        inserted = std::string("a ") + kColumnFamilyNames[family] + " key of the wrong shape";
      continue;
    }
    std::string_view suffix = key.substr(key.size() - timeline_keys::kTimeSuffixSize);
    const uint64_t seq = SequenceOfSuffixedKey(key);
    if (seq > chain_last_sequence_ && chain_last_sequence_ != 0) {
      if (inserted.empty())
        inserted = std::string("a ") + kColumnFamilyNames[family] + " entry for " +
                   DescribeEvent(suffix) + ", past the last event any link holds";
      continue;
    }
    if (!InCheckedRange(seq) || Retained(suffix)) continue;
    FrameEntry(key, View(it->value()), frame);
    sum += SipHash13(sum_key_, frame);
    ++count;
  }
  if (!it->status().ok()) return ReadError(it->status(), kColumnFamilyNames[family]);
  return Status::Ok();
}

Status ChainVerifier::ScanFamilies(const ChainVerifyOptions& options, Scanned& scanned) const {
  Status s = ScanIndex(kByPatient, scanned.by_patient_sum, scanned.by_patient_count,
                       scanned.inserted_index);
  if (s.ok())
    s = ScanIndex(kByUser, scanned.by_user_sum, scanned.by_user_count, scanned.inserted_index);
  if (!s.ok()) return s;
  const bool whole = options.from == INT64_MIN && options.to == INT64_MAX;
  if (!whole) return Status::Ok();
  std::unique_ptr<rocksdb::Iterator> dead(db_.NewIterator(read_, handles_[kDeadLetters]));
  for (dead->SeekToFirst(); dead->Valid(); dead->Next()) {
    if (!Retained(View(dead->key()))) ++scanned.dead_letters;
  }
  if (!dead->status().ok()) return ReadError(dead->status(), "the dead letters");
  std::unique_ptr<rocksdb::Iterator> alerts(db_.NewIterator(read_, handles_[kAlerts]));
  for (alerts->Seek(kSealedAlertRecordPrefix);
       alerts->Valid() && alerts->key().starts_with(kSealedAlertRecordPrefix); alerts->Next()) {
    ++scanned.alert_records;
  }
  if (!alerts->status().ok()) return ReadError(alerts->status(), "the alert log");
  return Status::Ok();
}

Status ChainVerifier::CompareScans(const ChainVerifyOptions& options, const Scanned& scanned,
                                   ChainVerification& out) {
  if (!scanned.inserted_index.empty()) {
    Fail(out, 0, scanned.inserted_index + " (inserted)");
    return Status::Ok();
  }
  if (scanned.by_patient_sum != derived_by_patient_ ||
      scanned.by_patient_count != derived_by_patient_count_) {
    return LocateIndexProblem(kByPatient, out);
  }
  if (scanned.by_user_sum != derived_by_user_ || scanned.by_user_count != derived_by_user_count_)
    return LocateIndexProblem(kByUser, out);
  out.index_entries = scanned.by_patient_count + scanned.by_user_count;
  const bool whole = options.from == INT64_MIN && options.to == INT64_MAX;
  if (whole && scanned.dead_letters != dead_letters_sealed_) {
    Fail(out, 0,
         "the dead letters hold " + std::to_string(scanned.dead_letters) + " records where the " +
             "chain seals " + std::to_string(dead_letters_sealed_) + " (inserted)");
  } else if (whole && scanned.alert_records != alert_records_sealed_) {
    Fail(out, 0,
         "the alert log holds " + std::to_string(scanned.alert_records) + " records where the " +
             "chain seals " + std::to_string(alert_records_sealed_) + " (inserted)");
  }
  return Status::Ok();
}

// The slow path for an index whose sum disagrees: which entry is not what its event implies.
Status ChainVerifier::LocateIndexProblem(int family, ChainVerification& out) {
  const std::string name = kColumnFamilyNames[family];
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[family]));
  std::string event_value, key, value, summary;
  std::string_view user, patient;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view entry_key = View(it->key());
    std::string_view suffix = entry_key.substr(entry_key.size() - timeline_keys::kTimeSuffixSize);
    if (!InCheckedRange(SequenceOfSuffixedKey(entry_key)) || Retained(suffix)) continue;
    auto s = db_.Get(read_, handles_[kEvents], suffix, &event_value);
    if (!s.ok() && !s.IsNotFound()) return ReadError(s, "the events");
    if (s.IsNotFound() || !IndexEntryOfStoredEvent(event_value, summary, user, patient)) {
      Fail(
          out, 0,
          "the " + name + " entry for " + DescribeEvent(suffix) + " points to no event (inserted)");
      return Status::Ok();
    }
    if (!DeriveIndexEntry(family, suffix, event_value, key, value) || key != entry_key) {
      Fail(out, 0,
           "the " + name + " entry for " + DescribeEvent(suffix) + " is filed under another " +
               (family == kByPatient ? "patient" : "user") +
               " than its event names (altered or inserted)");
      return Status::Ok();
    }
    if (value != View(it->value())) {
      Fail(out, 0,
           "the " + name + " entry for " + DescribeEvent(suffix) +
               " no longer matches its event (altered)");
      return Status::Ok();
    }
  }
  if (!it->status().ok()) return ReadError(it->status(), name);
  // Every entry matches an event: one must be missing.
  std::unique_ptr<rocksdb::Iterator> events(db_.NewIterator(read_, handles_[kEvents]));
  for (events->SeekToFirst(); events->Valid(); events->Next()) {
    std::string_view event_key = View(events->key());
    if (event_key.size() != timeline_keys::kTimeSuffixSize ||
        !InCheckedRange(GetFixed64BE(event_key.data() + 8)) || Retained(event_key))
      continue;
    if (!DeriveIndexEntry(family, event_key, View(events->value()), key, value)) continue;
    auto s = db_.Get(read_, handles_[family], key, &event_value);
    if (!s.ok() && !s.IsNotFound()) return ReadError(s, name);
    if (s.IsNotFound()) {
      Fail(out, 0,
           "the " + name + " entry for " + DescribeEvent(event_key) + " is missing (deleted)");
      return Status::Ok();
    }
  }
  if (!events->status().ok()) return ReadError(events->status(), "the events");
  Fail(out, 0, "the " + name + " entries do not add up to the events (altered)");
  return Status::Ok();
}

}  // namespace phi
