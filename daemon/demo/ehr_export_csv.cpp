// ehr_export.csv rows (see ehr_export_csv.hpp).
#include "daemon/demo/ehr_export_csv.hpp"

namespace phi::demo {

void EhrExportCsv::AppendRow(const Row& row, std::string& out) {
  time_.Append(row.ts, out);
  out += ',';
  out += row.user_id;
  out += ',';
  if (row.mrn != 0) AppendMrn(row.mrn, out);
  out += ',';
  out += ExportActionName(row.action);
  out += ',';
  out += RecordTypeName(row.record_type);
  out += ',';
  out += row.workstation;
  out += ',';
  AppendDecimal(static_cast<uint64_t>(row.record_count), out);
  out += '\n';
}

}  // namespace phi::demo
