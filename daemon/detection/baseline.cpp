#include "daemon/detection/baseline.hpp"

#include <algorithm>
#include <cmath>

namespace phi {
namespace {

// The median of count > 0 values; reorders them. Selection, not a sort: the same value a sort
// would give (the middle one, or the mean of the two middle ones), in linear time.
double MedianOf(double* begin, size_t count) {
  double* middle = begin + count / 2;
  std::nth_element(begin, middle, begin + count);
  if (count % 2) return *middle;
  const double below = *std::max_element(begin, middle);
  return (below + *middle) / 2;
}

}  // namespace

RobustSummary Summarise(const uint32_t* values, size_t n) {
  RobustSummary s;
  s.samples = static_cast<int>(n);
  if (n == 0) return s;
  std::array<double, 256> work;  // only the first n are read
  for (size_t i = 0; i < n; ++i) work[i] = values[i];
  s.median = MedianOf(work.data(), n);
  for (size_t i = 0; i < n; ++i) work[i] = std::fabs(work[i] - s.median);
  s.mad = MedianOf(work.data(), n);
  return s;
}

}  // namespace phi
