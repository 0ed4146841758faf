// The `events` subcommand (see event_stream.hpp). phi-json lines are written by hand for speed in
// exactly the shape AppendEventJson produces; every 65536th line is checked against it.
#include "daemon/demo/event_stream.hpp"

#include <memory>

#include "daemon/demo/buffered_output.hpp"
#include "daemon/demo/ehr_export_csv.hpp"
#include "daemon/demo/pgaudit_stream.hpp"
#include "daemon/demo/synthetic_access.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/event/event_json.hpp"

namespace phi::demo {
namespace {

// About 220 bytes a line: the canonical fields an EHR usually logs (no client_ip, no event_id).
class PhiJsonLines {
 public:
  void Append(const SyntheticAccess& a, uint64_t n, std::string& out) {
    size_t begin = out.size();
    out += "{\"ts\":\"";
    time_.Append(a.ts, out);
    out += "\",\"user\":\"";
    AppendUserId(a.user, out);
    out += "\",\"role\":\"";
    out += RoleName(a.role);
    out += "\",\"department\":\"";
    out += DepartmentName(a.department);
    out += "\",\"action\":\"";
    out += ActionName(a.action);
    if (a.mrn != 0) {
      out += "\",\"patient\":\"";
      AppendMrn(a.mrn, out);
    }
    if (a.record_type != RecordType::kNone) {
      out += "\",\"record_type\":\"";
      out += RecordTypeName(a.record_type);
    }
    out += "\",\"record_count\":";
    AppendDecimal(static_cast<uint64_t>(a.record_count), out);
    out += ",\"workstation\":\"";
    AppendWorkstationId(a.department, a.workstation, out);
    out += a.failure ? "\",\"outcome\":\"failure\"}\n" : "\",\"outcome\":\"success\"}\n";
    if ((n & 0xFFFF) == 1) Verify(a, std::string_view(out).substr(begin));
  }

  bool mismatch() const { return mismatch_; }

 private:
  // The hand-written line must be what the canonical writer would produce.
  void Verify(const SyntheticAccess& a, std::string_view line) {
    Event e;
    e.ts = a.ts;
    AppendUserId(a.user, e.user);
    e.role = RoleName(a.role);
    e.department = DepartmentName(a.department);
    e.action = ActionName(a.action);
    if (a.mrn != 0) AppendMrn(a.mrn, e.patient);
    e.record_type = RecordTypeName(a.record_type);
    e.record_count = a.record_count;
    AppendWorkstationId(a.department, a.workstation, e.workstation);
    e.outcome = a.failure ? "failure" : "success";
    std::string expected;
    AppendEventJson(e, EventJsonOptions{.provenance = false}, expected);
    expected += '\n';
    if (expected != line) mismatch_ = true;
  }

  TimeTextCache time_{TimeLayout::kIso};
  bool mismatch_ = false;
};

class EhrCsvLines {
 public:
  void Append(const SyntheticAccess& a, std::string& out) {
    user_id_.clear();
    AppendUserId(a.user, user_id_);
    workstation_.clear();
    AppendWorkstationId(a.department, a.workstation, workstation_);
    csv_.AppendRow({.ts = a.ts,
                    .user_id = user_id_,
                    .mrn = a.mrn,
                    .action = a.action,
                    .record_type = a.record_type,
                    .workstation = workstation_,
                    .record_count = a.record_count},
                   out);
  }

 private:
  EhrExportCsv csv_;
  std::string user_id_;  // scratch
  std::string workstation_;
};

}  // namespace

bool ParseStreamFormat(std::string_view name, StreamFormat& format) {
  if (name == "phi-json") {
    format = StreamFormat::kPhiJson;
  } else if (name == "pgaudit-csvlog") {
    format = StreamFormat::kPgauditCsvlog;
  } else if (name == "pgaudit-stderr") {
    format = StreamFormat::kPgauditStderr;
  } else if (name == "ehr-csv") {
    format = StreamFormat::kEhrCsv;
  } else {
    return false;
  }
  return true;
}

Status WriteEventStream(const StreamOptions& o, std::string& summary) {
  auto created = BufferedOutput::Create(o.out);
  if (!created.ok()) return created.status();
  std::unique_ptr<BufferedOutput> file = std::move(created.value());
  std::string& out = file->buffer();
  SyntheticAccessSource source(o.seed, o.users, o.patients, o.start);
  SyntheticAccess access;
  uint64_t records = 0;
  bool mismatch = false;
  switch (o.format) {
    case StreamFormat::kPhiJson: {
      PhiJsonLines lines;
      for (uint64_t n = 1; n <= o.count; ++n) {
        source.Next(access, false);
        lines.Append(access, n, out);
        file->MaybeFlush();
      }
      records = o.count;
      mismatch = lines.mismatch();
      break;
    }
    case StreamFormat::kEhrCsv: {
      EhrCsvLines lines;
      out += EhrExportCsv::kHeader;
      for (uint64_t n = 1; n <= o.count; ++n) {
        source.Next(access, true);
        lines.Append(access, out);
        file->MaybeFlush();
      }
      records = o.count;
      break;
    }
    case StreamFormat::kPgauditCsvlog:
    case StreamFormat::kPgauditStderr: {
      PgauditStream stream(o.format == StreamFormat::kPgauditCsvlog ? PgauditStream::Shape::kCsvlog
                                                                    : PgauditStream::Shape::kStderr,
                           source);
      for (uint64_t n = 1; n <= o.count; ++n) {
        records += static_cast<uint64_t>(stream.AppendAccess(out));
        file->MaybeFlush();
      }
      break;
    }
  }
  const uint64_t bytes = file->bytes_written();
  Status s = file->Close();
  if (!s.ok()) return s;
  if (mismatch) return Status::Corruption("phi-json fast path differs from AppendEventJson");
  summary = "phi-demo-gen: wrote " + std::to_string(o.count) + " accesses (" +
            std::to_string(records) + " log records, " + std::to_string(bytes) + " bytes) to " +
            o.out;
  return Status::Ok();
}

}  // namespace phi::demo
