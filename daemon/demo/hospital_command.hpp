// `phi-demo-gen hospital`: builds the synthetic hospital or clinic (--profile), checks it and
// writes DIR/context/*.csv, DIR/logs/ehr_access.jsonl, DIR/logs/ehr_export.csv and
// DIR/incidents.jsonl. The same options and seed always give byte-identical files.
#pragma once

#include <string>

#include "daemon/common/status.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// On success `summary` is one line of counts for the operator.
Status GenerateHospital(const HospitalOptions& options, const std::string& out_dir,
                        std::string& summary);

}  // namespace phi::demo
