#include "daemon/detection/baseline.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace phi {

RobustSummary Summarise(const uint32_t* values, size_t n) {
  RobustSummary s;
  s.samples = static_cast<int>(n);
  if (n == 0) return s;
  std::array<double, 256> sorted{};
  for (size_t i = 0; i < n; ++i) sorted[i] = values[i];
  auto median_of = [](double* begin, size_t count) {
    std::sort(begin, begin + count);
    return count % 2 ? begin[count / 2] : (begin[count / 2 - 1] + begin[count / 2]) / 2;
  };
  s.median = median_of(sorted.data(), n);
  for (size_t i = 0; i < n; ++i) sorted[i] = std::fabs(sorted[i] - s.median);
  s.mad = median_of(sorted.data(), n);
  return s;
}

}  // namespace phi
