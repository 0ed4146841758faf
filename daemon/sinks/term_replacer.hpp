// Replaces known terms (an alert's MRNs) in text with their pseudonyms: every occurrence,
// ignoring ASCII case, the longest term first where terms overlap, and only whole words. A term
// that begins (ends) with a letter or digit matches only where no letter or digit stands before
// (after) it, so the MRN "123" leaves "91234" and "MRN1234" alone yet is found in "(123)",
// "u7:123" or "123's". A short numeric MRN also replaces the same number elsewhere in a
// sentence: a lost detail, never a leak.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace phi {

class TermReplacer {
 public:
  // Adds a term; an empty term, or one added before (exactly), is ignored.
  void Add(std::string_view term, std::string replacement);
  bool empty() const { return terms_.empty(); }

  // Returns `text` with every whole-word occurrence replaced.
  std::string Replace(std::string_view text) const;

 private:
  struct Term {
    std::string text;
    std::string replacement;
  };
  // The term that matches at `pos` (the longest; an exact-case one among equally long), or null.
  const Term* MatchAt(std::string_view text, size_t pos) const;

  std::vector<Term> terms_;  // longest first
};

}  // namespace phi
