#include "daemon/detection/rule_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "daemon/common/trusted_file.hpp"

namespace phi {
namespace {

struct SourceFile {
  std::string path;
  YAML::Node root;
};

// Collects errors as "file:line: where: what".
class Errors {
 public:
  // `fallback_line` locates a key that is missing (its node is undefined): the line of the
  // mapping it should be in.
  void Add(const std::string& file, const YAML::Node& node, const std::string& where,
           const std::string& what, int fallback_line = 0) {
    int line = node.IsDefined() ? node.Mark().line + 1 : fallback_line;
    list.push_back(file + ":" + std::to_string(line) + ": " + where + ": " + what);
  }
  // yaml-cpp throws when a node has another shape than the code reads it as (a scalar where a
  // mapping was expected, ...); each such place becomes one error, never an escaped exception.
  // `at` locates errors whose exception carries no position.
  void AddShape(const std::string& file, const YAML::Exception& e, const std::string& where,
                const YAML::Node& at) {
    int line = !e.mark.is_null() ? e.mark.line + 1 : at.IsDefined() ? at.Mark().line + 1 : 0;
    list.push_back(file + ":" + std::to_string(line) + ": " + where +
                   ": unexpected shape: " + e.msg);
  }
  std::vector<std::string> list;
};

const std::set<std::string> kRuleKeys = {
    "id",         "description", "severity", "tags",      "when",       "except",
    "escalate",   "summary",     "suppress", "aggregate", "first_seen", "sequence",
    "risk_score", "risk",        "alert",    "enabled",   "silence"};

std::string Scalar(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

}  // namespace

bool ParseDuration(std::string_view text, TimeMicros& out) {
  if (text.size() < 2) return false;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc() || ptr != text.data() + text.size() - 1 || n < 0) return false;
  constexpr int64_t kMaxSeconds = 100LL * 366 * 86400;  // a century is plenty for any window
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return false;
  }
  if (n > kMaxSeconds / unit) return false;
  out = n * unit * kMicrosPerSecond;
  return true;
}

namespace {

class RuleCompiler {
 public:
  RuleCompiler(const ConditionLibrary& library, Errors& errors)
      : library_(library), errors_(errors) {}

  void CompileFile(const SourceFile& file, std::vector<Rule>& out, std::set<std::string>& ids) {
    file_ = file.path;
    YAML::Node rules = file.root["rules"];
    if (!rules) return;
    if (!rules.IsSequence()) {
      errors_.Add(file_, rules, "rules", "expected a list of rules");
      return;
    }
    for (size_t i = 0; i < rules.size(); ++i) {
      where_ = "rules[" + std::to_string(i) + "]";
      Rule rule;
      bool compiled = false;
      try {
        compiled = CompileRule(rules[i], rule);
      } catch (const YAML::Exception& e) {  // found by fuzzing: `suppress: 1h` escaped
        errors_.AddShape(file_, e, where_, rules[i]);
      }
      if (compiled) {
        if (!ids.insert(rule.id).second) {
          errors_.Add(file_, rules[i]["id"], where_ + ".id",
                      "rule id '" + rule.id + "' is used twice");
        } else {
          out.push_back(std::move(rule));
        }
      }
    }
  }

 private:
  void Error(const YAML::Node& n, const std::string& key, const std::string& what) {
    errors_.Add(file_, n, where_ + (key.empty() ? "" : "." + key), what, parent_line_);
    ok_ = false;
  }

  // Marks `n` as the mapping being read, for errors about keys missing from it.
  void Enter(const YAML::Node& n) {
    if (n.IsDefined()) parent_line_ = n.Mark().line + 1;
  }

  bool Condition(const YAML::Node& n, const std::string& key, CompiledCondition& out) {
    if (!n || !n.IsScalar()) {
      Error(n, key, "expected a condition (text)");
      return false;
    }
    auto c = CompileCondition(n.Scalar(), library_);
    if (!c.ok()) {
      Error(n, key, c.status().message());
      return false;
    }
    out = std::move(c.value());
    return true;
  }

  bool Duration(const YAML::Node& n, const std::string& key, TimeMicros& out) {
    if (!n || !n.IsScalar() || !ParseDuration(n.Scalar(), out)) {
      Error(n, key, "expected a duration such as 90s, 15m, 24h or 14d");
      return false;
    }
    return true;
  }

  bool Integer(const YAML::Node& n, const std::string& key, int64_t& out) {
    try {
      out = n.as<int64_t>();
      return true;
    } catch (const YAML::Exception&) {
      Error(n, key, "expected a whole number");
      return false;
    }
  }

  const FieldDef* Field(const YAML::Node& n, const std::string& key) {
    const FieldDef* f = n && n.IsScalar() ? FindEventField(n.Scalar()) : nullptr;
    if (!f) Error(n, key, "unknown field '" + Scalar(n) + "'");
    return f;
  }

  std::vector<const FieldDef*> Fields(const YAML::Node& n, const std::string& key) {
    std::vector<const FieldDef*> out;
    if (!n) return out;
    if (n.IsScalar()) {
      if (auto* f = Field(n, key)) out.push_back(f);
      return out;
    }
    if (!n.IsSequence()) {
      Error(n, key, "expected a field or a list of fields");
      return out;
    }
    for (const auto& item : n) {
      if (auto* f = Field(item, key)) out.push_back(f);
    }
    return out;
  }

  void CheckKeys(const YAML::Node& n, const std::set<std::string>& known, const std::string& key) {
    for (const auto& kv : n) {
      std::string k = kv.first.Scalar();
      if (known.count(k) == 0) {
        std::string list;
        for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
        Error(kv.first, key.empty() ? k : key + "." + k,
              "unknown key (expected one of: " + list + ")");
      }
    }
  }

  void Measure(const YAML::Node& n, AggregateSpec& a) {
    std::string m = Scalar(n);
    auto arg = [&](std::string_view fn) -> const FieldDef* {
      std::string name = m.substr(fn.size() + 1, m.size() - fn.size() - 2);
      const FieldDef* f = FindEventField(name);
      if (!f) Error(n, "aggregate.measure", "unknown field '" + name + "'");
      return f;
    };
    auto is_call = [&](std::string_view fn) {
      return m.size() > fn.size() + 2 && m.compare(0, fn.size() + 1, std::string(fn) + "(") == 0 &&
             m.back() == ')';
    };
    if (m == "count") {
      a.measure = AggregateSpec::Measure::kCount;
    } else if (is_call("distinct")) {
      a.measure = AggregateSpec::Measure::kDistinct;
      a.field = arg("distinct");
    } else if (is_call("sum")) {
      a.measure = AggregateSpec::Measure::kSum;
      a.field = arg("sum");
      if (a.field && a.field->kind != FieldKind::kNumber) {
        Error(n, "aggregate.measure", "sum() needs a number field");
      }
    } else if (is_call("consecutive")) {
      a.measure = AggregateSpec::Measure::kConsecutiveRun;
      a.field = arg("consecutive");
    } else {
      Error(n, "aggregate.measure",
            "expected count, distinct(field), sum(field) or consecutive(field)");
    }
  }

  void Aggregate(const YAML::Node& n, Rule& rule) {
    Enter(n);
    rule.kind = RuleKind::kAggregate;
    AggregateSpec& a = rule.aggregate;
    CheckKeys(n, {"by", "window", "measure", "threshold", "baseline"}, "aggregate");
    a.by = Fields(n["by"], "aggregate.by");
    Duration(n["window"], "aggregate.window", a.window);
    Measure(n["measure"], a);
    if (n["threshold"]) Integer(n["threshold"], "aggregate.threshold", a.threshold);
    if (YAML::Node b = n["baseline"]) {
      a.has_baseline = true;
      CheckKeys(b, {"of", "factor", "peer_factor", "mad", "min", "min_days"}, "aggregate.baseline");
      std::string of = b["of"] ? Scalar(b["of"]) : "both";
      if (of == "user")
        a.baseline.of = BaselineSpec::Of::kUser;
      else if (of == "peers")
        a.baseline.of = BaselineSpec::Of::kPeers;
      else if (of == "both")
        a.baseline.of = BaselineSpec::Of::kBoth;
      else
        Error(b["of"], "aggregate.baseline.of", "expected user, peers or both");
      try {
        if (b["factor"]) a.baseline.factor = b["factor"].as<double>();
        a.baseline.peer_factor = a.baseline.factor;
        if (b["peer_factor"]) a.baseline.peer_factor = b["peer_factor"].as<double>();
        if (b["mad"]) a.baseline.mad = b["mad"].as<double>();
      } catch (const YAML::Exception&) {
        Error(b, "aggregate.baseline", "factor, peer_factor and mad are numbers");
      }
      if (b["min"]) Integer(b["min"], "aggregate.baseline.min", a.baseline.min);
      int64_t days = a.baseline.min_days;
      if (b["min_days"]) Integer(b["min_days"], "aggregate.baseline.min_days", days);
      a.baseline.min_days = static_cast<int>(days);
    } else if (!n["threshold"]) {
      Error(n, "aggregate", "needs a threshold or a baseline");
    }
  }

  void FirstSeen(const YAML::Node& n, Rule& rule) {
    Enter(n);
    rule.kind = RuleKind::kFirstSeen;
    CheckKeys(n, {"by", "value", "history", "learning"}, "first_seen");
    rule.first_seen.by = Fields(n["by"], "first_seen.by");
    rule.first_seen.value = Field(n["value"], "first_seen.value");
    Duration(n["history"], "first_seen.history", rule.first_seen.history);
    if (n["learning"]) Duration(n["learning"], "first_seen.learning", rule.first_seen.learning);
  }

  void Sequence(const YAML::Node& n, Rule& rule) {
    Enter(n);
    rule.kind = RuleKind::kSequence;
    CheckKeys(n, {"by", "within", "steps"}, "sequence");
    rule.sequence.by = Fields(n["by"], "sequence.by");
    Duration(n["within"], "sequence.within", rule.sequence.within);
    YAML::Node steps = n["steps"];
    if (!steps || !steps.IsSequence() || steps.size() < 2) {
      Error(steps ? steps : n, "sequence.steps", "expected a list of at least two steps");
      return;
    }
    for (size_t i = 0; i < steps.size(); ++i) {
      std::string key = "sequence.steps[" + std::to_string(i) + "]";
      CheckKeys(steps[i], {"when", "count"}, key);
      SequenceStep step;
      Enter(steps[i]);
      Condition(steps[i]["when"], key + ".when", step.when);
      if (steps[i]["count"]) Integer(steps[i]["count"], key + ".count", step.count);
      rule.sequence.steps.push_back(std::move(step));
    }
  }

  void Summary(const YAML::Node& n, Rule& rule) {
    std::string text = Scalar(n);
    if (text.empty()) {
      Error(n, "summary", "every rule needs a one-sentence summary");
      return;
    }
    static const std::set<std::string> kSpecial = {"count", "threshold", "value", "baseline"};
    size_t pos = 0;
    while (pos < text.size()) {
      size_t open = text.find('{', pos);
      SummaryTemplate::Part literal;
      literal.literal =
          text.substr(pos, open == std::string::npos ? std::string::npos : open - pos);
      if (!literal.literal.empty()) rule.summary.parts.push_back(literal);
      if (open == std::string::npos) break;
      size_t close = text.find('}', open);
      if (close == std::string::npos) {
        Error(n, "summary", "unclosed '{'");
        return;
      }
      std::string name = text.substr(open + 1, close - open - 1);
      SummaryTemplate::Part part;
      if (kSpecial.count(name)) {
        part.special = name;
      } else if (const FieldDef* f = FindEventField(name)) {
        part.field = f;
      } else {
        Error(n, "summary", "unknown field '{" + name + "}'");
      }
      rule.summary.parts.push_back(part);
      pos = close + 1;
    }
  }

  bool CompileRule(const YAML::Node& n, Rule& rule) {
    ok_ = true;
    Enter(n);
    if (!n.IsMap()) {
      Error(n, "", "expected a rule (a mapping)");
      return false;
    }
    CheckKeys(n, kRuleKeys, "");
    rule.id = Scalar(n["id"]);
    rule.file = file_;
    rule.line = n.Mark().line + 1;
    if (rule.id.empty()) Error(n, "id", "every rule needs an id");
    if (!rule.id.empty()) where_ += " (" + rule.id + ")";
    if (n["enabled"]) {
      try {
        if (!n["enabled"].as<bool>()) return false;
      } catch (const YAML::Exception&) {
        Error(n["enabled"], "enabled", "expected true or false");
      }
    }
    rule.description = Scalar(n["description"]);
    if (!ParseSeverity(Scalar(n["severity"]), rule.severity)) {
      Error(n["severity"], "severity", "expected low, medium, high or critical");
    }
    if (YAML::Node tags = n["tags"]) {
      for (const auto& t : tags) rule.tags.push_back(Scalar(t));
    }
    if (n["silence"]) {
      Enter(n["silence"]);
      rule.kind = RuleKind::kSilence;
      CheckKeys(n["silence"], {"after", "sources"}, "silence");
      Duration(n["silence"]["after"], "silence.after", rule.silence.after);
      if (YAML::Node sources = n["silence"]["sources"]) {
        for (const auto& src : sources) rule.silence.sources.push_back(Scalar(src));
      }
    } else if (n["risk_score"]) {
      Enter(n["risk_score"]);
      rule.kind = RuleKind::kRisk;
      CheckKeys(n["risk_score"], {"window", "threshold"}, "risk_score");
      Duration(n["risk_score"]["window"], "risk_score.window", rule.risk.window);
      Integer(n["risk_score"]["threshold"], "risk_score.threshold", rule.risk.threshold);
    } else {
      Condition(n["when"], "when", rule.when);
    }
    if (YAML::Node except = n["except"]) {
      if (!except.IsSequence()) {
        Error(except, "except", "expected a list of conditions");
      } else {
        for (size_t i = 0; i < except.size(); ++i) {
          CompiledCondition c;
          if (Condition(except[i], "except[" + std::to_string(i) + "]", c)) {
            rule.exceptions.push_back(std::move(c));
          }
        }
      }
    }
    if (YAML::Node esc = n["escalate"]) {
      if (!esc.IsSequence()) Error(esc, "escalate", "expected a list of {when, to}");
      for (size_t i = 0; esc.IsSequence() && i < esc.size(); ++i) {
        std::string key = "escalate[" + std::to_string(i) + "]";
        Rule::Escalation e;
        Condition(esc[i]["when"], key + ".when", e.when);
        if (!ParseSeverity(Scalar(esc[i]["to"]), e.to)) {
          Error(esc[i]["to"], key + ".to", "expected low, medium, high or critical");
        }
        rule.escalations.push_back(std::move(e));
      }
    }
    int kinds = (n["aggregate"] ? 1 : 0) + (n["first_seen"] ? 1 : 0) + (n["sequence"] ? 1 : 0) +
                (n["risk_score"] ? 1 : 0) + (n["silence"] ? 1 : 0);
    if (kinds > 1) {
      Error(n, "", "use at most one of aggregate, first_seen, sequence, risk_score, silence");
    }
    if (n["aggregate"]) Aggregate(n["aggregate"], rule);
    if (n["first_seen"]) FirstSeen(n["first_seen"], rule);
    if (n["sequence"]) Sequence(n["sequence"], rule);
    Enter(n);
    Summary(n["summary"], rule);
    if (YAML::Node s = n["suppress"]) {
      Enter(s);
      CheckKeys(s, {"by", "for"}, "suppress");
      rule.suppress.by = Fields(s["by"], "suppress.by");
      Duration(s["for"], "suppress.for", rule.suppress.duration);
    }
    if (n["risk"]) Integer(n["risk"], "risk", rule.risk_points);
    if (n["alert"]) {
      try {
        rule.raises_alert = n["alert"].as<bool>();
      } catch (const YAML::Exception&) {
        Error(n["alert"], "alert", "expected true or false");
      }
    }
    if (!rule.raises_alert && rule.risk_points <= 0) {
      Error(n, "alert", "a rule that raises no alert must add risk points (risk: N)");
    }
    // Every field the rule reads, for explanations and `rules check`.
    auto add = [&](const std::vector<const FieldDef*>& fields) {
      for (const FieldDef* f : fields) {
        if (std::find(rule.explain_fields.begin(), rule.explain_fields.end(), f) ==
            rule.explain_fields.end()) {
          rule.explain_fields.push_back(f);
        }
      }
    };
    add(rule.when.fields());
    for (const auto& step : rule.sequence.steps) add(step.when.fields());
    for (const auto& e : rule.escalations) add(e.when.fields());
    add(rule.aggregate.by);
    if (rule.aggregate.field) add({rule.aggregate.field});
    if (rule.first_seen.value) add({rule.first_seen.value});
    YAML::Emitter emitter;
    emitter << n;
    rule.fingerprint = std::to_string(std::hash<std::string>{}(emitter.c_str()));
    return ok_;
  }

  const ConditionLibrary& library_;
  Errors& errors_;
  std::string file_;
  std::string where_;
  int parent_line_ = 0;
  bool ok_ = true;
};

}  // namespace

namespace {

// Reads each named rule text with `read` (a trusted file, or text already in memory), then
// validates and compiles them all together.
RuleLoadResult LoadRuleSources(const std::vector<std::string>& paths,
                               const std::function<Result<std::string>(const std::string&)>& read) {
  RuleLoadResult result;
  Errors errors;
  std::vector<SourceFile> files;
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, std::string> macros;
  std::map<std::string, std::string> defined_at;  // "macros.x" / "lists.x" -> "file:line"
  for (const auto& path : paths) {
    SourceFile f{path, {}};
    auto text = read(path);
    if (!text.ok()) {
      errors.list.push_back(text.status().message());
      continue;
    }
    try {
      f.root = YAML::Load(text.value());
    } catch (const YAML::ParserException& e) {
      errors.list.push_back(path + ":" + std::to_string(e.mark.line + 1) +
                            ": not valid YAML: " + e.msg);
      continue;
    } catch (const YAML::Exception& e) {
      errors.list.push_back(path + ": cannot read: " + e.what());
      continue;
    }
    if (!f.root.IsDefined() || f.root.IsNull()) continue;
    if (!f.root.IsMap()) {
      errors.Add(path, f.root, "file", "expected a mapping with lists, macros, rules and tests");
      continue;
    }
    try {
      for (const auto& kv : f.root) {
        std::string k = kv.first.Scalar();
        if (k != "lists" && k != "macros" && k != "rules" && k != "tests" && k != "exceptions") {
          errors.Add(path, kv.first, k,
                     "unknown key (expected lists, macros, rules, exceptions or tests)");
        }
      }
      for (const auto& kv : f.root["lists"]) {
        std::string name = kv.first.Scalar();
        if (lists.count(name)) errors.Add(path, kv.first, "lists." + name, "defined twice");
        std::vector<std::string>& items = lists[name];
        for (const auto& item : kv.second) items.push_back(Scalar(item));
        defined_at["lists." + name] = path + ":" + std::to_string(kv.first.Mark().line + 1);
      }
      for (const auto& kv : f.root["macros"]) {
        std::string name = kv.first.Scalar();
        if (macros.count(name)) errors.Add(path, kv.first, "macros." + name, "defined twice");
        macros[name] = Scalar(kv.second);
        defined_at["macros." + name] = path + ":" + std::to_string(kv.first.Mark().line + 1);
      }
    } catch (const YAML::Exception& e) {
      errors.AddShape(path, e, "lists and macros", f.root);
    }
    files.push_back(std::move(f));
  }
  // A broken macro or list is reported where it is defined, then left out, so that the rules
  // are still compiled and their own errors collected in the same run.
  auto library = ConditionLibrary::Build(lists, macros);
  for (int attempt = 0; !library.ok() && attempt < 8; ++attempt) {
    std::istringstream lines(library.status().message());
    std::string line;
    bool dropped = false;
    while (std::getline(lines, line)) {
      std::string kind = line.starts_with("macro '")  ? "macros"
                         : line.starts_with("list '") ? "lists"
                                                      : "";
      size_t open = line.find('\''), close = line.find('\'', open + 1);
      if (kind.empty() || close == std::string::npos) {
        errors.list.push_back("lists and macros: " + line);
        continue;
      }
      std::string name = line.substr(open + 1, close - open - 1);
      std::string rest = line.substr(std::min(line.size(), close + 3));
      auto at = defined_at.find(kind + "." + name);
      errors.list.push_back((at != defined_at.end() ? at->second : std::string("?")) + ": " + kind +
                            "." + name + ": " + rest);
      dropped = (kind == "macros" ? macros.erase(name) : lists.erase(name)) > 0 || dropped;
    }
    if (!dropped) break;
    library = ConditionLibrary::Build(lists, macros);
  }
  if (!library.ok()) {
    errors.list.push_back("lists and macros: " + library.status().message());
  } else {
    auto set = std::make_shared<RuleSet>();
    std::set<std::string> ids;
    RuleCompiler compiler(library.value(), errors);
    for (const auto& f : files) {
      compiler.CompileFile(f, set->rules, ids);
      set->files.push_back(f.path);
    }
    // Allow-lists kept apart from the rules they apply to (`exceptions: {rule_id: [...]}`), so
    // the privacy office can maintain them without touching a rule body.
    for (const auto& f : files) {
      try {
        for (const auto& kv : f.root["exceptions"]) {
          std::string id = kv.first.Scalar();
          auto rule = std::find_if(set->rules.begin(), set->rules.end(),
                                   [&](const Rule& r) { return r.id == id; });
          if (rule == set->rules.end()) {
            errors.Add(f.path, kv.first, "exceptions." + id, "no rule has this id");
            continue;
          }
          if (!kv.second.IsSequence()) {
            errors.Add(f.path, kv.second, "exceptions." + id, "expected a list of conditions");
            continue;
          }
          for (size_t i = 0; i < kv.second.size(); ++i) {
            auto c = CompileCondition(Scalar(kv.second[i]), library.value());
            if (!c.ok()) {
              errors.Add(f.path, kv.second[i], "exceptions." + id + "[" + std::to_string(i) + "]",
                         c.status().message());
            } else {
              rule->exceptions.push_back(std::move(c.value()));
            }
          }
        }
      } catch (const YAML::Exception& e) {
        errors.AddShape(f.path, e, "exceptions", f.root["exceptions"]);
      }
    }
    if (errors.list.empty()) result.rules = std::move(set);
  }
  result.errors = std::move(errors.list);
  return result;
}

}  // namespace

RuleLoadResult LoadRuleFiles(const std::vector<std::string>& paths) {
  return LoadRuleSources(
      paths, [](const std::string& path) { return ReadTrustedFile(path, "rule file"); });
}

RuleLoadResult LoadRuleText(const std::string& name, const std::string& yaml) {
  return LoadRuleSources({name}, [&](const std::string&) { return Result<std::string>(yaml); });
}

RuleLoadResult LoadRuleDirectory(const std::string& directory,
                                 const std::vector<std::string>& extra_files) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) {
    RuleLoadResult r;
    r.errors.push_back(directory + ": cannot read the rule directory: " + ec.message());
    return r;
  }
  std::sort(files.begin(), files.end());
  for (const std::string& extra : extra_files)
    if (std::filesystem::exists(extra)) files.push_back(extra);
  return LoadRuleFiles(files);
}

}  // namespace phi
