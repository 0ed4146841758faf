// Helpers shared by the tests: a scratch directory removed at the end of the test, file
// writing and reading, and running a real process with its output captured.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace phi::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, std::string_view content);
void AppendFile(const std::filesystem::path& path, std::string_view content);
std::string ReadFile(const std::filesystem::path& path);

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs argv[0] with the arguments, waits, and returns exit code and output.
ProcessResult RunProcess(const std::vector<std::string>& argv);

// The path of a file under the repository's source tree or under ../shared/samples.
std::filesystem::path SourcePath(std::string_view relative);

}  // namespace phi::testing
