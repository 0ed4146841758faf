// phi-auditctl's hold commands as the daemon runs them (RunTimelineCommandLine): placed and
// released only where the timeline may be written, listed anywhere, with who asked.
#include "daemon/ctl/hold_commands.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "daemon/ctl/timeline_commands.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

// The daemon's side when `writer` (its ingest thread runs the job), else phi-auditctl's own
// secondary-instance side, which refuses writes.
class InProcessAccess : public TimelineAccess {
 public:
  InProcessAccess(Timeline& timeline, bool writer) : timeline_(timeline), writer_(writer) {}
  Result<Timeline*> Open(Timeline::Families) override { return &timeline_; }
  std::string timeline_path() const override { return "test"; }
  Result<int> RunAsWriter(const std::function<int(Timeline&)>& job) override {
    if (!writer_) return TimelineAccess::RunAsWriter(job);
    return job(timeline_);
  }
  std::string actor() const override { return "privacy-officer"; }

 private:
  Timeline& timeline_;
  bool writer_;
};

struct Ran {
  int code = 0;
  std::string out, err;
};

class HoldCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    TimelineOptions o;
    o.path = (dir_ / "timeline").string();
    auto t = Timeline::Open(o);
    ASSERT_TRUE(t.ok()) << t.status().message();
    timeline_ = std::move(t.value());
  }
  Ran Run(std::vector<std::string> args, bool writer = true) {
    InProcessAccess access(*timeline_, writer);
    std::ostringstream out, err;
    Ran r;
    r.code = RunTimelineCommandLine(args, access, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  ScratchDir dir_;
  std::unique_ptr<Timeline> timeline_;
};

TEST_F(HoldCommands, AddListAndReleaseWithWhoAndWhy) {
  Ran placed = Run({"hold", "add", "patient", "MRN0000001", "--reason", "litigation 2026-17"});
  ASSERT_EQ(placed.code, 0) << placed.err;
  EXPECT_EQ(placed.out, "legal hold 1 placed: patient MRN0000001\n");
  Ran user = Run({"hold", "add", "user", "u2", "--reason", "HR investigation"});
  ASSERT_EQ(user.code, 0) << user.err;
  Ran case_hold = Run({"hold", "add", "case", "u3", "--reason", "alert review"});
  ASSERT_EQ(case_hold.code, 0) << case_hold.err;
  EXPECT_EQ(case_hold.out, "legal hold 3 placed: case u3\n");
  EXPECT_TRUE(timeline_->retention().held->HoldsUser("u3")) << "a case hold holds its user";

  Ran released = Run({"hold", "release", "2", "--reason", "closed"});
  ASSERT_EQ(released.code, 0) << released.err;
  EXPECT_EQ(released.out, "legal hold 2 released: user u2\n");
  EXPECT_FALSE(timeline_->retention().held->HoldsUser("u2"));

  Ran list = Run({"hold", "list"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find("1  active    patient MRN0000001  placed "), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find(" by privacy-officer: litigation 2026-17\n"), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("2  released  user u2  placed "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("; released "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find(" by privacy-officer: closed\n"), std::string::npos) << list.out;
  Ran json = Run({"hold", "list", "--format", "json"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), 3) << json.out;
  EXPECT_NE(json.out.find(R"({"hold_id":2,"status":"released","kind":"user","subject":"u2",)"
                          R"("reason":"HR investigation","placed_by":"privacy-officer",)"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find(R"("released_by":"privacy-officer")"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find(R"("release_reason":"closed"})"), std::string::npos) << json.out;

  Ran unknown = Run({"hold", "release", "7", "--reason", "x"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.err, "phi-auditctl: no legal hold 7\n");
}

TEST_F(HoldCommands, ChangesAreRefusedWithoutTheDaemonAndListingIsNot) {
  Ran placed =
      Run({"hold", "add", "patient", "MRN0000001", "--reason", "litigation"}, /*writer=*/false);
  EXPECT_EQ(placed.code, 1);
  EXPECT_NE(placed.err.find("phi-auditd is not running here"), std::string::npos) << placed.err;
  EXPECT_NE(placed.err.find("legal holds placed and released"), std::string::npos) << placed.err;
  ASSERT_EQ(Run({"hold", "add", "user", "u1", "--reason", "r"}).code, 0);
  Ran released = Run({"hold", "release", "1", "--reason", "done"}, /*writer=*/false);
  EXPECT_EQ(released.code, 1);
  EXPECT_NE(released.err.find("not running"), std::string::npos) << released.err;
  Ran list = Run({"hold", "list"}, /*writer=*/false);
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find("1  active    user u1"), std::string::npos) << list.out;
  auto holds = timeline_->LegalHolds();
  ASSERT_TRUE(holds.ok());
  ASSERT_EQ(holds.value().size(), 1u) << "the refused placement wrote nothing";
  EXPECT_FALSE(holds.value()[0].released);
}

TEST_F(HoldCommands, UsageErrorsAreRefusedBeforeAnythingIsWritten) {
  EXPECT_EQ(Run({"hold", "add", "department", "Oncology", "--reason", "x"}).code, 2);
  EXPECT_EQ(Run({"hold", "add", "patient", "MRN1"}).code, 2) << "--reason is required";
  EXPECT_EQ(Run({"hold", "release", "1"}).code, 2);
  EXPECT_EQ(Run({"hold", "release", "one", "--reason", "x"}).code, 2);
  EXPECT_EQ(Run({"hold"}).code, 2);
  auto holds = timeline_->LegalHolds();
  ASSERT_TRUE(holds.ok());
  EXPECT_TRUE(holds.value().empty());
}

TEST(HoldCommandHelp, SaysWhatACaseHoldHolds) {
  CLI::App app;
  HoldCommandLine holds;
  holds.AddTo(app);
  std::string help = holds.add->get_description();
  EXPECT_NE(help.find("case USER"), std::string::npos) << help;
  EXPECT_NE(help.find("a case is a user's alerts"), std::string::npos) << help;
  EXPECT_NE(help.find("keeps every access by that user as a user hold does"), std::string::npos)
      << help;
}

}  // namespace
}  // namespace phi
