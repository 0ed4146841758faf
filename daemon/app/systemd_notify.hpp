// The sd_notify protocol for a Type=notify service, without libsystemd: READY=1 once the
// timeline is open, WATCHDOG=1 from the poll loop (so a stuck loop gets the daemon restarted),
// STOPPING=1 on the way out. Does nothing when systemd did not ask (no NOTIFY_SOCKET).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phi {

class SystemdNotifier {
 public:
  SystemdNotifier();  // reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID

  bool enabled() const { return !socket_path_.empty(); }
  // Sends one state ("READY=1"); false when it could not be sent.
  bool Notify(std::string_view state) const;
  // Sends WATCHDOG=1 if half the watchdog interval has passed since the last one.
  void KeepAlive(int64_t now_ms);

 private:
  std::string socket_path_;
  int64_t watchdog_half_ms_ = 0;  // 0: no watchdog
  int64_t last_keepalive_ms_ = INT64_MIN / 2;
};

}  // namespace phi
