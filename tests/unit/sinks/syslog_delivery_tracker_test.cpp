// Delivery confirmation for syslog over TCP/TLS, on a simulated clock: a position is confirmed
// only once every byte through it was acknowledged and stayed so for the settle time with the
// connection up; a lost connection forgets what it carried unconfirmed.
#include <gtest/gtest.h>

#include "daemon/sinks/stream_delivery_tracker.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

class SyslogDeliveryTracker : public ::testing::Test {
 protected:
  StreamDeliveryTracker::Clock::time_point At(int64_t ms) {
    return StreamDeliveryTracker::Clock::time_point(milliseconds(ms));
  }
  StreamDeliveryTracker tracker_{milliseconds(1000)};
};

TEST_F(SyslogDeliveryTracker, ConfirmsOnlyWhatStayedAcknowledgedForTheSettleTime) {
  tracker_.MarkConfirmed(10);  // the saved cursor
  tracker_.Sent(20, 500);
  tracker_.Acknowledged(499, At(0));  // one byte still in flight
  tracker_.Acknowledged(499, At(5000));
  EXPECT_EQ(tracker_.confirmed(), 10u);
  tracker_.Acknowledged(500, At(5001));
  tracker_.Acknowledged(500, At(6000));
  EXPECT_EQ(tracker_.confirmed(), 10u);
  tracker_.Acknowledged(500, At(6001));
  EXPECT_EQ(tracker_.confirmed(), 20u);
  EXPECT_EQ(tracker_.unconfirmed_sends(), 0u);
}

TEST_F(SyslogDeliveryTracker, EachSendWaitsForItsOwnBytes) {
  tracker_.Sent(5, 100);
  tracker_.Sent(9, 250);
  tracker_.Acknowledged(120, At(0));
  tracker_.Acknowledged(250, At(400));
  tracker_.Acknowledged(250, At(1000));
  EXPECT_EQ(tracker_.confirmed(), 5u);
  tracker_.Acknowledged(250, At(1400));
  EXPECT_EQ(tracker_.confirmed(), 9u);
}

TEST_F(SyslogDeliveryTracker, ALostConnectionForgetsWhatItCarriedUnconfirmed) {
  tracker_.Sent(5, 100);
  tracker_.Acknowledged(100, At(0));
  tracker_.ConnectionLost();
  tracker_.Acknowledged(100, At(2000));  // a new connection's bytes, not the old one's
  EXPECT_EQ(tracker_.confirmed(), 0u);
  EXPECT_EQ(tracker_.unconfirmed_sends(), 0u);
  tracker_.Sent(5, 80);  // sent again on the new connection
  tracker_.Acknowledged(80, At(3000));
  tracker_.Acknowledged(80, At(4000));
  EXPECT_EQ(tracker_.confirmed(), 5u);
}

TEST_F(SyslogDeliveryTracker, NothingOnTheWireConfirmsAtOnceOtherwiseWaitsItsTurn) {
  tracker_.Sent(7, 0);  // every record filtered out, no connection yet
  EXPECT_EQ(tracker_.confirmed(), 7u);
  tracker_.Sent(9, 100);
  tracker_.Sent(12, 100);  // nothing new, but behind bytes still in flight
  EXPECT_EQ(tracker_.confirmed(), 7u);
  tracker_.Acknowledged(100, At(0));
  tracker_.Acknowledged(100, At(1000));
  EXPECT_EQ(tracker_.confirmed(), 12u);
  tracker_.Sent(15, 100);
  EXPECT_EQ(tracker_.confirmed(), 15u);
}

TEST_F(SyslogDeliveryTracker, NeverGoesBackwards) {
  tracker_.MarkConfirmed(30);
  tracker_.Sent(20, 100);  // a resend of what was confirmed before
  tracker_.Acknowledged(100, At(0));
  tracker_.Acknowledged(100, At(1000));
  EXPECT_EQ(tracker_.confirmed(), 30u);
}

}  // namespace
}  // namespace phi
