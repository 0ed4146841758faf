// Runs phi-auditd as a real child process for integration tests: start, kill with a signal,
// wait, and capture its output in a file.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace phi::testing {

class DaemonProcess {
 public:
  DaemonProcess(std::vector<std::string> argv, std::filesystem::path output);
  ~DaemonProcess();
  void Signal(int signal);
  // Waits for the exit; returns the exit code, or 128 + signal.
  int Wait();
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

}  // namespace phi::testing
