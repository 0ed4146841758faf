#include "daemon/alerts/triage_exceptions.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "daemon/common/atomic_file.hpp"
#include "daemon/common/trusted_file.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace phi {
namespace {

constexpr char kHeader[] =
    "# Exceptions added by reviewers resolving alerts as false positives (phi-auditctl alerts\n"
    "# resolve ID false_positive --except). Written by phi-auditd; each addition is in the\n"
    "# alert's history. Remove an entry to let the rule match again.\n";

// What the file holds: by rule, the users and the user:patient pairs it no longer matches.
struct Entries {
  std::map<std::string, std::set<std::string>> users, pairs;
};

// A list name the condition language reads whatever the rule id holds.
std::string ListName(const std::string& rule, const char* suffix) {
  std::string name = "triage_";
  for (char c : rule) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + suffix;
}
std::string UsersList(const std::string& rule) {
  return ListName(rule, "_users");
}
std::string PairsList(const std::string& rule) {
  return ListName(rule, "_user_patient");
}

Result<Entries> ReadEntries(const std::string& path) {
  Entries e;
  if (!std::filesystem::exists(path)) return e;
  auto text = ReadTrustedFile(path, "exceptions file");
  if (!text.ok()) return text.status();
  try {
    YAML::Node root = YAML::Load(text.value());
    // The rules are the keys of `exceptions`; their lists are found by name.
    for (const auto& rule : root["exceptions"]) {
      const std::string id = rule.first.as<std::string>();
      for (auto [group, name] :
           {std::pair{&e.users, UsersList(id)}, std::pair{&e.pairs, PairsList(id)}}) {
        for (const auto& v : root["lists"][name]) (*group)[id].insert(v.as<std::string>());
      }
    }
  } catch (const YAML::Exception& ex) {
    return Status::Invalid(path + ": cannot read the exceptions file: " + ex.what());
  }
  return e;
}

std::string Render(const Entries& e) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "lists" << YAML::Value << YAML::BeginMap;
  for (const auto* group : {&e.users, &e.pairs}) {
    for (const auto& [rule, values] : *group) {
      out << YAML::Key << (group == &e.users ? UsersList(rule) : PairsList(rule)) << YAML::Value
          << YAML::Flow << YAML::BeginSeq;
      for (const auto& v : values) out << YAML::DoubleQuoted << v;
      out << YAML::EndSeq;
    }
  }
  out << YAML::EndMap << YAML::Key << "exceptions" << YAML::Value << YAML::BeginMap;
  std::set<std::string> rules;
  for (const auto* group : {&e.users, &e.pairs})
    for (const auto& kv : *group) rules.insert(kv.first);
  for (const auto& rule : rules) {
    out << YAML::Key << rule << YAML::Value << YAML::BeginSeq;
    if (e.users.count(rule)) out << YAML::DoubleQuoted << ("user in " + UsersList(rule));
    if (e.pairs.count(rule)) out << YAML::DoubleQuoted << ("user_patient in " + PairsList(rule));
    out << YAML::EndSeq;
  }
  out << YAML::EndMap << YAML::EndMap;
  return std::string(kHeader) + out.c_str() + "\n";
}

// Writes `text` to a temporary file beside `path` (0640), syncs it and renames it over `path`.
}  // namespace

Result<std::string> TriageExceptions::Add(const std::string& rule_id, const std::string& user,
                                          const std::string& patient) {
  if (rule_id.empty() || user.empty() || patient.empty()) {
    return Status::Invalid(
        "--except is for an alert about one user and one patient; for wider exceptions edit "
        "the rule pack's allow-lists (rules/allowlists.yaml)");
  }
  auto entries = ReadEntries(path_);
  if (!entries.ok()) return entries.status();
  entries.value().pairs[rule_id].insert(user + ":" + patient);
  // Never write a file the rule pack would not load with (a rule the pack does not have, a
  // name the condition language cannot read): the daemon would refuse to start on it.
  const std::string candidate = path_ + ".candidate";
  Status written = WriteFileAtomically(candidate, Render(entries.value()), 0640);
  if (!written.ok()) return written;
  RuleLoadResult loaded = LoadRuleDirectory(rules_dir_, {candidate});
  if (!loaded.rules) {
    ::unlink(candidate.c_str());
    return Status::Invalid(
        "no exception added: with it the rules would not load (" +
        (loaded.errors.empty() ? std::string("unknown error") : loaded.errors.front()) + ")");
  }
  if (::rename(candidate.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(candidate.c_str());
    return Status::IoError("cannot write " + path_ + ": " + std::strerror(err));
  }
  return "exception added: rule " + rule_id + " no longer matches user " + user + " with patient " +
         patient + " (" + path_ + ")";
}

}  // namespace phi
