// Buffered bulk file output (see buffered_output.hpp).
#include "daemon/demo/buffered_output.hpp"

#include <cerrno>
#include <cstring>

namespace phi::demo {

Result<std::unique_ptr<BufferedOutput>> BufferedOutput::Create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  }
  return std::make_unique<BufferedOutput>(path, file);
}

void BufferedOutput::Flush() {
  if (!failed_ && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) {
    failed_ = true;
  }
  bytes_ += buffer_.size();
  buffer_.clear();
}

Status BufferedOutput::Close() {
  Flush();
  if (!file_) return Status::Ok();
  int flush_error = std::fflush(file_.get());
  std::FILE* file = file_.release();
  if (std::fclose(file) != 0 || flush_error != 0 || failed_) {
    return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace phi::demo
