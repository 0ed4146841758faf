#include "daemon/timeline/at_rest_codec.hpp"

#include "daemon/common/binary_codec.hpp"
#include "daemon/event/event_codec.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {
namespace {

// The clear forms are event_codec's 1 (full) and 2 (summary).
constexpr char kSealedFull = 3;
constexpr char kSealedIndex = 4;
constexpr char kEventDomain = 'e';

// The parts of a sealed value: tokens, the sealed event (none in an index entry), and where
// the tokens end.
struct SealedParts {
  std::string_view user, patient, event;
  size_t tokens_end = 0;
};

bool SplitSealed(std::string_view value, SealedParts& parts) {
  if (value.empty() || (value[0] != kSealedFull && value[0] != kSealedIndex)) return false;
  ByteReader in(value.substr(1));
  if (!in.GetLengthPrefixed(parts.user) || !in.GetLengthPrefixed(parts.patient)) return false;
  parts.tokens_end = value.size() - in.rest().size();
  parts.event = in.rest();
  return value[0] == kSealedFull ? !parts.event.empty() : parts.event.empty();
}

std::string_view EventKeyOf(std::string_view key) {
  return key.size() >= timeline_keys::kTimeSuffixSize
             ? key.substr(key.size() - timeline_keys::kTimeSuffixSize)
             : key;
}

}  // namespace

AtRestCodec::AtRestCodec(const AtRestKeyRing* keys, bool sealed) : keys_(keys), sealed_(sealed) {}
AtRestCodec::~AtRestCodec() = default;
AtRestCodec::AtRestCodec(AtRestCodec&&) noexcept = default;

Status AtRestCodec::NeedKeys() const {
  if (keys_ != nullptr) return Status::Ok();
  return Status::PermissionDenied(
      "this timeline is encrypted at rest: reading its events, dead letters and alerts needs its "
      "key file (integrity.at_rest_key; by default data_dir/at-rest.key), readable by this user");
}

FieldCipher& AtRestCodec::cipher() {
  if (!cipher_) cipher_ = std::make_unique<FieldCipher>(*keys_);
  return *cipher_;
}

IndexTokenizer* AtRestCodec::tokenizer() {
  if (!sealed_ || keys_ == nullptr) return nullptr;
  if (!tokenizer_) tokenizer_ = std::make_unique<IndexTokenizer>(*keys_);
  return tokenizer_.get();
}

void AtRestCodec::Associate(char domain, std::string_view key, std::string_view tokens) {
  associated_.clear();
  associated_ += domain;
  associated_.append(key);
  associated_.append(tokens);
}

void AtRestCodec::EncodeEvent(const Event& e, std::string_view event_key, StoredEvent& out) {
  out.full.clear();
  out.summary.clear();
  if (!sealed_) {
    phi::EncodeEvent(e, EventDetail::kFull, out.full);
    if (!e.user.empty() || !e.patient.empty())
      phi::EncodeEvent(e, EventDetail::kSummary, out.summary);
    out.user.assign(e.user);
    out.patient.assign(e.patient);
    return;
  }
  out.user.clear();
  out.patient.clear();
  if (!e.user.empty()) AppendUserToken(e.user, out.user);
  if (!e.patient.empty()) AppendPatientToken(e.patient, out.patient);
  out.summary += kSealedIndex;
  PutLengthPrefixed(out.user, out.summary);
  PutLengthPrefixed(out.patient, out.summary);
  out.full += kSealedFull;
  out.full.append(out.summary, 1);
  plain_.clear();
  phi::EncodeEvent(e, EventDetail::kFull, plain_);
  // The tokens are bound in too: a token swapped in the clear part makes the event not open.
  Associate(kEventDomain, event_key, std::string_view(out.full).substr(1));
  cipher().Seal(plain_, associated_, out.full);
}

void AtRestCodec::AppendUserToken(std::string_view user, std::string& out) {
  constexpr size_t kUsersKept = 1 << 15;  // past it, start again: a bound, not an expectation
  if (auto it = user_tokens_.find(user); it != user_tokens_.end()) {
    out.append(it->second);
    return;
  }
  if (user_tokens_.size() >= kUsersKept) user_tokens_.clear();
  std::string& token = user_tokens_[std::string(user)];
  tokenizer()->Append(user, token);
  out.append(token);
}

void AtRestCodec::AppendPatientToken(std::string_view patient, std::string& out) {
  if (patient != last_patient_ || last_patient_token_.empty()) {
    last_patient_.assign(patient);
    last_patient_token_.clear();
    tokenizer()->Append(patient, last_patient_token_);
  }
  out.append(last_patient_token_);
}

Status AtRestCodec::AppendIndexIdentity(std::string_view identifier, std::string& key) {
  if (!sealed_) {
    timeline_keys::AppendIdentityToken(identifier, key);
    return Status::Ok();
  }
  if (Status s = NeedKeys(); !s.ok()) return s;
  std::string token;
  tokenizer()->Append(identifier, token);
  timeline_keys::AppendIdentityToken(token, key);
  return Status::Ok();
}

Status AtRestCodec::DecodeEvent(std::string_view value, std::string_view key, Event& e) {
  SealedParts parts;
  if (!SplitSealed(value, parts)) {
    // Nothing in clear is written to a sealed timeline: one there was put there by hand.
    if (sealed_) return Status::Corruption("a value in clear in a timeline encrypted at rest");
    if (phi::DecodeEvent(value, e)) return Status::Ok();
    return Status::Corruption("an event does not decode");
  }
  if (parts.event.empty()) return Status::Invalid("an index entry holds no event");
  if (Status s = NeedKeys(); !s.ok()) return s;
  Associate(kEventDomain, EventKeyOf(key), value.substr(1, parts.tokens_end - 1));
  if (Status s = cipher().Open(parts.event, associated_, plain_); !s.ok()) return s;
  if (!phi::DecodeEvent(plain_, e)) return Status::Corruption("a sealed event does not decode");
  return Status::Ok();
}

bool AtRestCodec::RefersToEvent(std::string_view index_value) {
  return !index_value.empty() && index_value[0] == kSealedIndex;
}

void AtRestCodec::SealRecord(RecordDomain domain, std::string_view key, std::string_view plain,
                             std::string& out) {
  out.clear();
  if (!sealed_) {
    out.assign(plain);
    return;
  }
  Associate(static_cast<char>(domain), key);
  cipher().Seal(plain, associated_, out);
}

Status AtRestCodec::OpenRecord(RecordDomain domain, std::string_view key, std::string_view stored,
                               std::string& plain) {
  if (!sealed_) {
    plain.assign(stored);
    return Status::Ok();
  }
  if (Status s = NeedKeys(); !s.ok()) return s;
  Associate(static_cast<char>(domain), key);
  return cipher().Open(stored, associated_, plain);
}

bool IndexEntryOfStoredEvent(std::string_view full, std::string& entry, std::string_view& user,
                             std::string_view& patient) {
  SealedParts parts;
  if (!SplitSealed(full, parts)) return SummaryOfFullEvent(full, entry, user, patient);
  if (full[0] != kSealedFull) return false;
  entry.clear();
  entry += kSealedIndex;
  entry.append(full.substr(1, parts.tokens_end - 1));
  user = parts.user;
  patient = parts.patient;
  return true;
}

bool IdentitiesOfStoredEvent(std::string_view value, Event& scratch, std::string_view& user,
                             std::string_view& patient) {
  SealedParts parts;
  if (SplitSealed(value, parts)) {
    user = parts.user;
    patient = parts.patient;
    return true;
  }
  if (!phi::DecodeEvent(value, scratch)) return false;
  user = scratch.user;
  patient = scratch.patient;
  return true;
}

}  // namespace phi
