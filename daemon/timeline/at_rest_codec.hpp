// How the timeline stores its values: as they are, or sealed at rest (issue 9, item 6). In a
// sealed timeline every value that can hold PHI is encrypted with AES-256-GCM (FieldCipher) and
// the index keys hold keyed tokens (IndexTokenizer) instead of MRNs and user ids:
//   events                 3 | token(user) | token(patient) | sealed event
//   by_patient, by_user    4 | token(user) | token(patient)
//   dead letters, alerts and meta records written through WriteAux: one sealed value
// token(x): varint length + 16 bytes, empty when the event has no user or patient. The sealed
// event is the FieldCipher value of its clear encoding (event_codec), with 'e' + the event's
// 16-byte key + its two tokens as associated data. An index entry is its event's value cut short
// and points to it (the event is read by the key both end with): the chain verifier derives every
// entry from the stored event without the key, and retention finds held patients and users by their
// tokens. Formats 1 and 2 (event_codec) are the clear forms, where an index entry holds the
// event's summary. One AtRestCodec per thread: it reuses its OpenSSL contexts.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daemon/common/status.hpp"
#include "daemon/event/event.hpp"
#include "daemon/integrity/at_rest_keys.hpp"
#include "daemon/integrity/field_cipher.hpp"
#include "daemon/integrity/index_token.hpp"

namespace phi {

// What a record sealed through SealRecord is, bound into its associated data with its key.
enum class RecordDomain : char { kDeadLetter = 'x', kAlerts = 'a', kMeta = 'm' };

// An event as the timeline stores it: its events value, its index entries' value (its summary,
// or when sealed a reference to it), and the identities (clear, or tokens) its index keys are
// filed under.
struct StoredEvent {
  std::string full, summary, user, patient;
};

class AtRestCodec {
 public:
  // `sealed`: the timeline is encrypted at rest; `keys` (may be null for a reader without the
  // key file, which then reads no PHI) unseals it.
  AtRestCodec(const AtRestKeyRing* keys, bool sealed);
  ~AtRestCodec();
  AtRestCodec(AtRestCodec&&) noexcept;

  bool sealed() const { return sealed_; }

  // REQUIRES: the key ring, when sealed. `event_key`: the event's 16-byte key.
  void EncodeEvent(const Event& event, std::string_view event_key, StoredEvent& out);
  // The identity an index key holds for a patient or user (a query's prefix).
  Status AppendIndexIdentity(std::string_view identifier, std::string& key);
  // Decodes an events value or a clear index entry; `key` ends with the event's 16-byte key.
  Status DecodeEvent(std::string_view value, std::string_view key, Event& event);
  // A sealed index entry holds no event: it is read from the events family.
  static bool RefersToEvent(std::string_view index_value);

  // A dead letter or auxiliary record: sealed under its domain and key, or copied when clear.
  void SealRecord(RecordDomain domain, std::string_view key, std::string_view plain,
                  std::string& out);
  Status OpenRecord(RecordDomain domain, std::string_view key, std::string_view stored,
                    std::string& plain);

  // The tokens of identifiers (legal hold subjects), null when the timeline is clear or the
  // key ring is missing.
  IndexTokenizer* tokenizer();

 private:
  Status NeedKeys() const;
  FieldCipher& cipher();
  // Tokens into `out` (two SHA-256 blocks each), remembered where that pays: a user's for as
  // long as the codec lives (staff recur all day; a few thousand at most), a patient's for the
  // next event (one chart opened is several events in a row; a map of patients would mostly
  // miss and cost more than it saves).
  void AppendUserToken(std::string_view user, std::string& out);
  void AppendPatientToken(std::string_view patient, std::string& out);
  void Associate(char domain, std::string_view key, std::string_view tokens = {});

  const AtRestKeyRing* keys_;
  bool sealed_;
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<IndexTokenizer> tokenizer_;
  std::string associated_, plain_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> user_tokens_;
  std::string last_patient_, last_patient_token_;
};

// Without the key: the index entry a stored events value implies, and the identities its
// index keys hold (views into `full`, or for the clear form into `entry`'s source). False
// when `full` is not a stored event.
bool IndexEntryOfStoredEvent(std::string_view full, std::string& entry, std::string_view& user,
                             std::string_view& patient);
// Without the key: the identities (clear, or tokens) of a stored events value or index entry.
// `scratch` holds a clear value's decoded event. False when the value does not decode.
bool IdentitiesOfStoredEvent(std::string_view value, Event& scratch, std::string_view& user,
                             std::string_view& patient);

}  // namespace phi
