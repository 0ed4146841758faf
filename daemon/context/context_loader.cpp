#include "daemon/context/context_loader.hpp"

#include <cctype>

#include <algorithm>

#include "daemon/context/csv_feed_reader.hpp"
#include "daemon/context/match_key.hpp"

namespace phi {

namespace {

// After this many rows the loader guesses the row count from the bytes read so far and
// reserves once, instead of doubling large vectors (which would briefly hold both copies).
constexpr size_t kSampleRows = 1024;

size_t EstimateRows(const CsvFeedReader& reader, size_t rows_so_far, uint64_t bytes_so_far) {
  if (bytes_so_far == 0) return rows_so_far;
  double per_row = static_cast<double>(bytes_so_far) / static_cast<double>(rows_so_far);
  return static_cast<size_t>(static_cast<double>(reader.file_size()) / per_row * 1.02) + 16;
}

// Interns the match key of `text` (see match_key.hpp), reusing `buffer`.
// Whether `text` ends with the word `word`, ignoring ASCII case.
bool EndsWithWord(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  size_t start = text.size() - word.size();
  if (start > 0 && text[start - 1] != ' ') return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[start + i])) !=
        std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

InternId InternKey(StringInterner& strings, std::string_view text, std::string& buffer) {
  NormalizeMatchKey(text, buffer);
  return strings.Intern(buffer);
}

bool ParseDateCell(CsvFeedReader& reader, std::string_view column, std::string_view cell,
                   TimeMicros& out) {
  if (CsvFeedReader::ParseDate(cell, out)) return true;
  reader.SkipRow(column, "expected an ISO 8601 date (YYYY-MM-DD or RFC 3339)");
  return false;
}

}  // namespace

Status ContextLoader::LoadEmployees(const std::string& path, ContextSnapshot& s,
                                    ContextLoadReport& report) {
  enum Col { kUserId, kName, kLastName, kDepartment, kRole, kAddress, kHired, kTerminated };
  static constexpr FeedColumn kColumns[] = {{"user_id", true}, {"name"},      {"last_name"},
                                            {"department"},    {"role"},      {"address"},
                                            {"hired"},         {"terminated"}};
  auto opened = CsvFeedReader::Open(path, kColumns, report);
  if (!opened.ok()) return opened.status();
  CsvFeedReader& reader = **opened;
  std::string key;
  while (reader.Next()) {
    EmployeeRecord e;
    std::string_view user_id = reader.cell(kUserId);
    if (user_id.empty()) {
      reader.SkipRow("user_id", "required, empty");
      continue;
    }
    if (!ParseDateCell(reader, "hired", reader.cell(kHired), e.hired) ||
        !ParseDateCell(reader, "terminated", reader.cell(kTerminated), e.terminated)) {
      continue;
    }
    const uint64_t hash = FlatStringIndex::Hash(user_id);
    auto key_of = [&s](uint32_t i) { return std::string_view(s.employees_[i].user_id); };
    if (s.employee_by_id_.Find(user_id, hash, key_of) != FlatStringIndex::kNotFound) {
      reader.SkipRow("user_id", "duplicate of an earlier row");
      continue;
    }
    e.user_id = user_id;
    e.name = reader.cell(kName);
    e.last_name = InternKey(s.strings_, reader.cell(kLastName), key);
    e.department = s.strings_.Intern(reader.cell(kDepartment));
    e.role = s.strings_.Intern(reader.cell(kRole));
    e.address = InternKey(s.strings_, reader.cell(kAddress), key);
    const auto index = static_cast<uint32_t>(s.employees_.size());
    s.employees_.push_back(std::move(e));
    // `name` is the full name in some exports and the first name in others.
    std::string full_name(reader.cell(kName));
    std::string_view last_name = reader.cell(kLastName);
    if (!last_name.empty() && !EndsWithWord(full_name, last_name)) {
      full_name += full_name.empty() ? "" : " ";
      full_name += last_name;
    }
    s.employee_full_name_.push_back(InternKey(s.strings_, full_name, key));
    s.employee_by_id_.Insert(hash, index, key_of);
  }
  return reader.status();
}

Status ContextLoader::LoadPatients(const std::string& path, ContextSnapshot& s,
                                   ContextLoadReport& report) {
  enum Col { kMrn, kName, kLastName, kDob, kAddress, kVip, kEmployee, kDeceased, kContacts };
  static constexpr FeedColumn kColumns[] = {
      {"mrn", true},        {"name"},     {"last_name"},    {"dob"}, {"address"}, {"vip"},
      {"employee_user_id"}, {"deceased"}, {"contact_names"}};
  auto opened = CsvFeedReader::Open(path, kColumns, report);
  if (!opened.ok()) return opened.status();
  CsvFeedReader& reader = **opened;
  std::string key;
  size_t rows = 0;
  while (reader.Next()) {
    if (++rows == kSampleRows) {
      size_t estimate = EstimateRows(reader, rows, reader.bytes_read());
      s.patients_.reserve(estimate);
      s.strings_.Reserve(s.strings_.size() + estimate * 2, estimate * 40);
    }
    PatientRecord p;
    std::string_view mrn = reader.cell(kMrn);
    if (mrn.empty()) {
      reader.SkipRow("mrn", "required, empty");
      continue;
    }
    if (!ParseDateCell(reader, "dob", reader.cell(kDob), p.dob) ||
        !ParseDateCell(reader, "deceased", reader.cell(kDeceased), p.deceased)) {
      continue;
    }
    if (!CsvFeedReader::ParseBool(reader.cell(kVip), p.vip)) {
      reader.SkipRow("vip", "expected 1/0, true/false or yes/no");
      continue;
    }
    const uint64_t hash = FlatStringIndex::Hash(mrn);
    auto key_of = [&s](uint32_t i) { return std::string_view(s.patients_[i].mrn); };
    if (s.patient_by_mrn_.Find(mrn, hash, key_of) != FlatStringIndex::kNotFound) {
      reader.SkipRow("mrn", "duplicate of an earlier row");
      continue;
    }
    p.mrn = mrn;
    p.name = reader.cell(kName);
    p.last_name = InternKey(s.strings_, reader.cell(kLastName), key);
    p.address = InternKey(s.strings_, reader.cell(kAddress), key);
    p.employee_user_id = reader.cell(kEmployee);
    std::string_view contacts = reader.cell(kContacts);
    while (!contacts.empty()) {
      size_t semi = contacts.find(';');
      InternId id = InternKey(s.strings_, contacts.substr(0, semi), key);
      if (id != 0 &&
          std::find(p.contact_names.begin(), p.contact_names.end(), id) == p.contact_names.end()) {
        p.contact_names.push_back(id);
      }
      contacts = semi == std::string_view::npos ? std::string_view() : contacts.substr(semi + 1);
    }
    p.contact_names.shrink_to_fit();
    const auto index = static_cast<uint32_t>(s.patients_.size());
    s.patients_.push_back(std::move(p));
    s.patient_by_mrn_.Insert(hash, index, key_of);
  }
  return reader.status();
}

Status ContextLoader::LoadEncounters(const std::string& path, ContextSnapshot& s,
                                     ContextLoadReport& report) {
  enum Col { kMrn, kDepartment, kAttending, kAdmitted, kDischarged };
  static constexpr FeedColumn kColumns[] = {
      {"mrn", true}, {"department"}, {"attending_user_id"}, {"admitted", true}, {"discharged"}};
  auto opened = CsvFeedReader::Open(path, kColumns, report);
  if (!opened.ok()) return opened.status();
  CsvFeedReader& reader = **opened;
  std::vector<EncounterRecord> loaded;
  std::vector<uint32_t> patient_of;
  size_t rows = 0;
  size_t unknown_attending = 0;
  while (reader.Next()) {
    if (++rows == kSampleRows) {
      size_t estimate = EstimateRows(reader, rows, reader.bytes_read());
      loaded.reserve(estimate);
      patient_of.reserve(estimate);
    }
    std::string_view mrn = reader.cell(kMrn);
    if (mrn.empty()) {
      reader.SkipRow("mrn", "required, empty");
      continue;
    }
    EncounterRecord enc;
    if (reader.cell(kAdmitted).empty()) {
      reader.SkipRow("admitted", "required, empty");
      continue;
    }
    if (!ParseDateCell(reader, "admitted", reader.cell(kAdmitted), enc.admitted) ||
        !ParseDateCell(reader, "discharged", reader.cell(kDischarged), enc.discharged)) {
      continue;
    }
    if (enc.discharged != kNoTime && enc.discharged < enc.admitted) {
      reader.SkipRow("discharged", "before admitted");
      continue;
    }
    uint32_t patient = s.PatientIndex(mrn);
    if (patient == UINT32_MAX) {
      reader.SkipRow("mrn", "no such patient in the patients feed");
      continue;
    }
    std::string_view attending = reader.cell(kAttending);
    enc.attending = s.EmployeeIndex(attending);
    if (enc.attending == UINT32_MAX && !attending.empty()) ++unknown_attending;
    enc.department = s.strings_.Intern(reader.cell(kDepartment));
    loaded.push_back(enc);
    patient_of.push_back(patient);
  }
  if (!reader.status().ok()) return reader.status();
  if (unknown_attending > 0) {
    reader.Warn(std::to_string(unknown_attending) +
                " encounters name an attending_user_id that is not in the employees feed; "
                "kept without an attending");
  }

  // Group by patient with one stable counting sort: file order is kept within a patient.
  const size_t patients = s.patients_.size();
  s.encounter_begin_.assign(patients + 1, 0);
  for (uint32_t p : patient_of) ++s.encounter_begin_[p + 1];
  for (size_t i = 0; i < patients; ++i) s.encounter_begin_[i + 1] += s.encounter_begin_[i];
  std::vector<uint32_t> next(s.encounter_begin_.begin(), s.encounter_begin_.end() - 1);
  s.encounters_.resize(loaded.size());
  for (size_t i = 0; i < loaded.size(); ++i) s.encounters_[next[patient_of[i]]++] = loaded[i];
  return Status::Ok();
}

Result<std::shared_ptr<const ContextSnapshot>> ContextLoader::Load(const ContextFeedPaths& paths,
                                                                   const ContextOptions& options,
                                                                   ContextLoadReport& report) {
  auto s = std::make_shared<ContextSnapshot>();
  s->options_ = options;
  if (Status st = LoadEmployees(paths.employees, *s, report); !st.ok()) return st;
  if (Status st = LoadPatients(paths.patients, *s, report); !st.ok()) return st;
  if (Status st = LoadEncounters(paths.encounters, *s, report); !st.ok()) return st;

  InternId max_role = 0;
  for (const EmployeeRecord& e : s->employees_) max_role = std::max(max_role, e.role);
  s->operations_role_.assign(max_role + 1, false);
  for (const std::string& role : options.operations_roles) {
    InternId id = s->strings_.Find(role);
    if (id != 0 && id <= max_role) s->operations_role_[id] = true;
  }
  s->employees_.shrink_to_fit();
  s->employee_full_name_.shrink_to_fit();
  if (s->patients_.capacity() > s->patients_.size() + s->patients_.size() / 8) {
    s->patients_.shrink_to_fit();
  }
  s->strings_.ShrinkToFit();
  return std::shared_ptr<const ContextSnapshot>(std::move(s));
}

}  // namespace phi
