#include "daemon/control/control_protocol.hpp"

namespace phi::control {
namespace {

constexpr std::string_view kMagic = "PHC1";
constexpr size_t kFrameBuffer = 64 * 1024;

void PutU32(uint32_t v, std::string& out) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

uint32_t GetU32(std::string_view data, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(data[at + i]);
  return v;
}

}  // namespace

std::string EncodeRequest(const std::vector<std::string>& args) {
  std::string out(kMagic);
  PutU32(static_cast<uint32_t>(args.size()), out);
  for (const auto& a : args) {
    PutU32(static_cast<uint32_t>(a.size()), out);
    out += a;
  }
  return out;
}

Status DecodeRequest(std::string_view data, size_t& complete_size, std::vector<std::string>& args) {
  complete_size = 0;
  args.clear();
  if (data.size() < kMagic.size() + 4) {
    if (data.substr(0, kMagic.size()) != kMagic.substr(0, data.size()))
      return Status::Invalid("not a phi-auditctl request");
    return Status::Ok();
  }
  if (data.substr(0, kMagic.size()) != kMagic) return Status::Invalid("not a phi-auditctl request");
  uint32_t count = GetU32(data, kMagic.size());
  if (count > kMaxArguments) {
    return Status::Invalid("request has " + std::to_string(count) + " arguments (at most " +
                           std::to_string(kMaxArguments) + ")");
  }
  size_t at = kMagic.size() + 4;
  for (uint32_t i = 0; i < count; ++i) {
    if (data.size() < at + 4) return Status::Ok();
    uint32_t length = GetU32(data, at);
    at += 4;
    if (length > kMaxRequestBytes || at + length > kMaxRequestBytes)
      return Status::Invalid("request larger than " + std::to_string(kMaxRequestBytes) + " bytes");
    if (data.size() < at + length) return Status::Ok();
    args.emplace_back(data.substr(at, length));
    at += length;
  }
  if (data.size() > at) return Status::Invalid("bytes after the end of the request");
  complete_size = at;
  return Status::Ok();
}

std::string EncodeFrame(FrameType type, std::string_view payload) {
  std::string out(1, static_cast<char>(type));
  PutU32(static_cast<uint32_t>(payload.size()), out);
  out += payload;
  return out;
}

std::string EncodeExitFrame(int status) {
  std::string payload;
  PutU32(static_cast<uint32_t>(status), payload);
  return EncodeFrame(FrameType::kExit, payload);
}

int DecodeExitStatus(std::string_view payload) {
  return payload.size() == 4 ? static_cast<int>(GetU32(payload, 0)) : -1;
}

bool FrameReader::Next(FrameType& type, std::string& payload, Status& error) {
  error = Status::Ok();
  std::string_view pending = std::string_view(buffer_).substr(consumed_);
  if (pending.size() < 5) return false;
  char kind = pending[0];
  if (kind != static_cast<char>(FrameType::kOut) && kind != static_cast<char>(FrameType::kErr) &&
      kind != static_cast<char>(FrameType::kExit)) {
    error = Status::Corruption("the daemon sent an unknown reply frame");
    return false;
  }
  uint32_t length = GetU32(pending, 1);
  if (length > kMaxFrameBytes || (kind == static_cast<char>(FrameType::kExit) && length != 4)) {
    error = Status::Corruption("the daemon sent a malformed reply frame");
    return false;
  }
  if (pending.size() < 5 + length) return false;
  type = static_cast<FrameType>(kind);
  payload.assign(pending.substr(5, length));
  consumed_ += 5 + length;
  if (consumed_ > kFrameBuffer) {  // keep the buffer from growing with the whole reply
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return true;
}

FrameStreamBuf::FrameStreamBuf(FrameType type, Sender send) : type_(type), send_(std::move(send)) {
  buffer_.resize(kFrameBuffer);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FrameStreamBuf::~FrameStreamBuf() {
  SendBuffered();
}

FrameStreamBuf::int_type FrameStreamBuf::overflow(int_type c) {
  if (!SendBuffered()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FrameStreamBuf::sync() {
  return SendBuffered() ? 0 : -1;
}

bool FrameStreamBuf::SendBuffered() {
  size_t size = static_cast<size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (failed_) return false;
  if (size == 0) return true;
  failed_ = !send_(EncodeFrame(type_, std::string_view(buffer_.data(), size)));
  return !failed_;
}

}  // namespace phi::control
