// The timeline's stored forms with and without encryption at rest: a sealed event holds no
// PHI in its bytes, opens only under its own key, its index entry is its value cut short (what
// the chain verifier derives without the key), and a reader without the key is told why.
#include "daemon/timeline/at_rest_codec.hpp"

#include <gtest/gtest.h>

#include "daemon/event/event_codec.hpp"
#include "daemon/timeline/timeline_keys.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

AtRestKeyRing Ring(const std::string& text) {
  auto ring = AtRestKeyRing::Parse(text, "keys");
  EXPECT_TRUE(ring.ok()) << ring.status().message();
  return std::move(ring.value());
}

const std::string kKeys = "1 " + std::string(64, 'a') + "\n";

Event Sample() {
  Event e;
  e.ts = 1'780'000'000'000'000;
  e.sequence = 42;
  e.source = "ehr";
  e.user = "dr.house";
  e.role = "physician";
  e.department = "diagnostics";
  e.action = "view";
  e.patient = "MRN0070007";
  e.record_type = "psych_note";
  e.workstation = "WS-12";
  e.statement = "SELECT * FROM notes WHERE patient_name = 'Zoë Ångström'";
  e.extra = R"("patient_name":"Zoë Ångström","address":"12 Elm St")";
  e.truncated = true;
  return e;
}

std::string KeyOf(const Event& e) {
  return timeline_keys::EventKey(e.ts, e.sequence);
}

StoredEvent Stored(AtRestCodec& codec, const Event& e) {
  StoredEvent stored;
  codec.EncodeEvent(e, KeyOf(e), stored);
  return stored;
}

void ExpectNoPhi(std::string_view bytes) {
  for (const char* phi : {"MRN0070007", "dr.house", "Ångström", "Elm St", "SELECT", "psych"})
    EXPECT_EQ(bytes.find(phi), std::string::npos) << phi;
}

TEST(AtRestCodec, ASealedEventHoldsNoPhiAndOpensWhole) {
  AtRestKeyRing ring = Ring(kKeys);
  AtRestCodec codec(&ring, true);
  const Event e = Sample();
  const std::string key = KeyOf(e);
  StoredEvent stored = Stored(codec, e);
  ExpectNoPhi(stored.full);
  ExpectNoPhi(stored.summary);
  ExpectNoPhi(stored.user);
  ExpectNoPhi(stored.patient);
  EXPECT_EQ(stored.user.size(), kIndexTokenBytes);
  EXPECT_EQ(stored.patient.size(), kIndexTokenBytes);
  EXPECT_EQ(stored.patient, IndexToken(ring, "MRN0070007"));
  EXPECT_EQ(stored.user, IndexToken(ring, "dr.house"));
  // Remembered tokens are the same tokens, for the same and for other users and patients.
  Event next = e;
  next.user = "nurse.ratched";
  next.patient = "MRN0080008";
  for (const Event& again : {e, next, e}) {
    StoredEvent s = Stored(codec, again);
    EXPECT_EQ(s.user, IndexToken(ring, again.user));
    EXPECT_EQ(s.patient, IndexToken(ring, again.patient));
  }

  Event back;
  ASSERT_TRUE(codec.DecodeEvent(stored.full, key, back).ok());
  std::string expected, got;
  EncodeEvent(e, EventDetail::kFull, expected);
  EncodeEvent(back, EventDetail::kFull, got);
  EXPECT_EQ(got, expected) << "every field, statement, unknown fields and flags come back";

  // An index entry points to its event and holds no event of its own.
  EXPECT_TRUE(AtRestCodec::RefersToEvent(stored.summary));
  EXPECT_FALSE(codec.DecodeEvent(stored.summary, key, back).ok());
}

TEST(AtRestCodec, TheIndexEntryIsDerivedFromTheStoredEventWithoutTheKey) {
  AtRestKeyRing ring = Ring(kKeys);
  AtRestCodec codec(&ring, true);
  Event e = Sample();
  const std::string key = KeyOf(e);
  StoredEvent stored = Stored(codec, e);
  std::string entry;
  std::string_view user, patient;
  ASSERT_TRUE(IndexEntryOfStoredEvent(stored.full, entry, user, patient));
  EXPECT_EQ(entry, stored.summary);
  EXPECT_EQ(user, stored.user);
  EXPECT_EQ(patient, stored.patient);
  Event scratch;
  ASSERT_TRUE(IdentitiesOfStoredEvent(stored.summary, scratch, user, patient));
  EXPECT_EQ(patient, stored.patient) << "retention reads held patients from index entries too";

  // The clear forms: the summary, and the identities as they are.
  AtRestCodec clear(nullptr, false);
  clear.EncodeEvent(e, key, stored);
  ASSERT_TRUE(IndexEntryOfStoredEvent(stored.full, entry, user, patient));
  EXPECT_EQ(entry, stored.summary);
  EXPECT_EQ(patient, "MRN0070007");
  EXPECT_FALSE(AtRestCodec::RefersToEvent(stored.summary));

  // An event without a patient is filed under its user only.
  e.patient.clear();
  codec.EncodeEvent(e, key, stored);
  ASSERT_TRUE(IndexEntryOfStoredEvent(stored.full, entry, user, patient));
  EXPECT_TRUE(patient.empty());
  EXPECT_EQ(user.size(), kIndexTokenBytes);
}

TEST(AtRestCodec, AValueMovedToAnotherEventOrAlteredDoesNotOpen) {
  AtRestKeyRing ring = Ring(kKeys);
  AtRestCodec codec(&ring, true);
  const Event e = Sample();
  const std::string key = KeyOf(e);
  StoredEvent stored = Stored(codec, e);
  Event back;
  EXPECT_EQ(codec.DecodeEvent(stored.full, timeline_keys::EventKey(e.ts, 43), back).code(),
            Status::Code::kCorruption);
  for (size_t at : {size_t{40}, stored.full.size() - 1}) {
    std::string altered = stored.full;
    altered[at] = static_cast<char>(altered[at] ^ 1);
    EXPECT_EQ(codec.DecodeEvent(altered, key, back).code(), Status::Code::kCorruption) << at;
  }
  std::string record;
  codec.SealRecord(RecordDomain::kAlerts, "rec/1", "MRN0070007 viewed by dr.house", record);
  ExpectNoPhi(record);
  std::string plain;
  ASSERT_TRUE(codec.OpenRecord(RecordDomain::kAlerts, "rec/1", record, plain).ok());
  EXPECT_EQ(plain, "MRN0070007 viewed by dr.house");
  EXPECT_FALSE(codec.OpenRecord(RecordDomain::kAlerts, "rec/2", record, plain).ok());
  EXPECT_FALSE(codec.OpenRecord(RecordDomain::kMeta, "rec/1", record, plain).ok())
      << "the same key in another family is another record";
}

TEST(AtRestCodec, TheTokensInClearAreBoundToTheEventAndNothingInClearIsAccepted) {
  AtRestKeyRing ring = Ring(kKeys);
  AtRestCodec codec(&ring, true);
  const Event e = Sample();
  const std::string key = KeyOf(e);
  StoredEvent stored = Stored(codec, e);
  EXPECT_NE(Stored(codec, e).full, stored.full) << "a fresh nonce for every value";
  // The patient token swapped for another patient's: the event no longer opens.
  std::string swapped = stored.full;
  const std::string other = IndexToken(ring, "MRN0000001");
  swapped.replace(swapped.find(stored.patient), kIndexTokenBytes, other);
  Event back;
  Status s = codec.DecodeEvent(swapped, key, back);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.message();
  // A clear event put into a sealed timeline is refused, though it would decode.
  std::string clear;
  EncodeEvent(e, EventDetail::kFull, clear);
  s = codec.DecodeEvent(clear, key, back);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("in clear"), std::string::npos) << s.message();
  EXPECT_TRUE(AtRestCodec(nullptr, false).DecodeEvent(clear, key, back).ok());
}

TEST(AtRestCodec, AReaderWithoutTheKeyIsToldWhatIsMissing) {
  AtRestKeyRing ring = Ring(kKeys);
  AtRestCodec writer(&ring, true);
  const Event e = Sample();
  const std::string key = KeyOf(e);
  StoredEvent stored = Stored(writer, e);
  AtRestCodec reader(nullptr, true);
  Event back;
  Status s = reader.DecodeEvent(stored.full, key, back);
  EXPECT_EQ(s.code(), Status::Code::kPermissionDenied);
  EXPECT_NE(s.message().find("at_rest_key"), std::string::npos) << s.message();
  std::string prefix;
  EXPECT_EQ(reader.AppendIndexIdentity("MRN0070007", prefix).code(),
            Status::Code::kPermissionDenied);
  EXPECT_EQ(reader.tokenizer(), nullptr);
}

TEST(AtRestCodec, ARotatedRingSealsWithTheNewKeyReadsTheOldAndKeepsTokens) {
  AtRestKeyRing before = Ring(kKeys);
  auto rotated_text = RotatedKeyFileText(kKeys, "keys");
  ASSERT_TRUE(rotated_text.ok());
  AtRestKeyRing after = Ring(rotated_text.value());
  ASSERT_EQ(after.current().id, 2u);
  const Event e = Sample();
  const std::string key = timeline_keys::EventKey(e.ts, e.sequence);
  StoredEvent old_stored, new_stored;
  AtRestCodec(&before, true).EncodeEvent(e, key, old_stored);
  AtRestCodec codec(&after, true);
  codec.EncodeEvent(e, key, new_stored);
  EXPECT_EQ(new_stored.patient, old_stored.patient) << "index tokens survive a rotation";
  Event back;
  EXPECT_TRUE(codec.DecodeEvent(old_stored.full, key, back).ok());
  EXPECT_TRUE(codec.DecodeEvent(new_stored.full, key, back).ok());
  EXPECT_FALSE(AtRestCodec(&before, true).DecodeEvent(new_stored.full, key, back).ok())
      << "the old ring cannot open what the new key sealed";
}

}  // namespace
}  // namespace phi
