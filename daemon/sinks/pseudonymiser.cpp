#include "daemon/sinks/pseudonymiser.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "daemon/sinks/json_string_rewrite.hpp"
#include "daemon/sinks/term_replacer.hpp"

namespace phi {
namespace {

constexpr std::array<std::string_view, 3> kModeNames = {"clear", "hmac", "drop"};

// The domain of patient tokens: HMAC input is "patient:" + MRN.
constexpr std::string_view kPatientDomain = "patient";

// Evidence members whose whole value identifies the patient (the event's MRN, and the patient's
// employee id when a rule reads it: with the user in clear, it would name the coworker).
constexpr std::array<std::string_view, 3> kPatientKeys = {"patient", "patient_outside_care",
                                                          "patient.employee_user_id"};
// Of those, the ones holding an MRN, which may then appear in the sentences too.
constexpr std::array<std::string_view, 2> kMrnKeys = {"patient", "patient_outside_care"};

constexpr std::string_view kWithheldEvidence =
    R"({"withheld":"the evidence could not be read for pseudonymisation"})";

bool OneOf(std::string_view key, std::span<const std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The alert's MRNs: its patients, and the event's MRN from the evidence in case a cap on the
// patients list or an older stored alert left it out of the list.
std::vector<std::string> MrnsOf(const Alert& alert) {
  std::vector<std::string> mrns = alert.patients;
  if (alert.evidence.empty()) return mrns;
  std::string unused;
  RewriteJsonStrings(
      alert.evidence,
      [&](std::string_view key, std::string_view value) {
        if (OneOf(key, kMrnKeys) && !value.empty() &&
            std::find(mrns.begin(), mrns.end(), value) == mrns.end()) {
          mrns.emplace_back(value);
        }
        return std::string();
      },
      unused);
  return mrns;
}

// A reviewer's text: a free-text note, unless the change is one whose text is an assignee
// (an employee or OS user) or a fixed resolution word.
bool TextIsFreeText(const AlertRecord& record) {
  return record.change != "assigned" && record.change != "resolved";
}

}  // namespace

bool ParsePseudonymMode(std::string_view name, PseudonymMode& out) {
  for (size_t i = 0; i < kModeNames.size(); ++i) {
    if (kModeNames[i] == name) {
      out = static_cast<PseudonymMode>(i);
      return true;
    }
  }
  return false;
}

std::string_view PseudonymModeName(PseudonymMode mode) {
  return kModeNames[static_cast<size_t>(mode)];
}

Result<Pseudonymiser> Pseudonymiser::Create(const PseudonymOptions& options) {
  std::shared_ptr<const PseudonymKey> key;
  if (options.patients == PseudonymMode::kHmac || options.people == PseudonymMode::kHmac) {
    if (options.key_file.empty()) {
      return Status::Invalid("pseudonymisation mode hmac needs a key_file (a file of at least " +
                             std::to_string(PseudonymKey::kMinBytes) +
                             " random bytes, mode 0600: umask 077; openssl rand -hex 32 > FILE)");
    }
    auto loaded = PseudonymKey::Load(options.key_file);
    if (!loaded.ok()) return loaded.status();
    key = std::make_shared<const PseudonymKey>(std::move(loaded.value()));
  }
  return Pseudonymiser(options.patients, options.people, std::move(key));
}

std::string Pseudonymiser::PatientPseudonym(std::string_view id) const {
  if (patients_ == PseudonymMode::kHmac)
    return key_->Token(kPatientTokenPrefix, kPatientDomain, id);
  return std::string(kPatientMarker);
}

void Pseudonymiser::Apply(AlertRecord& record) const {
  if (!active()) return;
  Alert& alert = record.alert;
  TermReplacer mrns;
  if (patients_ != PseudonymMode::kClear) {
    for (const std::string& id : MrnsOf(alert)) mrns.Add(id, PatientPseudonym(id));
    alert.summary = mrns.Replace(alert.summary);
    alert.explanation = mrns.Replace(alert.explanation);
    if (!alert.evidence.empty()) {
      std::string evidence;
      const bool rewritten = RewriteJsonStrings(
          alert.evidence,
          [&](std::string_view key, std::string_view value) {
            if (OneOf(key, kPatientKeys) && !value.empty()) return PatientPseudonym(value);
            return mrns.Replace(value);
          },
          evidence);
      // Evidence that cannot be read cannot be cleaned: it does not leave.
      alert.evidence = rewritten ? std::move(evidence) : std::string(kWithheldEvidence);
    }
    if (patients_ == PseudonymMode::kDrop) {
      alert.patients.clear();
    } else {
      for (std::string& id : alert.patients) id = PatientPseudonym(id);
    }
  }
  auto free_text = [&](std::string& text) {
    if (text.empty()) return;
    text = people_ != PseudonymMode::kClear ? std::string(kWithheldNote) : mrns.Replace(text);
  };
  free_text(record.note);
  if (TextIsFreeText(record)) free_text(record.text);
}

void Pseudonymiser::Apply(Event& event) const {
  if (!active()) return;
  if (people_ != PseudonymMode::kClear) event.extra.clear();
  if (patients_ == PseudonymMode::kClear || event.patient.empty()) return;
  TermReplacer mrns;
  mrns.Add(event.patient, PatientPseudonym(event.patient));
  if (!event.statement.empty()) event.statement = mrns.Replace(event.statement);
  if (!event.extra.empty()) {
    const std::string object = "{" + event.extra + "}";
    std::string rewritten;
    const bool ok = RewriteJsonStrings(
        object,
        [&](std::string_view key, std::string_view value) {
          if (OneOf(key, kMrnKeys) && !value.empty()) return PatientPseudonym(value);
          return mrns.Replace(value);
        },
        rewritten);
    // Fields that cannot be read cannot be cleaned: they do not leave.
    event.extra = ok && rewritten.size() >= 2 ? rewritten.substr(1, rewritten.size() - 2) : "";
  }
  if (patients_ == PseudonymMode::kDrop) {
    event.patient.clear();
  } else {
    event.patient = PatientPseudonym(event.patient);
  }
}

}  // namespace phi
