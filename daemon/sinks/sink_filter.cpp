#include "daemon/sinks/sink_filter.hpp"

#include <algorithm>

namespace phi {

bool SinkFilter::Matches(const AlertRecord& r) const {
  if (creations_only && r.change != "created") return false;
  if (r.alert.severity < min_severity) return false;
  return rules.empty() || std::find(rules.begin(), rules.end(), r.alert.rule_id) != rules.end();
}

}  // namespace phi
