// The Debian package (make package): built with CPack from this build, unpacked into a
// throw-away root with dpkg -x, it holds the binaries, the rule pack, the configuration and
// the unit with the right modes; its maintainer scripts create the system user and the data
// directory; its unit scores at most 2.5 in systemd-analyze security (offline); and the
// installed daemon accepts the installed configuration with the installed rule pack.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <regex>

#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

class DebianPackage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    auto built = RunProcess({PHI_CPACK_BIN, "-G", "DEB", "--config",
                             std::string(PHI_BUILD_DIR) + "/CPackConfig.cmake", "-B",
                             (dir_->path() / "out").string()});
    ASSERT_EQ(built.exit_code, 0) << built.output;
    for (const auto& entry : std::filesystem::directory_iterator(dir_->path() / "out")) {
      if (entry.path().extension() == ".deb") deb_ = entry.path().string();
    }
    ASSERT_FALSE(deb_.empty()) << built.output;
    auto unpacked = RunProcess({"/usr/bin/dpkg-deb", "-x", deb_, (dir_->path() / "root").string()});
    ASSERT_EQ(unpacked.exit_code, 0) << unpacked.output;
    auto control =
        RunProcess({"/usr/bin/dpkg-deb", "-e", deb_, (dir_->path() / "control").string()});
    ASSERT_EQ(control.exit_code, 0) << control.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path Root() { return dir_->path() / "root"; }
  static std::filesystem::path Control() { return dir_->path() / "control"; }

  static ScratchDir* dir_;
  static std::string deb_;
};

ScratchDir* DebianPackage::dir_ = nullptr;
std::string DebianPackage::deb_;

TEST_F(DebianPackage, HoldsTheBinariesRulesConfigurationAndUnitWithTheirModes) {
  EXPECT_EQ(ModeOf(Root() / "usr/bin/phi-auditd"), 0755u);
  EXPECT_EQ(ModeOf(Root() / "usr/bin/phi-auditctl"), 0755u);
  EXPECT_EQ(ModeOf(Root() / "etc/phi-auditd/phi-auditd.yaml"), 0640u);
  EXPECT_EQ(ModeOf(Root() / "lib/systemd/system/phi-auditd.service"), 0644u);
  size_t rules = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(Root() / "usr/share/phi-auditd/rules")) {
    EXPECT_TRUE(entry.is_regular_file()) << entry.path() << ": only rule files, no test data";
    EXPECT_EQ(ModeOf(entry.path()), 0644u) << entry.path();
    ++rules;
  }
  EXPECT_GE(rules, 8u);
  EXPECT_NE(testing::ReadFile(Control() / "conffiles").find("/etc/phi-auditd/phi-auditd.yaml"),
            std::string::npos);
}

TEST_F(DebianPackage, ItsScriptsCreateTheUserAndAPrivateDataDirectory) {
  const std::string postinst = testing::ReadFile(Control() / "postinst");
  EXPECT_EQ(ModeOf(Control() / "postinst"), 0755u);
  EXPECT_NE(postinst.find("adduser --system --group"), std::string::npos) << postinst;
  EXPECT_NE(postinst.find("install -d -m 0750 -o phi-auditd -g phi-auditd /var/lib/phi-auditd"),
            std::string::npos)
      << postinst;
  EXPECT_NE(postinst.find("chmod 0640 /etc/phi-auditd/phi-auditd.yaml"), std::string::npos);
  auto syntax = RunProcess({"/bin/sh", "-n", (Control() / "postinst").string()});
  EXPECT_EQ(syntax.exit_code, 0) << syntax.output;
}

TEST_F(DebianPackage, ItsUnitIsSandboxedToAnExposureOfAtMostTwoAndAHalf) {
  auto r = RunProcess({"/usr/bin/systemd-analyze", "security", "--offline=true",
                       (Root() / "lib/systemd/system/phi-auditd.service").string()});
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(r.output, m, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")))
      << r.output;
  EXPECT_LE(std::stod(m[1].str()), 2.5) << r.output;
}

TEST_F(DebianPackage, TheInstalledDaemonAcceptsTheInstalledConfigurationAndRules) {
  // The packaged configuration names absolute paths: point them into the throw-away root.
  std::string config = testing::ReadFile(Root() / "etc/phi-auditd/phi-auditd.yaml");
  config = std::regex_replace(config, std::regex("(: |\\[\")/(var|usr)/"),
                              "$1" + Root().string() + "/$2/");
  ScratchDir scratch;
  testing::WriteFile(scratch / "phi.yaml", config);
  auto r = RunProcess({(Root() / "usr/bin/phi-auditd").string(), "--check-config",
                       (scratch / "phi.yaml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.output << config;
  EXPECT_NE(config.find(Root().string() + "/usr/share/phi-auditd/rules"), std::string::npos);
}

}  // namespace
}  // namespace phi
