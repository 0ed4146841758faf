#include "daemon/ctl/report_builder.hpp"
#include "daemon/integrity/text_encoding.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "daemon/ctl/access_explanation.hpp"

namespace phi {
namespace {

constexpr size_t kPage = 10'000;

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The recipient and purpose among the event's unknown fields (JSON members without braces),
// named in any case: a CSV export's "RECIPIENT" column is kept under that name. One parse.
void RecipientAndPurpose(const Event& event, std::string& recipient, std::string& purpose) {
  recipient.clear();
  purpose.clear();
  if (event.extra.empty()) return;
  simdjson::padded_string json("{" + event.extra + "}");
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS || doc.get_object().get(object)) return;
  for (auto field : object) {
    std::string_view key, value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return;
    std::string* into = SameIgnoringCase(key, "recipient") ? &recipient
                        : SameIgnoringCase(key, "purpose") ? &purpose
                                                           : nullptr;
    if (into != nullptr && field.value().get_string().get(value) == simdjson::SUCCESS)
      into->assign(value);
  }
}

std::string TitleCase(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ' || c == '-' || c == '\'';
  }
  return out;
}

// The feeds give a first name and a last name (kept normalised, lower case, for matching).
std::string FullName(const ContextSnapshot& context, const std::string& name, InternId last_name) {
  std::string last = TitleCase(context.strings().Name(last_name));
  if (name.empty()) return last;
  return last.empty() || name.find(' ') != std::string::npos ? name : name + " " + last;
}

std::string EmployeeName(const ContextSnapshot& context, const EmployeeRecord& e) {
  return FullName(context, e.name, e.last_name);
}

void AddSummary(std::map<std::string, AccessSummaryRow>& by, const std::string& key,
                const AccessRow& row, bool person) {
  AccessSummaryRow& s = by[key];
  if (s.accesses == 0) {
    s.key = key;
    s.first = row.ts;
    if (person) {
      s.name = row.user_name;
      s.role = row.role;
    }
    s.department = row.department;
  }
  ++s.accesses;
  s.first = std::min(s.first, row.ts);
  s.last = std::max(s.last, row.ts);
}

std::vector<AccessSummaryRow> Ranked(std::map<std::string, AccessSummaryRow>& by) {
  std::vector<AccessSummaryRow> out;
  for (auto& [key, row] : by) out.push_back(std::move(row));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.accesses > b.accesses; });
  return out;
}

}  // namespace

bool IsDisclosure(const Event& event, std::string& recipient, std::string& purpose) {
  RecipientAndPurpose(event, recipient, purpose);
  return event.action == "disclose" || event.action == "release" || !recipient.empty();
}

Result<AccessReport> BuildAccessReport(Timeline& timeline, const ContextSnapshot* context,
                                       const ReportRequest& request) {
  AccessReport report;
  const TimeMicros read_at = WallClockNow();
  auto now = [read_at] { return read_at; };
  report.kind = request.kind;
  report.subject = request.subject;
  report.from = request.from;
  report.to = request.to;
  const Timeline::ChainHead head = timeline.chain_head();
  report.integrity.chain_link = head.number;
  report.integrity.chain_hash_hex = LowerHex(head.hash.empty() ? ChainGenesisHash() : head.hash);
  if (context != nullptr) {
    if (request.kind == ReportKind::kUserActivity) {
      if (const EmployeeRecord* e = context->FindEmployee(request.subject))
        report.subject_name = EmployeeName(*context, *e);
    } else if (const PatientRecord* p = context->FindPatient(request.subject)) {
      report.subject_name = FullName(*context, p->name, p->last_name);
    }
  }

  EventQuery query;
  query.by =
      request.kind == ReportKind::kUserActivity ? EventQuery::By::kUser : EventQuery::By::kPatient;
  query.key = request.subject;
  if (request.from != INT64_MIN) query.from = request.from;
  if (request.to != INT64_MAX) query.to = request.to;
  query.newest_first = false;
  query.limit = kPage;
  std::map<std::string, AccessSummaryRow> by_user, by_department;
  EventPage page;
  std::vector<Event> full;
  do {
    Status s = timeline.Query(query, page);
    if (!s.ok()) return s;
    for (const Event& e : page.events) {
      if (report.rows.size() >= request.max_rows) {
        report.truncated = true;
        break;
      }
      AccessRow row;
      if (request.kind == ReportKind::kDisclosures) {
        // Recipient and purpose live in the full event's own fields: a clear timeline's index
        // holds summaries without them, a sealed one's queries return whole events.
        const Event* whole = &e;
        if (e.extra.empty()) {
          full.clear();
          s = timeline.ReadEventsAfter(e.sequence - 1, 1, full);
          if (!s.ok()) return s;
          if (full.empty() || full[0].sequence != e.sequence) continue;
          whole = &full[0];
        }
        if (!IsDisclosure(*whole, row.recipient, row.purpose)) continue;
      }
      row.ts = e.ts;
      row.sequence = e.sequence;
      row.user = e.user;
      row.role = e.role;
      row.department = e.department;
      row.action = e.action;
      row.patient = e.patient;
      row.record_type = e.record_type;
      row.record_count = e.record_count;
      row.workstation = e.workstation;
      row.outcome = e.outcome;
      row.source = e.source;
      if (context != nullptr) {
        if (const EmployeeRecord* emp = context->FindEmployee(e.user)) {
          row.user_name = EmployeeName(*context, *emp);
          if (row.role.empty()) row.role = std::string(context->strings().Name(emp->role));
          if (row.department.empty())
            row.department = std::string(context->strings().Name(emp->department));
        }
        if (request.kind == ReportKind::kUserActivity) {
          if (const PatientRecord* p = context->FindPatient(e.patient))
            row.patient_name = FullName(*context, p->name, p->last_name);
        }
      }
      row.explanation = ExplainAccessInWords(e, context);
      AddSummary(by_user, row.user, row, true);
      if (!row.department.empty()) AddSummary(by_department, row.department, row, false);
      report.rows.push_back(std::move(row));
    }
    query.cursor = page.next_cursor;
  } while (!query.cursor.empty() && !report.truncated);
  // The period as asked, or from the first access shown up to the time of reading.
  if (report.from == INT64_MIN) report.from = report.rows.empty() ? now() : report.rows.front().ts;
  if (report.to == INT64_MAX) report.to = now();
  report.by_user = Ranked(by_user);
  report.by_department = Ranked(by_department);
  return report;
}

}  // namespace phi
