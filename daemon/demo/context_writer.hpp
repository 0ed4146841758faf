// Writes the hospital's context feeds in the CSV shapes of PRODUCT.md: employees.csv,
// patients.csv (with contact_names), encounters.csv and appointments.csv, into one folder.
#pragma once

#include <string>

#include "daemon/common/status.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// REQUIRES: `dir` exists.
Status WriteContextFeeds(const Hospital& hospital, const std::string& dir);

}  // namespace phi::demo
