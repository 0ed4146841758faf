// Pseudonymisation per sink: before a sink formats an alert record, its Pseudonymiser rewrites
// a copy so that patient identifiers reach that destination in clear, as stable keyed tokens
// (hmac, so a SIEM can still correlate one patient's alerts) or not at all (drop), and so that
// reviewers' free text, the one place names and addresses can appear, is withheld when policy
// says so. The alert's user and the reviewers stay clear: a SIEM must know who did what.
// Immutable after Create: one Pseudonymiser may serve several threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/common/status.hpp"
#include "daemon/event/event.hpp"
#include "daemon/sinks/pseudonym_key.hpp"

namespace phi {

enum class PseudonymMode { kClear, kHmac, kDrop };

// "clear", "hmac" or "drop".
bool ParsePseudonymMode(std::string_view name, PseudonymMode& out);
std::string_view PseudonymModeName(PseudonymMode mode);

struct PseudonymOptions {
  // MRNs: in `patients`, summary, explanation, evidence and reviewers' notes.
  PseudonymMode patients = PseudonymMode::kClear;
  // Names and addresses. Detection never writes them into an alert (no event field carries
  // one); reviewers' notes may, where they cannot be found reliably: hmac and drop both
  // withhold the note.
  PseudonymMode people = PseudonymMode::kClear;
  std::string key_file;  // needed when a mode is hmac; see PseudonymKey::Load
};

class Pseudonymiser {
 public:
  // What drop writes where an MRN stood, and what replaces a withheld note.
  static constexpr std::string_view kPatientMarker = "[patient]";
  static constexpr std::string_view kWithheldNote = "[note withheld: may name a person]";
  // The prefix of a patient token: "pt_" and 16 hex digits.
  static constexpr std::string_view kPatientTokenPrefix = "pt_";

  // Reads and checks the key file when a mode is hmac (errors name the file).
  static Result<Pseudonymiser> Create(const PseudonymOptions& options);

  // Rewrites `record` (a sink's own copy) as the options say; does nothing when !active().
  void Apply(AlertRecord& record) const;
  // The same for an event of the event stream. patients: `patient` becomes its token (hmac) or
  // is emptied (drop), and the MRN is replaced wherever it stands in the statement and in the
  // source's unknown fields (`extra`; withheld whole if it cannot be read). people: `extra` is
  // withheld (unknown fields are where a name or an address could be). The user stays clear.
  // Only the event's own MRN is known: a statement naming other patients' MRNs keeps them.
  void Apply(Event& event) const;

  // False when everything stays clear (the sink can skip the copy).
  bool active() const {
    return patients_ != PseudonymMode::kClear || people_ != PseudonymMode::kClear;
  }

 private:
  Pseudonymiser(PseudonymMode patients, PseudonymMode people,
                std::shared_ptr<const PseudonymKey> key)
      : patients_(patients), people_(people), key_(std::move(key)) {}

  // The token or marker that stands for the MRN `id`.
  std::string PatientPseudonym(std::string_view id) const;

  PseudonymMode patients_;
  PseudonymMode people_;
  std::shared_ptr<const PseudonymKey> key_;  // set when a mode is hmac
};

}  // namespace phi
