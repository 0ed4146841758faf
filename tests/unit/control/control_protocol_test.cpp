// The control socket's wire format: requests and reply frames survive being split anywhere,
// and nothing a client sends makes the daemon allocate beyond the limits.
#include "daemon/control/control_protocol.hpp"

#include <gtest/gtest.h>

#include <ostream>

namespace phi::control {
namespace {

TEST(ControlProtocol, ARequestDecodesOnlyOnceItIsWhole) {
  std::vector<std::string> args = {"--data-dir", "/var/lib/phi", "events", "--patient", "MRN1", ""};
  std::string wire = EncodeRequest(args);
  for (size_t cut = 0; cut < wire.size(); ++cut) {
    size_t complete = 1;
    std::vector<std::string> decoded;
    ASSERT_TRUE(DecodeRequest(std::string_view(wire).substr(0, cut), complete, decoded).ok())
        << cut;
    EXPECT_EQ(complete, 0u) << "complete after only " << cut << " bytes";
  }
  size_t complete = 0;
  std::vector<std::string> decoded;
  ASSERT_TRUE(DecodeRequest(wire, complete, decoded).ok());
  EXPECT_EQ(complete, wire.size());
  EXPECT_EQ(decoded, args);
}

TEST(ControlProtocol, HostileRequestsAreRefusedWithAReason) {
  size_t complete = 0;
  std::vector<std::string> args;
  Status http = DecodeRequest("GET / HTTP/1.1\r\n", complete, args);
  EXPECT_FALSE(http.ok());
  EXPECT_EQ(http.message(), "not a phi-auditctl request");
  EXPECT_FALSE(DecodeRequest("GE", complete, args).ok()) << "wrong from the first byte";

  std::string many("PHC1\x00\x00\x10\x00", 8);  // 4096 arguments
  Status too_many = DecodeRequest(many, complete, args);
  EXPECT_FALSE(too_many.ok());
  EXPECT_NE(too_many.message().find("at most 64"), std::string::npos) << too_many.message();

  std::string huge("PHC1\x00\x00\x00\x01\x7f\xff\xff\xff", 12);  // one 2 GB argument
  Status too_big = DecodeRequest(huge, complete, args);
  EXPECT_FALSE(too_big.ok());
  EXPECT_NE(too_big.message().find("larger than"), std::string::npos) << too_big.message();

  std::string trailing = EncodeRequest({"stats"}) + "x";
  EXPECT_FALSE(DecodeRequest(trailing, complete, args).ok());
}

TEST(ControlProtocol, ReplyFramesArriveInOrderHoweverTheBytesAreSplit) {
  std::string wire = EncodeFrame(FrameType::kOut, "line one\n") +
                     EncodeFrame(FrameType::kErr, "warning\n") +
                     EncodeFrame(FrameType::kOut, std::string(70'000, 'x')) + EncodeExitFrame(3);
  for (size_t step : {size_t{1}, size_t{7}, size_t{4096}, wire.size()}) {
    FrameReader reader;
    std::vector<std::pair<FrameType, std::string>> frames;
    for (size_t at = 0; at < wire.size(); at += step) {
      reader.Feed(std::string_view(wire).substr(at, step));
      FrameType type;
      std::string payload;
      Status error;
      while (reader.Next(type, payload, error)) frames.emplace_back(type, payload);
      ASSERT_TRUE(error.ok()) << error.message();
    }
    ASSERT_EQ(frames.size(), 4u) << "step " << step;
    EXPECT_EQ(frames[0], std::pair(FrameType::kOut, std::string("line one\n")));
    EXPECT_EQ(frames[1], std::pair(FrameType::kErr, std::string("warning\n")));
    EXPECT_EQ(frames[2].second.size(), 70'000u);
    EXPECT_EQ(frames[3], std::pair(FrameType::kExit, std::string("\0\0\0\3", 4)));
  }
}

TEST(ControlProtocol, AMalformedReplyIsAnErrorNotAHang) {
  FrameReader unknown;
  unknown.Feed(std::string("z\0\0\0\1a", 6));
  FrameType type;
  std::string payload;
  Status error;
  EXPECT_FALSE(unknown.Next(type, payload, error));
  EXPECT_FALSE(error.ok());

  FrameReader oversized;
  oversized.Feed(std::string("o\x7f\0\0\0", 5));
  EXPECT_FALSE(oversized.Next(type, payload, error));
  EXPECT_FALSE(error.ok());
}

TEST(ControlProtocol, AStreamWritesFramesAndStopsOnceThePeerIsGone) {
  std::vector<std::string> sent;
  bool peer_there = true;
  {
    FrameStreamBuf buf(FrameType::kOut, [&](std::string_view frame) {
      if (!peer_there) return false;
      sent.emplace_back(frame);
      return true;
    });
    std::ostream out(&buf);
    out << "hello\n" << std::flush;
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], EncodeFrame(FrameType::kOut, "hello\n"));
    out << std::string(100'000, 'y');  // more than one buffer: sent as it fills
    EXPECT_EQ(sent.size(), 2u);
    out << std::flush;
    EXPECT_EQ(sent.size(), 3u);
    peer_there = false;
    out << "lost" << std::flush;
    EXPECT_FALSE(out.good()) << "a writer must learn that nobody reads any more";
  }
  size_t payload = 0;
  for (size_t i = 1; i < sent.size(); ++i) payload += sent[i].size() - 5;
  EXPECT_EQ(payload, 100'000u);
}

}  // namespace
}  // namespace phi::control
