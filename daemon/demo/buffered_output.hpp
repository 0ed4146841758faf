// A file written through one large reusable buffer and fwrite, for the generator's bulk output
// (no iostreams per line). Callers append to buffer() and call MaybeFlush() after each record.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "daemon/common/status.hpp"

namespace phi::demo {

class BufferedOutput {
  static constexpr size_t kFlushBytes = 1 << 20;

 public:
  // Opens `path` for writing, truncating it.
  static Result<std::unique_ptr<BufferedOutput>> Create(const std::string& path);
  // Takes ownership of an open file; use Create.
  BufferedOutput(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {
    buffer_.reserve(kFlushBytes + 64 * 1024);
  }

  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  uint64_t bytes_written() const { return bytes_ + buffer_.size(); }

  // Writes what is buffered and closes the file; reports the first write error.
  Status Close();

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  void Flush();

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string buffer_;
  uint64_t bytes_ = 0;
  bool failed_ = false;
};

}  // namespace phi::demo
