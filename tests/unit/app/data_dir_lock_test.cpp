// One daemon per data directory, whatever happens to the timeline inside it.
#include "daemon/app/data_dir_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/test_support.hpp"

namespace phi {
namespace {

TEST(DataDirLock, ASecondHolderIsRefusedWithThePidOfTheFirstUntilItLetsGo) {
  testing::ScratchDir dir;
  auto first = DataDirLock::Acquire(dir.path().string());
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = DataDirLock::Acquire(dir.path().string());
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use by another phi-auditd (pid " +
                                           std::to_string(getpid())),
            std::string::npos)
      << second.status().message();
  first.value().reset();
  EXPECT_TRUE(DataDirLock::Acquire(dir.path().string()).ok());
}

}  // namespace
}  // namespace phi
