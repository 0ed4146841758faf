#include "collectors/parse/csv_fields.hpp"

namespace phi {

bool CsvFieldSplitter::Split(std::string_view record, size_t* error_column, bool cut) {
  fields_.clear();
  unescaped_used_ = 0;
  size_t pos = 0;
  while (true) {
    if (pos < record.size() && record[pos] == '"') {
      if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
      std::string& buf = unescaped_[unescaped_used_++];
      buf.clear();
      size_t i = pos + 1;
      bool closed = false;
      while (i < record.size()) {
        size_t quote = record.find('"', i);
        if (quote == std::string_view::npos) break;
        buf.append(record.substr(i, quote - i));
        if (quote + 1 < record.size() && record[quote + 1] == '"') {
          buf += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        closed = true;
        break;
      }
      if (!closed && cut) {  // the cut fell inside this field: keep what was read of it
        if (i < record.size()) buf.append(record.substr(i));
        fields_.emplace_back(buf);
        return true;
      }
      if (!closed) {
        if (error_column) *error_column = pos;
        return false;
      }
      if (i < record.size() && record[i] != delimiter_) {
        if (error_column) *error_column = i;
        return false;
      }
      fields_.emplace_back(buf);
      if (i >= record.size()) return true;
      pos = i + 1;
    } else {
      size_t end = record.find(delimiter_, pos);
      std::string_view field =
          record.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
      if (field.find('"') != std::string_view::npos) {
        if (error_column) *error_column = pos + field.find('"');
        return false;
      }
      fields_.push_back(field);
      if (end == std::string_view::npos) return true;
      pos = end + 1;
    }
  }
}

}  // namespace phi
