// A scratch timeline with an AlertStore on it, for the tests of the alert log, triage and sinks.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "daemon/alerts/alert_store.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

class AlertStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TimelineOptions options;
    options.path = (dir_ / "timeline").string();
    auto opened = Timeline::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    timeline_ = std::move(opened.value());
    store_ = std::make_unique<AlertStore>(*timeline_);
  }

  ScratchDir dir_;
  std::unique_ptr<Timeline> timeline_;
  std::unique_ptr<AlertStore> store_;
};

}  // namespace phi::testing
