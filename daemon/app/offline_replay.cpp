#include "daemon/app/offline_replay.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "collectors/parse/parser_factory.hpp"
#include "collectors/tail/record_framer.hpp"
#include "daemon/context/context_loader.hpp"
#include "daemon/detection/rule_loader.hpp"

namespace phi {

Result<OfflineReplayResult> ReplayOffline(const OfflineReplayOptions& options) {
  RuleLoadResult rules = LoadRuleDirectory(options.rules_dir);
  if (!rules.rules) {
    std::string all;
    for (const auto& e : rules.errors) all += "\n  " + e;
    return Status::Invalid("the rules do not load:" + all);
  }
  std::shared_ptr<const ContextSnapshot> context;
  if (!options.context_dir.empty()) {
    std::filesystem::path dir(options.context_dir);
    ContextFeedPaths paths = ContextFeedPaths::InFolder(dir.string());
    ContextLoadReport report;
    auto loaded = ContextLoader::Load(paths, ContextOptions(), report);
    if (!loaded.ok()) return loaded.status();
    context = loaded.value();
  }
  ParserOptions parser_options;
  parser_options.format = options.format;
  parser_options.patient_pattern = options.patient_pattern;
  auto factory = MakeParserFactory(parser_options);
  if (!factory.ok()) return factory.status();
  auto parser = factory.value()();
  int fd = open(options.input.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read " + options.input + ": " + std::strerror(errno));

  DetectionEngine engine(rules.rules, options.settings);
  OfflineReplayResult result;
  std::vector<AlertChange> changes;
  std::map<std::string, size_t> index;  // alert id -> position in result.alerts
  RecordFramer framer(parser->framing(), 1 << 20, parser->field_delimiter());
  framer.Reset(0, 1);
  std::string buffer(1 << 20, '\0');
  bool header_pending = parser->wants_header();
  uint64_t sequence = 0;
  auto handle = [&](const FramedRecord& record) {
    if (header_pending) {
      header_pending = false;
      parser->SetHeader(record.text);
      return;
    }
    Event e;
    ParseOutcome outcome = parser->Parse(record.text, e);
    if (outcome.code == ParseCode::kError) ++result.unparsed;
    if (outcome.code != ParseCode::kEvent) return;
    e.sequence = ++sequence;
    e.offset = record.offset;
    e.source = "replay";
    ++result.events;
    changes.clear();
    engine.Process(e, context.get(), changes);
    for (auto& c : changes) {
      auto [it, inserted] = index.emplace(c.alert.alert_id, result.alerts.size());
      if (inserted) {
        result.alerts.push_back(std::move(c.alert));
      } else {
        result.alerts[it->second] = std::move(c.alert);
      }
    }
  };
  FramedRecord record;
  while (true) {
    ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      close(fd);
      return Status::IoError("cannot read " + options.input + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    framer.Append(std::string_view(buffer.data(), static_cast<size_t>(n)));
    while (framer.Next(record, false)) handle(record);
  }
  close(fd);
  while (framer.Next(record, true)) handle(record);
  result.counters = engine.counters();
  return result;
}

}  // namespace phi
