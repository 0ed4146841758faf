// Reading the configuration's YAML: a mapping reader that checks types and ranges and reports
// unknown keys with the file, the line and the key's full name, and relative path resolution.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi {

// Reads one YAML mapping, remembering which keys were used so unknown ones can be reported.
class MappingReader {
 public:
  MappingReader(const YAML::Node& node, std::string origin, std::string where)
      : node_(node), origin_(std::move(origin)), where_(std::move(where)) {}

  std::string Location(const YAML::Node& n) const {
    return origin_ + ":" + std::to_string(n.Mark().line + 1);
  }
  Status Error(const YAML::Node& n, const std::string& key, const std::string& what) const {
    return Status::Invalid(Location(n) + ": " + where_ + key + ": " + what);
  }

  Status CheckIsMap() const {
    if (!node_.IsMap())
      return Status::Invalid(Location(node_) + ": " + where_ + " must be a mapping");
    return Status::Ok();
  }

  YAML::Node Get(const std::string& key) {
    used_.insert(key);
    return node_[key];
  }

  Status String(const std::string& key, std::string& out) {
    YAML::Node n = Get(key);
    if (!n) return Status::Ok();
    if (!n.IsScalar()) return Error(n, key, "expected a text value");
    out = n.Scalar();
    return Status::Ok();
  }

  template <typename T>
  Status Number(const std::string& key, T& out, T min, T max) {
    YAML::Node n = Get(key);
    if (!n) return Status::Ok();
    try {
      long long v = n.as<long long>();
      if (v < static_cast<long long>(min) || v > static_cast<long long>(max)) {
        return Error(n, key,
                     "must be between " + std::to_string(min) + " and " + std::to_string(max));
      }
      out = static_cast<T>(v);
    } catch (const YAML::Exception&) {
      return Error(n, key, "expected a whole number");
    }
    return Status::Ok();
  }

  Status Bool(const std::string& key, bool& out) {
    YAML::Node n = Get(key);
    if (!n) return Status::Ok();
    try {
      out = n.as<bool>();
    } catch (const YAML::Exception&) {
      return Error(n, key, "expected true or false");
    }
    return Status::Ok();
  }

  Status StringList(const std::string& key, std::vector<std::string>& out) {
    YAML::Node n = Get(key);
    if (!n) return Status::Ok();
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
      return Status::Ok();
    }
    if (!n.IsSequence()) return Error(n, key, "expected a list of text values");
    for (const auto& item : n) {
      if (!item.IsScalar()) return Error(item, key, "expected a list of text values");
      out.push_back(item.Scalar());
    }
    return Status::Ok();
  }

  Status CheckNoUnknownKeys() const {
    for (const auto& kv : node_) {
      std::string key = kv.first.Scalar();
      if (used_.count(key) == 0) {
        std::string known;
        for (const auto& k : used_) known += (known.empty() ? "" : ", ") + k;
        return Status::Invalid(Location(kv.first) + ": unknown key '" + where_ + key +
                               "' (expected one of: " + known + ")");
      }
    }
    return Status::Ok();
  }

  const std::string& origin() const { return origin_; }

 private:
  YAML::Node node_;
  std::string origin_;
  std::string where_;
  std::set<std::string> used_;
};

#define PHI_RETURN_IF_ERROR(expr) \
  do {                            \
    Status _s = (expr);           \
    if (!_s.ok()) return _s;      \
  } while (false)

// `path` relative to `base_dir` (the configuration file's folder) unless it is absolute.
std::string Resolve(const std::string& base_dir, const std::string& path);

}  // namespace phi
