// libFuzzer harness for the rule loader: the input is one rule file's YAML, loaded from memory
// with LoadRuleText (reader -> validator -> compiler, as for a file). Loading must end in rules
// or in errors, never both or neither, and never in an exception; each rule that compiles is
// then evaluated against a fixed event without context, as the engine would.
#include <cstddef>
#include <cstdint>
#include <string>

#include "daemon/detection/detection_settings.hpp"
#include "daemon/detection/event_view.hpp"
#include "daemon/detection/rule_loader.hpp"
#include "fuzz/fuzz_check.hpp"

namespace phi {
namespace {

Event SampleEvent() {
  Event e;
  e.ts = 1709539200LL * 1000000;  // 2024-03-04T08:00:00Z
  e.user = "kpatel";
  e.role = "nurse";
  e.department = "Cardiology";
  e.action = "export";
  e.patient = "MRN0048213";
  e.record_type = "psychotherapy_note";
  e.record_count = 250;
  e.workstation = "BHCLINWS042";
  e.client_ip = "10.20.4.17";
  e.outcome = "success";
  e.statement = "select * from patients where mrn = 'MRN0048213'";
  e.source = "ehr";
  return e;
}

}  // namespace
}  // namespace phi

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phi;
  static const Event event = SampleEvent();
  static const DetectionSettings settings;
  RuleLoadResult loaded =
      LoadRuleText("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  PHI_FUZZ_CHECK((loaded.rules != nullptr) == loaded.errors.empty());
  if (loaded.rules == nullptr) return 0;
  for (const Rule& rule : loaded.rules->rules) {
    EventView view(event, nullptr, settings);
    rule.when.Evaluate(view);
    for (const auto& c : rule.exceptions) c.Evaluate(view);
    for (const auto& e : rule.escalations) e.when.Evaluate(view);
    for (const auto& step : rule.sequence.steps) step.when.Evaluate(view);
  }
  return 0;
}
