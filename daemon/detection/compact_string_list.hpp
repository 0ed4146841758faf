// A short list of short strings (the patients an alert names) in one buffer: each string is
// stored after its length (a varint), so ten MRNs take about 110 bytes instead of ten
// std::string objects of 32 bytes each plus the vector. Lists here hold at most a few dozen
// strings: look-ups scan. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace phi {

class CompactStringList {
 public:
  bool Contains(std::string_view s) const;
  void PushBack(std::string_view s);
  // REQUIRES: !empty().
  void PopFront();
  // Appends `s` unless it is empty, already listed, or the list has `cap` strings.
  void AppendUnique(std::string_view s, size_t cap);
  // Appends `s` unless it is empty or listed; at `cap` strings the oldest one goes first.
  void PushRecent(std::string_view s, size_t cap);

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::vector<std::string> ToVector() const;

  // Calls fn(string_view) for every string, in order.
  template <typename Fn>
  void ForEach(Fn fn) const {
    size_t at = 0;
    for (size_t i = 0; i < size_; ++i) fn(Next(at));
  }

  size_t bytes() const {
    return sizeof(*this) + (buffer_.capacity() > 15 ? buffer_.capacity() : 0);
  }

 private:
  std::string_view Next(size_t& at) const;

  std::string buffer_;  // varint length, bytes; repeated
  uint32_t size_ = 0;
  uint32_t newest_ = 0;  // where the newest string starts: a repeat of it is found at once
};

}  // namespace phi
