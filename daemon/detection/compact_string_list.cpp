#include "daemon/detection/compact_string_list.hpp"

namespace phi {

std::string_view CompactStringList::Next(size_t& at) const {
  size_t length = 0;
  for (unsigned shift = 0;; shift += 7) {
    auto byte = static_cast<unsigned char>(buffer_[at++]);
    length |= static_cast<size_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) break;
  }
  std::string_view s(buffer_.data() + at, length);
  at += length;
  return s;
}

bool CompactStringList::Contains(std::string_view s) const {
  if (size_ == 0) return false;
  size_t newest = newest_;
  if (Next(newest) == s) return true;  // the common case: the same patient again
  size_t at = 0;
  for (size_t i = 0; i < size_; ++i) {
    std::string_view listed = Next(at);
    // Identifiers of one kind share their length and prefix (MRN0001234): the last byte
    // settles most comparisons without a call to memcmp.
    if (listed.size() == s.size() && (s.empty() || listed.back() == s.back()) && listed == s)
      return true;
  }
  return false;
}

void CompactStringList::PushBack(std::string_view s) {
  newest_ = static_cast<uint32_t>(buffer_.size());
  size_t length = s.size();
  while (length >= 0x80) {
    buffer_.push_back(static_cast<char>(length | 0x80));
    length >>= 7;
  }
  buffer_.push_back(static_cast<char>(length));
  buffer_.append(s);
  ++size_;
}

void CompactStringList::PopFront() {
  size_t at = 0;
  Next(at);
  buffer_.erase(0, at);
  newest_ = --size_ == 0 ? 0 : static_cast<uint32_t>(newest_ - at);
}

void CompactStringList::AppendUnique(std::string_view s, size_t cap) {
  if (s.empty() || size_ >= cap || Contains(s)) return;
  PushBack(s);
}

void CompactStringList::PushRecent(std::string_view s, size_t cap) {
  if (s.empty() || Contains(s)) return;
  if (size_ == cap) PopFront();
  PushBack(s);
}

std::vector<std::string> CompactStringList::ToVector() const {
  std::vector<std::string> out;
  out.reserve(size_);
  ForEach([&](std::string_view s) { out.emplace_back(s); });
  return out;
}

}  // namespace phi
