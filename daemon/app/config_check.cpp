#include "daemon/app/config_check.hpp"

#include "collectors/parse/parser_factory.hpp"
#include "daemon/common/trusted_file.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace phi {

std::vector<std::string> CheckConfig(const std::string& path) {
  std::vector<std::string> errors;
  auto config = LoadConfig(path);
  if (!config.ok()) return {config.status().message()};
  Status data_dir = CheckDataDirectory(config->data_dir);
  if (!data_dir.ok()) errors.push_back(data_dir.message());
  for (const auto& source : config->sources) {
    auto factory = MakeParserFactory(source.parser);
    if (!factory.ok()) {
      errors.push_back(path + ": source '" + source.tail.source +
                       "': " + factory.status().message());
    }
  }
  const DetectionConfig& detection = config->detection;
  if (detection.enabled()) {
    RuleLoadResult rules = LoadRuleDirectory(detection.rules_dir, {detection.exceptions_file});
    errors.insert(errors.end(), rules.errors.begin(), rules.errors.end());
    if (rules.rules && rules.rules->rules.empty())
      errors.push_back(detection.rules_dir + ": no rule found (detection would do nothing)");
  }
  if (detection.enabled() && detection.has_context()) {
    ContextLoadReport report;
    auto context = ContextLoader::Load(detection.context, detection.context_options, report);
    if (!context.ok()) errors.push_back(context.status().message());
  }
  return errors;
}

}  // namespace phi
