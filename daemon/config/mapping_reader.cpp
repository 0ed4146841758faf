#include "daemon/config/mapping_reader.hpp"

#include <filesystem>

namespace phi {

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

}  // namespace phi
