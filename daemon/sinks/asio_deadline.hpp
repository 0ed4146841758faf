// One asynchronous Boost.Asio operation run to completion or to a deadline on the caller's
// thread: the sinks' only way to do network I/O, so that no call blocks without a time limit.
#pragma once

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <optional>

namespace phi {

// Calls `start(handler)`, which starts one operation on `io` that calls `handler(ec, ...)`, and
// runs `io` until the handler has run or `timeout` has passed. On a timeout `cancel()` (closing the
// socket) aborts the operation and its handler is drained before returning, so nothing the
// handler refers to is used after the call. Returns the operation's error, or timed_out.
// REQUIRES: no other operation pending on `io`.
template <typename Start, typename Cancel>
boost::system::error_code RunWithDeadline(boost::asio::io_context& io,
                                          std::chrono::milliseconds timeout, Start&& start,
                                          Cancel&& cancel) {
  std::optional<boost::system::error_code> result;
  start([&result](const boost::system::error_code& ec, auto&&...) { result = ec; });
  io.restart();
  io.run_for(timeout);
  if (result) return *result;
  cancel();
  io.restart();
  io.run();
  return boost::asio::error::timed_out;
}

}  // namespace phi
