// Pseudonymisation per sink: the key file's checks, stable HMAC tokens, drop markers, evidence
// that stays valid JSON, reviewers' notes withheld, and, on alerts the default rule pack raises
// from the fixture context, no MRN, name or address left in the JSON a sink would send.
#include "daemon/sinks/pseudonymiser.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "daemon/context/context_loader.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/detection/rule_loader.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;
using testing::SourcePath;
using testing::WriteFile;

constexpr std::string_view kSecret = "test key: 32 bytes or more, 0123456789";
constexpr std::string_view kOtherSecret = "another key, also 32 bytes or more....";

std::string WriteKey(const ScratchDir& dir, std::string_view name, std::string_view secret,
                     mode_t mode = 0600) {
  std::string path = (dir / name).string();
  WriteFile(path, secret);
  ::chmod(path.c_str(), mode);
  return path;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string RecordJson(const AlertRecord& record) {
  std::string out;
  AppendAlertRecordJson(record, out);
  return out;
}

bool IsValidJson(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse(simdjson::padded_string(text)).get(root) == simdjson::SUCCESS;
}

// A family-member alert as the default rule pack writes it (shortened), its MRN everywhere
// detection puts one: patients, summary, explanation, and evidence fields.
AlertRecord FamilyAlert() {
  AlertRecord r;
  r.position = 7;
  r.change = "created";
  r.at = *ParseIsoTime("2026-11-02T11:10:05Z");
  r.by = kDetectionActor;
  Alert& a = r.alert;
  a.alert_id = "2-family_member_access";
  a.rule_id = "family_member_access";
  a.severity = Severity::kHigh;
  a.ts = a.last_ts = *ParseIsoTime("2026-11-02T11:10:00Z");
  a.user = "u_clerk";
  a.patients = {"MRN0000003"};
  a.summary =
      "u_clerk opened the record of MRN0000003, who shares the user's last name and address, "
      "with no care relationship";
  a.explanation =
      "The user shares last name and address with the patient, and no explanation holds. "
      "u_clerk (clerk, Registration) opened the record of MRN0000003, at 2026-11-02 11:10 UTC. "
      "Risk factor: the user shares the patient's last name and address (family). "
      "No explanation holds. Checked: (1) the patient has no encounter or appointment on file, "
      "with u_clerk or anyone";
  a.evidence =
      R"({"rule":"family_member_access","kind":"event","condition":"person_patient_attempt and )"
      R"(same_last_name and same_address and not self_access and unexplained","fields":)"
      R"({"user":"u_clerk","patient":"MRN0000003","same_last_name":true,"same_address":true,)"
      R"("user_patient":"u_clerk:MRN0000003","record_count":1},"explanation":"none",)"
      R"("explanation_strength":"none","baseline":{"used_median":2.0,"factor":1.5e0}})";
  a.event_ids = {2};
  a.tags = {"scenario:family"};
  return r;
}

Pseudonymiser Make(PseudonymMode patients, PseudonymMode people, std::string key_file = "") {
  auto made = Pseudonymiser::Create({patients, people, std::move(key_file)});
  EXPECT_TRUE(made.ok()) << made.status().message();
  return std::move(made.value());
}

// --- the key file ----------------------------------------------------------------------------

TEST(PseudonymKey, APrivateKeyFileOfThisUserIsRead) {
  ScratchDir dir;
  for (mode_t mode : {0600, 0400}) {
    auto key = PseudonymKey::Load(WriteKey(dir, "key", kSecret, mode));
    ASSERT_TRUE(key.ok()) << key.status().message();
    EXPECT_EQ(key.value().Token("pt_", "patient", "MRN0000003"), "pt_2147e23ad436415b");
    ::chmod((dir / "key").c_str(), 0600);
  }
}

TEST(PseudonymKey, AFileGroupOrOthersMayReadIsRefused) {
  ScratchDir dir;
  for (mode_t mode : {0644, 0640, 0604, 0660}) {
    const std::string path = WriteKey(dir, "key", kSecret, mode);
    auto key = PseudonymKey::Load(path);
    ASSERT_FALSE(key.ok()) << "mode " << mode;
    EXPECT_TRUE(Contains(key.status().message(), path)) << key.status().message();
    EXPECT_TRUE(Contains(key.status().message(), "lets group or others use it; chmod 600"))
        << key.status().message();
  }
  auto key = PseudonymKey::Load(WriteKey(dir, "key", kSecret, 0644));
  EXPECT_TRUE(Contains(key.status().message(), "mode 0644")) << key.status().message();
}

TEST(PseudonymKey, ASymbolicLinkIsRefusedEvenToAGoodKey) {
  ScratchDir dir;
  WriteKey(dir, "real-key", kSecret);
  std::filesystem::create_symlink(dir / "real-key", dir / "key");
  auto key = PseudonymKey::Load((dir / "key").string());
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), (dir / "key").string()));
  EXPECT_TRUE(Contains(key.status().message(), "symbolic link")) << key.status().message();
}

TEST(PseudonymKey, AShortKeyIsRefusedTrailingNewlinesDoNotCount) {
  ScratchDir dir;
  const std::string short_key(31, 'k');
  for (const std::string& text : {short_key, short_key + "\n", short_key + "\r\n\n"}) {
    const std::string path = WriteKey(dir, "key", text);
    auto key = PseudonymKey::Load(path);
    ASSERT_FALSE(key.ok());
    EXPECT_TRUE(Contains(key.status().message(), path + ": refusing the pseudonym key file: it "
                                                        "holds 31 bytes, a key needs at least 32"))
        << key.status().message();
  }
  EXPECT_TRUE(PseudonymKey::Load(WriteKey(dir, "key", std::string(32, 'k'))).ok());
  EXPECT_FALSE(PseudonymKey::Load(WriteKey(dir, "key", std::string(5000, 'k'))).ok());
}

TEST(PseudonymKey, AMissingFileIsNamedWithHowToCreateOne) {
  ScratchDir dir;
  const std::string path = (dir / "missing.key").string();
  auto key = PseudonymKey::Load(path);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(key.status().message(), path + ": cannot open the pseudonym key file: No "
                                                      "such file or directory"))
      << key.status().message();
  EXPECT_TRUE(Contains(key.status().message(), "openssl rand -hex 32 > " + path));
}

TEST(PseudonymKey, ADirectoryIsNotAKeyFile) {
  ScratchDir dir;
  std::filesystem::create_directory(dir / "keys");
  ::chmod((dir / "keys").c_str(), 0700);
  auto key = PseudonymKey::Load((dir / "keys").string());
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), "not a regular file")) << key.status().message();
}

TEST(PseudonymKey, AFileOfAnotherUserIsRefused) {
  ScratchDir dir;
  const std::string path = WriteKey(dir, "key", kSecret);
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  auto key = PseudonymKey::Load(path);
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(Contains(key.status().message(), "owned by uid 65534, not by this user"))
      << key.status().message();
}

TEST(PseudonymKey, AFinalNewlineDoesNotChangeTheTokens) {
  ScratchDir dir;
  auto bare = PseudonymKey::Load(WriteKey(dir, "a", kSecret));
  auto with_newline = PseudonymKey::Load(WriteKey(dir, "b", std::string(kSecret) + "\n"));
  ASSERT_TRUE(bare.ok() && with_newline.ok());
  EXPECT_EQ(bare.value().Token("pt_", "patient", "MRN1"),
            with_newline.value().Token("pt_", "patient", "MRN1"));
}

// --- tokens ----------------------------------------------------------------------------------

// The golden value is `printf 'patient:MRN0000003' | openssl dgst -sha256 -hmac "$key"`, cut to
// 8 bytes: a change here would break every SIEM's correlation with earlier alerts.
TEST(PseudonymToken, IsTheStartOfHmacSha256OverTheDomainAndValue) {
  const PseudonymKey key = PseudonymKey::FromSecret(std::string(kSecret));
  EXPECT_EQ(key.Token("pt_", "patient", "MRN0000003"), "pt_2147e23ad436415b");
  EXPECT_EQ(key.Token("pt_", "patient", "MRN0000003"), key.Token("pt_", "patient", "MRN0000003"));
}

TEST(PseudonymToken, DifferentKeysValuesOrDomainsGiveDifferentTokens) {
  const PseudonymKey key = PseudonymKey::FromSecret(std::string(kSecret));
  const PseudonymKey other = PseudonymKey::FromSecret(std::string(kOtherSecret));
  const std::string token = key.Token("pt_", "patient", "MRN0000003");
  EXPECT_NE(token, other.Token("pt_", "patient", "MRN0000003"));
  EXPECT_NE(token, key.Token("pt_", "patient", "MRN0000004"));
  EXPECT_NE(token.substr(3), key.Token("nm_", "name", "MRN0000003").substr(3));
}

TEST(PseudonymMode, ParsesClearHmacAndDrop) {
  PseudonymMode mode = PseudonymMode::kClear;
  EXPECT_TRUE(ParsePseudonymMode("hmac", mode));
  EXPECT_EQ(mode, PseudonymMode::kHmac);
  EXPECT_TRUE(ParsePseudonymMode("drop", mode));
  EXPECT_EQ(mode, PseudonymMode::kDrop);
  EXPECT_TRUE(ParsePseudonymMode("clear", mode));
  EXPECT_EQ(mode, PseudonymMode::kClear);
  EXPECT_FALSE(ParsePseudonymMode("HMAC", mode));
  EXPECT_FALSE(ParsePseudonymMode("", mode));
  EXPECT_EQ(PseudonymModeName(PseudonymMode::kDrop), "drop");
}

// --- the pseudonymiser -----------------------------------------------------------------------

TEST(Pseudonymiser, HmacNeedsAGoodKeyFileDropDoesNot) {
  auto no_key = Pseudonymiser::Create({PseudonymMode::kHmac, PseudonymMode::kClear, ""});
  ASSERT_FALSE(no_key.ok());
  EXPECT_TRUE(Contains(no_key.status().message(), "hmac needs a key_file"));
  ScratchDir dir;
  const std::string path = WriteKey(dir, "key", kSecret, 0644);
  auto loose = Pseudonymiser::Create({PseudonymMode::kClear, PseudonymMode::kHmac, path});
  ASSERT_FALSE(loose.ok());
  EXPECT_TRUE(Contains(loose.status().message(), path));
  EXPECT_TRUE(Pseudonymiser::Create({PseudonymMode::kDrop, PseudonymMode::kDrop, ""}).ok());
}

TEST(Pseudonymiser, ClearChangesNothing) {
  const Pseudonymiser clear = Make(PseudonymMode::kClear, PseudonymMode::kClear);
  EXPECT_FALSE(clear.active());
  AlertRecord record = FamilyAlert();
  record.note = "called MRN0000003's ward";
  const std::string before = RecordJson(record);
  clear.Apply(record);
  EXPECT_EQ(RecordJson(record), before);
}

TEST(Pseudonymiser, HmacGivesOneStableTokenPerPatientEverywhere) {
  ScratchDir dir;
  const std::string key = WriteKey(dir, "key", kSecret);
  AlertRecord record = FamilyAlert();
  Make(PseudonymMode::kHmac, PseudonymMode::kClear, key).Apply(record);
  const std::string token = "pt_2147e23ad436415b";
  EXPECT_EQ(record.alert.patients, std::vector<std::string>{token});
  EXPECT_EQ(record.alert.summary,
            "u_clerk opened the record of " + token +
                ", who shares the user's last name and address, with no care relationship");
  EXPECT_TRUE(Contains(record.alert.explanation, "opened the record of " + token + ", at"));
  EXPECT_TRUE(Contains(record.alert.evidence, "\"patient\":\"" + token + "\""));
  EXPECT_TRUE(Contains(record.alert.evidence, "\"user_patient\":\"u_clerk:" + token + "\""));
  EXPECT_EQ(record.alert.user, "u_clerk");  // the SIEM needs to know who

  // Another Pseudonymiser from the same key file (a restart) writes the same record.
  AlertRecord again = FamilyAlert();
  Make(PseudonymMode::kHmac, PseudonymMode::kClear, key).Apply(again);
  EXPECT_EQ(RecordJson(again), RecordJson(record));

  // Another key, other tokens.
  AlertRecord other = FamilyAlert();
  Make(PseudonymMode::kHmac, PseudonymMode::kClear, WriteKey(dir, "other", kOtherSecret))
      .Apply(other);
  ASSERT_EQ(other.alert.patients.size(), 1u);
  EXPECT_NE(other.alert.patients[0], token);
  EXPECT_TRUE(other.alert.patients[0].starts_with("pt_"));
  EXPECT_EQ(other.alert.patients[0].size(), token.size());
}

TEST(Pseudonymiser, DropEmptiesPatientsAndMarksWhereTheMrnStood) {
  AlertRecord record = FamilyAlert();
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_TRUE(record.alert.patients.empty());
  EXPECT_EQ(record.alert.summary,
            "u_clerk opened the record of [patient], who shares the user's last name and "
            "address, with no care relationship");
  EXPECT_TRUE(Contains(record.alert.explanation, "opened the record of [patient], at"));
  EXPECT_TRUE(Contains(record.alert.evidence, R"("patient":"[patient]")"));
  EXPECT_TRUE(Contains(record.alert.evidence, R"("user_patient":"u_clerk:[patient]")"));
}

TEST(Pseudonymiser, EvidenceStaysValidJsonWithItsNumbersAsWritten) {
  AlertRecord record = FamilyAlert();
  // An MRN that needs escaping in JSON, and non-ASCII text beside it.
  const std::string odd = "MRN\"7\\b";
  record.alert.patients = {odd};
  record.alert.evidence = R"({"fields":{"patient":"MRN\"7\\b","note":"für MRN\"7\\b, ok"},)"
                          R"("values":[1, -2.50, 1e3, true, null, "MRN\"7\\b"],"empty":{}})";
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_EQ(record.alert.evidence,
            R"({"fields":{"patient":"[patient]","note":"für [patient], ok"},)"
            R"("values":[1,-2.50,1e3,true,null,"[patient]"],"empty":{}})");
  EXPECT_TRUE(IsValidJson(record.alert.evidence));
  EXPECT_TRUE(IsValidJson(RecordJson(record)));
}

TEST(Pseudonymiser, EvidenceThatCannotBeReadIsWithheld) {
  AlertRecord record = FamilyAlert();
  record.alert.evidence = R"({"fields":{"patient":"MRN0000003"})";  // one brace short
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_FALSE(Contains(record.alert.evidence, "MRN0000003"));
  EXPECT_TRUE(Contains(record.alert.evidence, "withheld"));
  EXPECT_TRUE(IsValidJson(RecordJson(record)));
}

// An alert stored before detection listed every MRN its words name: the evidence still says
// which patient the event was about.
TEST(Pseudonymiser, AnMrnOnlyTheEvidenceNamesIsReplacedInTheSentencesToo) {
  AlertRecord record = FamilyAlert();
  record.alert.patients.clear();
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_FALSE(Contains(RecordJson(record), "MRN0000003")) << RecordJson(record);
}

TEST(Pseudonymiser, ThePatientsEmployeeIdIsReplacedTheUserIsNot) {
  AlertRecord record = FamilyAlert();
  record.alert.evidence =
      R"({"fields":{"user":"u_clerk","patient":"MRN0000003","patient.employee_user_id":"u_nurse"}})";
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_EQ(record.alert.evidence,
            R"({"fields":{"user":"u_clerk","patient":"[patient]","patient.employee_user_id":)"
            R"("[patient]"}})");
  EXPECT_TRUE(record.alert.summary.starts_with("u_clerk opened"));
}

TEST(Pseudonymiser, OnlyWholeIdentifiersAreReplacedTheLongestFirstInAnyCase) {
  AlertRecord record = FamilyAlert();
  record.alert.patients = {"123", "0012", "0012-A"};
  record.alert.summary =
      "123 and (123), u7:123 and 123's, not 91234, 1234 or MRN123; 0012-A, 0012 and mrn0000003";
  record.alert.patients.push_back("MRN0000003");
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_EQ(record.alert.summary,
            "[patient] and ([patient]), u7:[patient] and [patient]'s, not 91234, 1234 or MRN123; "
            "[patient], [patient] and [patient]");

  ScratchDir dir;
  AlertRecord hmac = FamilyAlert();
  hmac.alert.patients = {"0012", "0012-A"};
  hmac.alert.summary = "0012-A then 0012";
  Make(PseudonymMode::kHmac, PseudonymMode::kClear, WriteKey(dir, "key", kSecret)).Apply(hmac);
  const PseudonymKey key = PseudonymKey::FromSecret(std::string(kSecret));
  EXPECT_EQ(hmac.alert.summary,
            key.Token("pt_", "patient", "0012-A") + " then " + key.Token("pt_", "patient", "0012"));
}

TEST(Pseudonymiser, ReviewersNotesAreWithheldWhenPeopleAreNotClear) {
  for (PseudonymMode people : {PseudonymMode::kHmac, PseudonymMode::kDrop}) {
    ScratchDir dir;
    AlertRecord record = FamilyAlert();
    record.change = "noted";
    record.text = "Jo Miller's daughter (5 Birch Ln) asked; MRN0000003 is her mother";
    record.note = "Sam Miller says she was covering for a colleague";
    Make(PseudonymMode::kClear, people, WriteKey(dir, "key", kSecret)).Apply(record);
    EXPECT_EQ(record.text, Pseudonymiser::kWithheldNote);
    EXPECT_EQ(record.note, Pseudonymiser::kWithheldNote);
    EXPECT_EQ(record.alert.patients, std::vector<std::string>{"MRN0000003"});  // patients: clear
  }
}

TEST(Pseudonymiser, NotesKeepTheirWordsButNotTheirMrnsWhenPeopleAreClear) {
  AlertRecord record = FamilyAlert();
  record.change = "resolved";
  record.text = "false_positive";
  record.note = "checked with the ward: MRN0000003 was on her list";
  record.alert.assignee = "u_privacy";
  record.alert.resolution = "false_positive";
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(record);
  EXPECT_EQ(record.note, "checked with the ward: [patient] was on her list");
  EXPECT_EQ(record.text, "false_positive");
  EXPECT_EQ(record.alert.assignee, "u_privacy");

  AlertRecord assigned = FamilyAlert();
  assigned.change = "assigned";
  assigned.text = "u_privacy";
  Make(PseudonymMode::kDrop, PseudonymMode::kDrop).Apply(assigned);
  EXPECT_EQ(assigned.text, "u_privacy");  // who works on it, not free text
}

// --- on alerts the default rule pack raises ----------------------------------------------------

// The relationship scenarios of rules/patient_relationship.yaml (coworker, family, neighbour,
// self, listed contact, VIP) on the fixture context, as records a sink would get.
std::vector<AlertRecord> RelationshipAlerts() {
  RuleLoadResult loaded = LoadRuleDirectory(SourcePath("rules").string());
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front();
  ContextLoadReport report;
  auto context =
      ContextLoader::Load(ContextFeedPaths::InFolder(SourcePath("rules/tests/context").string()),
                          ContextOptions(), report);
  EXPECT_TRUE(context.ok()) << context.status().message();
  if (!loaded.rules || !context.ok()) return {};
  DetectionEngine engine(loaded.rules, DetectionSettings());
  const std::vector<std::pair<std::string, std::string>> accesses = {
      {"u_nurse_card", "MRN0000002"}, {"u_clerk", "MRN0000003"},
      {"u_nurse_card", "MRN0000004"}, {"u_doc_onc", "MRN0000005"},
      {"u_nurse_card", "MRN0000006"}, {"u_nurse_card", "MRN0000019"}};
  std::vector<AlertChange> changes;
  uint64_t sequence = 0;
  for (const auto& [user, patient] : accesses) {
    Event e;
    e.ts = *ParseIsoTime("2026-11-02T11:00:00Z") +
           static_cast<TimeMicros>(sequence) * 600 * kMicrosPerSecond;
    e.user = user;
    e.patient = patient;
    e.action = "view";
    e.record_type = "clinical_note";
    e.outcome = "success";
    e.source = "test";
    e.sequence = ++sequence;
    engine.Process(e, context.value().get(), changes);
  }
  std::vector<AlertRecord> records;
  for (auto& change : changes) {
    AlertRecord r;
    r.position = records.size() + 1;
    r.change = change.created ? "created" : "grew";
    r.by = kDetectionActor;
    r.alert = std::move(change.alert);
    records.push_back(std::move(r));
  }
  return records;
}

// Everything that names the patients (and the employees beside them) in the fixture feeds.
const std::vector<std::string> kMrns = {"MRN0000002", "MRN0000003", "MRN0000004",
                                        "MRN0000005", "MRN0000006", "MRN0000019"};
const std::vector<std::string> kNamesAndAddresses = {
    "Okafor",  "Miller", "Lopez",  "Chen",   "Stone",   "Rivera",  "Vic Vip", "Sam ",
    "Pine Rd", "Birch",  "elm st", "Elm St", "Oak Ave", "Lake Dr", "Star Rd", "Ana "};

TEST(PseudonymiserOnRuleAlerts, DetectionWritesNoNameOrAddressIntoAnAlert) {
  const std::vector<AlertRecord> records = RelationshipAlerts();
  std::set<std::string> rules;
  for (const auto& r : records) rules.insert(r.alert.rule_id);
  for (const char* rule :
       {"coworker_unexplained_access", "family_member_access", "neighbour_access",
        "self_record_access", "listed_contact_access", "vip_unexplained_access"}) {
    EXPECT_TRUE(rules.count(rule)) << rule << " raised no alert: the scenario no longer holds";
  }
  for (const auto& r : records) {
    const std::string json = RecordJson(r);
    for (const std::string& term : kNamesAndAddresses)
      EXPECT_FALSE(Contains(json, term)) << "'" << term << "' in " << json;
  }
}

TEST(PseudonymiserOnRuleAlerts, NoMrnIsLeftInTheJsonWithHmacOrDrop) {
  ScratchDir dir;
  const std::string key = WriteKey(dir, "key", kSecret);
  const std::vector<AlertRecord> records = RelationshipAlerts();
  ASSERT_GE(records.size(), 6u);
  // Without pseudonymisation the MRNs are there: the check below can fail.
  std::string clear;
  for (const auto& r : records) clear += RecordJson(r);
  for (const std::string& mrn : kMrns) EXPECT_TRUE(Contains(clear, mrn)) << mrn;

  for (PseudonymMode mode : {PseudonymMode::kHmac, PseudonymMode::kDrop}) {
    const Pseudonymiser pseudonymiser = Make(mode, mode, key);
    for (AlertRecord r : records) {
      pseudonymiser.Apply(r);
      const std::string json = RecordJson(r);
      EXPECT_TRUE(IsValidJson(json)) << json;
      EXPECT_TRUE(IsValidJson(r.alert.evidence)) << r.alert.evidence;
      for (const std::string& mrn : kMrns) {
        EXPECT_FALSE(Contains(json, mrn))
            << PseudonymModeName(mode) << ": " << mrn << " in " << json;
        EXPECT_FALSE(Contains(json, mrn.substr(3))) << "the number of " << mrn << " in " << json;
      }
      EXPECT_TRUE(Contains(json, "\"user\":\"" + r.alert.user + "\""));
      if (mode == PseudonymMode::kHmac) {
        EXPECT_TRUE(Contains(json, "\"patients\":[\"pt_")) << json;
      } else {
        EXPECT_TRUE(Contains(json, "\"patients\":[]")) << json;
      }
    }
  }
}

}  // namespace
}  // namespace phi
