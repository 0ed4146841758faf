// ehr_export.csv, the EHR's audit export of the lab & imaging viewer: its header and row layout,
// in one place for the hospital's logs/ehr_export.csv and the `events --format ehr-csv` stream.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/demo/demo_vocabulary.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {

class EhrExportCsv {
 public:
  static constexpr std::string_view kHeader =
      "ACCESS_TIME,USER_ID,PAT_MRN_ID,ACCESS_ACTION,METRIC_NAME,WORKSTATION_ID,ROW_COUNT\n";

  struct Row {
    TimeMicros ts = 0;
    std::string_view user_id;
    uint32_t mrn = 0;  // 0: no single patient, PAT_MRN_ID left empty
    Action action = Action::kView;
    RecordType record_type = RecordType::kNone;
    std::string_view workstation;
    int32_t record_count = 1;
  };

  // Appends one line.
  void AppendRow(const Row& row, std::string& out);

 private:
  TimeTextCache time_{TimeLayout::kUsSeconds};  // ACCESS_TIME, in UTC
};

}  // namespace phi::demo
