// The runner is a sink's durable outbox: records reach the sink in log order from its cursor,
// a failing destination is retried until it takes them (nothing lost, ingest never waits), the
// cursor survives a restart, filters apply, and a backlog over budget raises an alert.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "daemon/sinks/jsonl_sink.hpp"
#include "daemon/sinks/sink_runner.hpp"
#include "tests/unit/alerts/alert_store_fixture.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

// A destination in memory that can be told to fail its next sends.
struct Destination {
  std::mutex mu;
  std::vector<AlertRecord> received;
  int failures_to_come = 0;
  int sends = 0;
};

class MemorySink : public AlertSink {
 public:
  explicit MemorySink(Destination& d) : d_(d) {}
  Status Send(const std::vector<AlertRecord>& records, uint64_t through) override {
    std::lock_guard<std::mutex> lock(d_.mu);
    ++d_.sends;
    if (d_.failures_to_come > 0) {
      --d_.failures_to_come;
      return Status::IoError("connection refused");
    }
    d_.received.insert(d_.received.end(), records.begin(), records.end());
    confirmed_ = through;
    return Status::Ok();
  }
  uint64_t Confirmed() const override { return confirmed_; }

 private:
  Destination& d_;
  uint64_t confirmed_ = 0;
};

class SinkRunnerTest : public testing::AlertStoreTest {
 protected:
  void Raise(int n, const std::string& rule = "print_seen", Severity severity = Severity::kMedium) {
    std::vector<AlertChange> changes;
    for (int i = 0; i < n; ++i) {
      Alert a;
      a.alert_id = std::to_string(++sequence_) + "-" + rule;
      a.rule_id = rule;
      a.severity = severity;
      a.last_sequence = sequence_;
      changes.push_back({a});
    }
    ASSERT_TRUE(store_->Apply(changes, nullptr).ok());
  }
  std::unique_ptr<SinkRunner> Runner(SinkRunnerOptions options = {}) {
    if (options.name.empty()) options.name = "memory";
    options.retry_initial_ms = 10;
    options.retry_max_ms = 40;
    return std::make_unique<SinkRunner>(options, std::make_unique<MemorySink>(dest_), *timeline_);
  }
  std::vector<uint64_t> Positions() {
    std::lock_guard<std::mutex> lock(dest_.mu);
    std::vector<uint64_t> out;
    for (const AlertRecord& r : dest_.received) out.push_back(r.position);
    return out;
  }
  static std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
    std::vector<uint64_t> out;
    for (uint64_t p = from; p <= to; ++p) out.push_back(p);
    return out;
  }

  Destination dest_;
  uint64_t sequence_ = 0;
};

TEST_F(SinkRunnerTest, AFailingDestinationGetsEveryRecordInOrderOnceItRecovers) {
  Raise(5);
  dest_.failures_to_come = 4;
  auto runner = Runner();
  ASSERT_TRUE(runner->Start().ok());
  Raise(3);  // while it is failing: waits in the log
  auto waiting = runner->Drain(milliseconds(5000));
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting.value(), 0u);
  EXPECT_GE(dest_.sends, 5);
  EXPECT_EQ(Positions(), Range(1, 8));
  EXPECT_EQ(runner->cursor(), 8u);
}

TEST_F(SinkRunnerTest, TheCursorSurvivesARestartSoNothingIsSentTwice) {
  Raise(4);
  {
    auto runner = Runner();
    ASSERT_TRUE(runner->Start().ok());
    ASSERT_EQ(runner->Drain(milliseconds(5000)).value(), 0u);
  }
  Raise(2);
  auto again = Runner();
  ASSERT_TRUE(again->Start().ok());
  ASSERT_EQ(again->Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(Positions(), Range(1, 6)) << "records 1-4 once, then 5-6";
}

TEST_F(SinkRunnerTest, ANewSinkStartingAtTheEndSkipsThePastOnly) {
  Raise(3);
  SinkRunnerOptions options;
  options.start_at_end = true;
  auto runner = Runner(options);
  ASSERT_TRUE(runner->Start().ok());
  Raise(2);
  ASSERT_EQ(runner->Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(Positions(), Range(4, 5));
}

TEST_F(SinkRunnerTest, TheFilterPassesOnlyWhatTheSinkWantsAndTheCursorStillMoves) {
  Raise(2, "print_seen", Severity::kLow);
  Raise(2, "vip_access", Severity::kHigh);
  Raise(1, "bulk_export", Severity::kCritical);
  SinkRunnerOptions options;
  options.filter.min_severity = Severity::kHigh;
  options.filter.rules = {"vip_access"};
  auto runner = Runner(options);
  ASSERT_TRUE(runner->Start().ok());
  ASSERT_EQ(runner->Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(Positions(), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(runner->cursor(), 5u);
}

TEST_F(SinkRunnerTest, ABacklogOverItsBudgetRaisesAnAlertAndDropsNothing) {
  dest_.failures_to_come = 1'000'000;  // down for good
  Raise(200);
  SinkRunnerOptions options;
  options.backlog_budget_bytes = 1024;
  options.backlog_check_ms = 10;
  auto runner = Runner(options);
  ASSERT_TRUE(runner->Start().ok());
  std::optional<Alert> raised;
  AlertFilter about_sinks;
  about_sinks.rule_id = "sink_backlog";
  for (int i = 0; i < 300 && !raised; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
    auto list = store_->List(10, about_sinks);
    if (list.ok() && !list.value().empty()) raised = list.value().front();
  }
  ASSERT_TRUE(raised) << "no alert about the sink";
  EXPECT_EQ(raised->severity, Severity::kHigh);
  EXPECT_NE(raised->summary.find("'memory'"), std::string::npos) << raised->summary;
  // It comes back: everything, the alert about itself included, arrives.
  {
    std::lock_guard<std::mutex> lock(dest_.mu);
    dest_.failures_to_come = 0;
  }
  ASSERT_EQ(runner->Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(Positions(), Range(1, 201));
}

TEST_F(SinkRunnerTest, AJsonLinesFileRotatedAwayIsFollowedByTheNewOneAtItsPath) {
  const std::filesystem::path path = dir_ / "alerts.jsonl";
  SinkRunnerOptions options;
  options.name = "file";
  SinkRunner runner(options, std::make_unique<JsonlSink>(path.string()), *timeline_);
  ASSERT_TRUE(runner.Start().ok());
  Raise(2);
  ASSERT_EQ(runner.Drain(milliseconds(5000)).value(), 0u);
  // logrotate: rename, and the next lines go to a new file at the path.
  std::filesystem::rename(path, dir_ / "alerts.jsonl.1");
  Raise(1);
  ASSERT_EQ(runner.Drain(milliseconds(5000)).value(), 0u);
  auto lines = [](const std::filesystem::path& p) {
    std::string text = testing::ReadFile(p);
    return std::count(text.begin(), text.end(), '\n');
  };
  EXPECT_EQ(lines(dir_ / "alerts.jsonl.1"), 2);
  EXPECT_EQ(lines(path), 1);
  EXPECT_NE(testing::ReadFile(path).find("\"record\":3"), std::string::npos);
  // logrotate's `create` (a new empty file at once) and its postrotate SIGHUP.
  std::filesystem::rename(path, dir_ / "alerts.jsonl.2");
  testing::WriteFile(path, "");
  runner.RequestReopen();
  Raise(1);
  ASSERT_EQ(runner.Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(lines(path), 1);
  EXPECT_EQ(lines(dir_ / "alerts.jsonl.2"), 1);
}

TEST_F(SinkRunnerTest, AJsonLinesFileCarriesEveryChangeAndIsCutBackAfterACrash) {
  const std::string path = (dir_ / "alerts.jsonl").string();
  Raise(3);
  ASSERT_TRUE(store_->Triage("1-print_seen", "acknowledged", "alice", "", "", 5).ok());
  SinkRunnerOptions options;
  options.name = "file";
  {
    SinkRunner runner(options, std::make_unique<JsonlSink>(path), *timeline_);
    ASSERT_TRUE(runner.Start().ok());
    ASSERT_EQ(runner.Drain(milliseconds(5000)).value(), 0u);
  }
  std::string text = testing::ReadFile(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
  EXPECT_NE(text.find("\"change\":\"acknowledged\",\"record\":4"), std::string::npos) << text;
  // A crash after writing a line but before its cursor was saved: the line is cut and
  // written again, once.
  testing::WriteFile(path, text + "{\"half written");
  Raise(1);
  SinkRunner again(options, std::make_unique<JsonlSink>(path), *timeline_);
  ASSERT_TRUE(again.Start().ok());
  ASSERT_EQ(again.Drain(milliseconds(5000)).value(), 0u);
  std::string after = testing::ReadFile(path);
  EXPECT_EQ(after.substr(0, text.size()), text);
  EXPECT_EQ(std::count(after.begin(), after.end(), '\n'), 5);
  EXPECT_EQ(after.find("half written"), std::string::npos);
}

// A destination of the event stream, failing its first sends.
class MemoryEventSink : public AlertSink {
 public:
  MemoryEventSink(std::vector<uint64_t>& received, int failures)
      : received_(received), failures_(failures) {}
  Status Send(const std::vector<AlertRecord>&, uint64_t) override {
    return Status::Invalid("an events sink was sent alert records");
  }
  Status SendEvents(const std::vector<Event>& events, uint64_t through) override {
    if (failures_ > 0) {
      --failures_;
      return Status::IoError("connection refused");
    }
    for (const Event& e : events) received_.push_back(e.sequence);
    confirmed_ = through;
    return Status::Ok();
  }
  uint64_t Confirmed() const override { return confirmed_; }

 private:
  std::vector<uint64_t>& received_;
  int failures_;
  uint64_t confirmed_ = 0;
};

class EventSinkRunnerTest : public testing::AlertStoreTest {
 protected:
  void Commit(int n) {
    IngestBatch batch;
    batch.source = "epic";
    for (int i = 0; i < n; ++i) {
      Event& e = batch.events.emplace_back();
      e.ts = 1'700'000'000'000'000 + i;
      e.user = "dr.smith";
      e.action = "view";
      e.patient = "MRN" + std::to_string(i);
    }
    batch.event_count = batch.events.size();
    ASSERT_TRUE(timeline_->Commit(batch, 1'700'000'000'000'000).ok());
  }
  std::unique_ptr<SinkRunner> Runner(int failures) {
    SinkRunnerOptions options;
    options.name = "events";
    options.stream = SinkStream::kEvents;
    options.batch_records = 7;
    options.retry_initial_ms = 10;
    options.retry_max_ms = 40;
    options.rewrite_event = [](Event& e) { e.patient = "[patient]"; };
    return std::make_unique<SinkRunner>(
        options, std::make_unique<MemoryEventSink>(received_, failures), *timeline_);
  }
  static std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
    std::vector<uint64_t> out;
    for (uint64_t p = from; p <= to; ++p) out.push_back(p);
    return out;
  }
  std::vector<uint64_t> received_;
};

TEST_F(EventSinkRunnerTest, EveryEventArrivesInSequenceOrderFromItsOwnCursor) {
  Commit(10);
  {
    auto runner = Runner(/*failures=*/3);
    ASSERT_TRUE(runner->Start().ok());
    Commit(15);  // arrives with a commit and no alert: found by polling
    ASSERT_EQ(runner->Drain(milliseconds(5000)).value(), 0u);
    EXPECT_EQ(runner->cursor(), 25u);
  }
  EXPECT_EQ(received_, Range(1, 25));
  Commit(3);
  auto again = Runner(0);
  ASSERT_TRUE(again->Start().ok());
  ASSERT_EQ(again->Drain(milliseconds(5000)).value(), 0u);
  EXPECT_EQ(received_, Range(1, 28)) << "resumed from the saved cursor: nothing twice";
}

TEST_F(EventSinkRunnerTest, AnAlertsOnlySinkOnTheEventStreamFailsAndKeepsTheEvents) {
  Commit(2);
  SinkRunnerOptions options;
  options.name = "wrong";
  options.stream = SinkStream::kEvents;
  options.retry_initial_ms = 10;
  options.retry_max_ms = 20;
  Destination dest;
  SinkRunner runner(options, std::make_unique<MemorySink>(dest), *timeline_);
  ASSERT_TRUE(runner.Start().ok());
  auto waiting = runner.Drain(milliseconds(200));
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting.value(), 2u);
  EXPECT_EQ(runner.cursor(), 0u);
}

}  // namespace
}  // namespace phi
