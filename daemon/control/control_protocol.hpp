// The control socket's wire format, shared by the daemon (server) and phi-auditctl (client).
// A request is the command line the client was given (its arguments, not its program name);
// the reply is a stream of frames: standard output, standard error, and last the exit status.
// Every length is checked against a limit before anything is allocated.
#pragma once

#include <cstdint>
#include <functional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi::control {

constexpr size_t kMaxArguments = 64;
constexpr size_t kMaxRequestBytes = 64 * 1024;
constexpr size_t kMaxFrameBytes = 1 << 20;

// Request: "PHC1", u32 count, then count times (u32 length, bytes); integers big-endian.
std::string EncodeRequest(const std::vector<std::string>& args);
// Decodes a request from the bytes received so far: `complete_size` is its size once all of it
// is there (0 while more is needed). Bad input is an Invalid status, however much has come.
Status DecodeRequest(std::string_view data, size_t& complete_size, std::vector<std::string>& args);

// Reply frames: one type byte, u32 length, payload.
enum class FrameType : char { kOut = 'o', kErr = 'e', kExit = 'x' };
std::string EncodeFrame(FrameType type, std::string_view payload);
std::string EncodeExitFrame(int status);
// The status an exit frame's payload carries.
int DecodeExitStatus(std::string_view payload);

// Splits a reply stream into frames as bytes arrive.
class FrameReader {
 public:
  // Appends bytes; frames are then taken with Next().
  void Feed(std::string_view bytes) { buffer_.append(bytes); }
  // True with a frame, false when more bytes are needed; an oversized or unknown frame makes
  // `error` non-ok.
  bool Next(FrameType& type, std::string& payload, Status& error);

 private:
  std::string buffer_;
  size_t consumed_ = 0;
};

// A stream buffer that sends what is written to it as frames of one type, through `send`
// (which returns false once the peer is gone; later output is then discarded).
class FrameStreamBuf : public std::streambuf {
 public:
  using Sender = std::function<bool(std::string_view frame)>;
  FrameStreamBuf(FrameType type, Sender send);
  ~FrameStreamBuf() override;
  FrameStreamBuf(const FrameStreamBuf&) = delete;
  FrameStreamBuf& operator=(const FrameStreamBuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool SendBuffered();

  FrameType type_;
  Sender send_;
  std::vector<char> buffer_;
  bool failed_ = false;
};

}  // namespace phi::control
