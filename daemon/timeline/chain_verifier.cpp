#include "daemon/timeline/chain_verifier.hpp"

#include <algorithm>
#include <memory>

#include "daemon/common/binary_codec.hpp"
#include "daemon/timeline/column_families.hpp"
#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {
namespace {

using namespace timeline_families;  // NOLINT

Status ReadError(const rocksdb::Status& s, const std::string& what) {
  return Status::IoError("verify: cannot read " + what + ": " + s.ToString());
}

std::string Describe(const SealedRecord& r) {
  std::string out = r.family < kCount ? kColumnFamilyNames[r.family] : "family ?";
  if (r.family == kEvents || r.family == kDeadLetters) {
    if (r.key.size() == timeline_keys::kTimeSuffixSize) {
      return out + " record of " + FormatIsoTime(timeline_keys::TimeOfEventKey(r.key)) +
             ", sequence " + std::to_string(GetFixed64BE(r.key.data() + 8));
    }
  }
  return out + " key " + HexOf(r.key);
}

}  // namespace

void ChainVerifier::Fail(ChainVerification& out, uint64_t link, std::string problem) {
  if (!out.intact) return;  // the first problem is the one reported
  out.intact = false;
  out.broken_link = link;
  out.problem = std::move(problem);
}

Status ChainVerifier::Run(uint64_t writer_head, ChainVerification& out) {
  out = ChainVerification();
  removed_before_ = INT64_MIN;
  for (int f : {kChain, kEvents, kBySequence, kDeadLetters, kAlerts}) {
    if (handles_[f] == nullptr)
      return Status::Invalid(std::string("verify needs the ") + kColumnFamilyNames[f] +
                             " column family");
  }
  Status s = CheckLinks(writer_head, out);
  if (s.ok() && out.intact) s = CheckSealedRecords(out);
  if (s.ok() && out.intact) s = CheckEventKeys(out);
  return s;
}

// Pass 1: numbers without gaps from 1, each link naming the previous one's hash, event sequences
// contiguous from link to link.
Status ChainVerifier::CheckLinks(uint64_t writer_head, ChainVerification& out) {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kChain]));
  std::string previous_hash = ChainGenesisHash();
  uint64_t expected = 1, last_sequence = 0;
  ChainLink link;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint64_t number = 0;
    std::string_view key(it->key().data(), it->key().size());
    std::string_view value(it->value().data(), it->value().size());
    if (!DecodeChainLinkKey(key, number)) {
      Fail(out, expected, "a key that is no link number (" + HexOf(key) + ") in the chain");
      return Status::Ok();
    }
    if (number != expected) {
      Fail(out, expected,
           number > expected
               ? "link " + std::to_string(expected) + " is missing (the next one found is link " +
                     std::to_string(number) + ")"
               : "link " + std::to_string(number) + " is out of order");
      return Status::Ok();
    }
    if (!DecodeChainLink(value, link)) {
      Fail(out, number, "link " + std::to_string(number) + " cannot be decoded");
      return Status::Ok();
    }
    if (link.number != number) {
      Fail(out, number,
           "link " + std::to_string(number) + " says it is link " + std::to_string(link.number));
      return Status::Ok();
    }
    if (link.previous_hash != previous_hash) {
      Fail(out, number,
           "link " + std::to_string(number) + " names previous hash " + HexOf(link.previous_hash) +
               " but link " + std::to_string(number - 1) + " hashes to " + HexOf(previous_hash) +
               " (a link was altered or replaced)");
      return Status::Ok();
    }
    if (link.first_sequence != 0) {
      if (last_sequence != 0 && link.first_sequence != last_sequence + 1) {
        Fail(out, number,
             "link " + std::to_string(number) + " starts at event sequence " +
                 std::to_string(link.first_sequence) + " but the link before ended at " +
                 std::to_string(last_sequence));
        return Status::Ok();
      }
      if (out.first_sequence == 0) out.first_sequence = link.first_sequence;
      last_sequence = link.last_sequence;
    }
    if (link.kind == LinkKind::kRetention)
      removed_before_ = std::max(removed_before_, link.removed_before);
    previous_hash = ChainLinkHash(previous_hash, value);
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
  out.last_sequence = last_sequence;
  if (writer_head > out.last_link) {
    Fail(out, out.last_link + 1,
         "the chain ends at link " + std::to_string(out.last_link) +
             " but the daemon wrote up to " + std::to_string(writer_head) +
             " (links removed from the end)");
  }
  return Status::Ok();
}

// Pass 2: each link's sealed records still hold what was written, unless retention removed them.
Status ChainVerifier::CheckSealedRecords(ChainVerification& out) {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kChain]));
  ChainLink link;
  BatchHasher hasher;
  std::string value;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!DecodeChainLink(std::string_view(it->value().data(), it->value().size()), link))
      return Status::Corruption("verify: the chain changed while it was read");
    if (link.sealed.empty()) continue;
    bool partly_retained = false;
    uint64_t matched = 0;
    for (const SealedRecord& r : link.sealed) {
      if (r.family >= kCount || r.family == kChain || handles_[r.family] == nullptr) {
        Fail(out, link.number,
             "link " + std::to_string(link.number) + " seals a record of unknown family " +
                 std::to_string(r.family));
        return Status::Ok();
      }
      auto s = db_.Get(read_, handles_[r.family], r.key, &value);
      if (s.IsNotFound()) {
        if (StartsWithTime(static_cast<int>(r.family)) &&
            r.key.size() == timeline_keys::kTimeSuffixSize &&
            timeline_keys::TimeOfEventKey(r.key) < removed_before_) {
          partly_retained = true;
          ++out.sealed_past_retention;
          continue;
        }
        Fail(out, link.number,
             "link " + std::to_string(link.number) + ": " + Describe(r) +
                 " is missing (deleted outside retention)");
        return Status::Ok();
      }
      if (!s.ok()) return ReadError(s, Describe(r));
      hasher.Add(ChainOp::kPut, r.family, r.key, value);
      ++matched;
    }
    std::string recomputed = hasher.Finish();
    if (partly_retained) {
      ++out.links_partly_retained;
      continue;
    }
    if (recomputed != link.sealed_hash) {
      std::string what = "link " + std::to_string(link.number);
      if (link.first_sequence != 0) {
        what += " (events " + std::to_string(link.first_sequence) + " to " +
                std::to_string(link.last_sequence) + ")";
      }
      Fail(out, link.number,
           what + ": the " + std::to_string(link.sealed.size()) +
               " sealed records no longer match the hash recorded (a record was altered)");
      return Status::Ok();
    }
    out.sealed_records += matched;
  }
  if (!it->status().ok()) return ReadError(it->status(), "the chain");
  return Status::Ok();
}

// Pass 3: every key in the events family is one a link wrote (no event inserted): its sequence
// lies in the chain's range and by_sequence files that sequence under the key's time.
Status ChainVerifier::CheckEventKeys(ChainVerification& out) {
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_, handles_[kEvents]));
  std::string time_of_sequence;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    ++out.events_scanned;
    if (key.size() != timeline_keys::kTimeSuffixSize) {
      Fail(out, 0, "an events key of the wrong shape: " + HexOf(key) + " (inserted)");
      return Status::Ok();
    }
    uint64_t sequence = GetFixed64BE(key.data() + 8);
    std::string where = "the event of " + FormatIsoTime(timeline_keys::TimeOfEventKey(key)) +
                        ", sequence " + std::to_string(sequence);
    // Events older than the chain (a timeline written before schema 2) are not covered.
    if (out.first_sequence == 0 || sequence < out.first_sequence) {
      ++out.events_before_chain;
      continue;
    }
    if (sequence > out.last_sequence) {
      Fail(out, 0,
           where + " is in no link: the chain ends at sequence " +
               std::to_string(out.last_sequence) + " (inserted)");
      return Status::Ok();
    }
    auto s = db_.Get(read_, handles_[kBySequence], key.substr(8), &time_of_sequence);
    if (!s.ok() && !s.IsNotFound()) return ReadError(s, "by_sequence");
    if (s.IsNotFound() || time_of_sequence != key.substr(0, 8)) {
      Fail(out, 0,
           where + " is not the event its link wrote under that sequence (inserted or moved)");
      return Status::Ok();
    }
  }
  if (!it->status().ok()) return ReadError(it->status(), "the events");
  return Status::Ok();
}

}  // namespace phi
