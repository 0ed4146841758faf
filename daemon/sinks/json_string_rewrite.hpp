// Rewrites the string values of a JSON document and nothing else: keys, numbers (as written),
// literals and structure stay, so an alert's evidence can be pseudonymised and remain the same
// valid object. Whitespace between tokens is not kept.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace phi {

// Receives each string value (unescaped) with the key of the member that holds it (inside an
// array, the array's key; "" at the top) and returns the text to write in its place.
using JsonStringRewrite = std::function<std::string(std::string_view key, std::string_view value)>;

// Writes `json` (an object or an array) to `out` with every string value passed through
// `rewrite`. Returns false, leaving `out` unspecified, when `json` is not valid JSON.
bool RewriteJsonStrings(std::string_view json, const JsonStringRewrite& rewrite, std::string& out);

}  // namespace phi
