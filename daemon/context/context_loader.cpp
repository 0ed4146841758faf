#include "daemon/context/context_loader.hpp"

#include <cctype>

#include <algorithm>
#include <filesystem>
#include <functional>

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

// "2024-03-01" (a day) rather than "2024-03-01T17:00:00Z" (an instant).
bool IsDateOnly(std::string_view cell) {
  return cell.size() == 10 && cell[4] == '-' && cell[7] == '-';
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
    if (e.terminated != kNoTime && IsDateOnly(reader.cell(kTerminated))) {
      // The last day worked (PRODUCT.md): the account ends when that local day does.
      e.terminated_day = e.terminated / (86400 * kMicrosPerSecond);
      e.terminated = kNoTime;
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
    e.role_class = s.role_classifier_.Classify(reader.cell(kRole), reader.cell(kDepartment));
    e.operations_work = ClassifyOperationsWork(reader.cell(kRole), reader.cell(kDepartment));
    if (std::find(s.options_.operations_roles.begin(), s.options_.operations_roles.end(),
                  reader.cell(kRole)) != s.options_.operations_roles.end()) {
      e.role_class = RoleClass::kOperations;
    }
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

namespace {

// Reads one episode feed (encounters or appointments) into `loaded`, with the patient of each.
// The clinician cell may list several user ids (a care team), separated by ';' or '|': the
// episode is then kept once per listed clinician.
struct EpisodeFeed {
  std::string_view clinician_column;
  std::string_view begin_column;
  std::string_view end_column;  // empty: appointments (a point in time)
};

Status ReadEpisodes(const std::string& path, const EpisodeFeed& feed, StringInterner& strings,
                    ContextLoadReport& report, std::vector<EncounterRecord>& loaded,
                    std::vector<uint32_t>& patient_of,
                    const std::function<uint32_t(std::string_view)>& patient_index,
                    const std::function<uint32_t(std::string_view)>& employee_index) {
  enum Col { kMrn, kDepartment, kClinician, kBegin, kEnd };
  const bool appointments = feed.end_column.empty();
  std::vector<FeedColumn> columns = {
      {"mrn", true}, {"department"}, {feed.clinician_column}, {feed.begin_column, true}};
  if (!appointments) columns.push_back({feed.end_column});
  auto opened = CsvFeedReader::Open(path, columns, report);
  if (!opened.ok()) return opened.status();
  CsvFeedReader& reader = **opened;
  size_t rows = 0;
  size_t unknown_clinician = 0;
  while (reader.Next()) {
    if (++rows == kSampleRows) {
      size_t estimate = loaded.size() + EstimateRows(reader, rows, reader.bytes_read());
      loaded.reserve(estimate);
      patient_of.reserve(estimate);
    }
    std::string_view mrn = reader.cell(kMrn);
    if (mrn.empty()) {
      reader.SkipRow("mrn", "required, empty");
      continue;
    }
    EncounterRecord enc;
    enc.appointment = appointments;
    if (reader.cell(kBegin).empty()) {
      reader.SkipRow(feed.begin_column, "required, empty");
      continue;
    }
    if (!ParseDateCell(reader, feed.begin_column, reader.cell(kBegin), enc.admitted)) continue;
    if (appointments) {
      enc.discharged = enc.admitted;
    } else {
      if (!ParseDateCell(reader, feed.end_column, reader.cell(kEnd), enc.discharged)) continue;
      if (enc.discharged != kNoTime && enc.discharged < enc.admitted) {
        reader.SkipRow(feed.end_column, "before admitted");
        continue;
      }
    }
    uint32_t patient = patient_index(mrn);
    if (patient == UINT32_MAX) {
      reader.SkipRow("mrn", "no such patient in the patients feed");
      continue;
    }
    enc.department = strings.Intern(reader.cell(kDepartment));
    std::string_view clinicians = reader.cell(kClinician);
    bool added = false;
    while (!clinicians.empty()) {
      size_t cut = clinicians.find_first_of(";|");
      std::string_view id = clinicians.substr(0, cut);
      while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
      while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
      clinicians = cut == std::string_view::npos ? std::string_view() : clinicians.substr(cut + 1);
      if (id.empty()) continue;
      EncounterRecord one = enc;
      one.attending = employee_index(id);
      if (one.attending == UINT32_MAX) ++unknown_clinician;
      loaded.push_back(one);
      patient_of.push_back(patient);
      added = true;
    }
    if (!added) {
      loaded.push_back(enc);
      patient_of.push_back(patient);
    }
  }
  if (!reader.status().ok()) return reader.status();
  if (unknown_clinician > 0) {
    reader.Warn(std::to_string(unknown_clinician) + " row(s) name a clinician in " +
                std::string(feed.clinician_column) +
                " who is not in the employees feed; kept without that clinician");
  }
  return Status::Ok();
}

}  // namespace

Status ContextLoader::LoadEpisodes(const ContextFeedPaths& paths, ContextSnapshot& s,
                                   ContextLoadReport& report) {
  std::vector<EncounterRecord> loaded;
  std::vector<uint32_t> patient_of;
  auto patient_index = [&s](std::string_view mrn) { return s.PatientIndex(mrn); };
  auto employee_index = [&s](std::string_view id) { return s.EmployeeIndex(id); };
  Status st = ReadEpisodes(paths.encounters, {"attending_user_id", "admitted", "discharged"},
                           s.strings_, report, loaded, patient_of, patient_index, employee_index);
  if (!st.ok()) return st;
  const size_t encounters = loaded.size();
  if (!paths.appointments.empty()) {
    st = ReadEpisodes(paths.appointments, {"provider_user_id", "scheduled_at", ""}, s.strings_,
                      report, loaded, patient_of, patient_index, employee_index);
    if (!st.ok()) return st;
  }
  s.appointment_count_ = loaded.size() - encounters;

  // Group by patient with one stable counting sort: file order is kept within a patient, and
  // encounters come before appointments.
  const size_t patients = s.patients_.size();
  s.encounter_begin_.assign(patients + 1, 0);
  for (uint32_t p : patient_of) ++s.encounter_begin_[p + 1];
  for (size_t i = 0; i < patients; ++i) s.encounter_begin_[i + 1] += s.encounter_begin_[i];
  std::vector<uint32_t> next(s.encounter_begin_.begin(), s.encounter_begin_.end() - 1);
  s.encounters_.resize(loaded.size());
  for (size_t i = 0; i < loaded.size(); ++i) s.encounters_[next[patient_of[i]]++] = loaded[i];

  // Which departments hold episodes, and which serve every other department's patients.
  s.department_flags_.assign(s.strings_.size(), 0);
  for (const EncounterRecord& enc : s.encounters_) {
    if (enc.department != 0) s.department_flags_[enc.department] |= ContextSnapshot::kHolds;
  }
  std::vector<uint32_t> staff(s.department_flags_.size(), 0);
  uint32_t people = 0;
  for (const EmployeeRecord& e : s.employees_) {
    if (e.role_class == RoleClass::kService) continue;
    ++people;
    if (e.department != 0) ++staff[e.department];
  }
  for (size_t d = 1; d < staff.size(); ++d) {
    if (people >= 2 && staff[d] * 2 >= people) s.department_flags_[d] |= ContextSnapshot::kWhole;
  }
  for (const EmployeeRecord& e : s.employees_) {
    if (e.department == 0) continue;
    uint8_t& flags = s.department_flags_[e.department];
    if (!(flags & ContextSnapshot::kHolds) ||
        ContainsAnyWords(s.strings_.Name(e.department), s.options_.service_department_words)) {
      flags |= ContextSnapshot::kService;
    }
  }
  return Status::Ok();
}

ContextFeedPaths ContextFeedPaths::InFolder(const std::string& dir) {
  std::filesystem::path d(dir);
  ContextFeedPaths paths{(d / "employees.csv").string(), (d / "patients.csv").string(),
                         (d / "encounters.csv").string(), ""};
  std::error_code ec;
  if (std::filesystem::exists(d / "appointments.csv", ec))
    paths.appointments = (d / "appointments.csv").string();
  return paths;
}

Result<std::shared_ptr<const ContextSnapshot>> ContextLoader::Load(const ContextFeedPaths& paths,
                                                                   const ContextOptions& options,
                                                                   ContextLoadReport& report) {
  auto s = std::make_shared<ContextSnapshot>();
  s->options_ = options;
  s->role_classifier_ = RoleClassifier(options.role_classes);
  if (Status st = LoadEmployees(paths.employees, *s, report); !st.ok()) return st;
  if (Status st = LoadPatients(paths.patients, *s, report); !st.ok()) return st;
  if (Status st = LoadEpisodes(paths, *s, report); !st.ok()) return st;
  s->employees_.shrink_to_fit();
  s->employee_full_name_.shrink_to_fit();
  if (s->patients_.capacity() > s->patients_.size() + s->patients_.size() / 8) {
    s->patients_.shrink_to_fit();
  }
  s->strings_.ShrinkToFit();
  return std::shared_ptr<const ContextSnapshot>(std::move(s));
}

}  // namespace phi
