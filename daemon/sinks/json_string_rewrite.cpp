#include "daemon/sinks/json_string_rewrite.hpp"

#include <simdjson.h>

#include <utility>

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

bool CopyValue(od::value& value, std::string_view key, const JsonStringRewrite& rewrite,
               std::string& out);

bool CopyObject(od::object& object, const JsonStringRewrite& rewrite, std::string& out) {
  out += '{';
  bool first = true;
  for (auto member : object) {
    od::field field;
    std::string_view key_text;
    if (std::move(member).get(field) != SUCCESS || field.unescaped_key().get(key_text) != SUCCESS) {
      return false;
    }
    const std::string key(key_text);
    if (!first) out += ',';
    first = false;
    AppendJsonString(key, out);
    out += ':';
    if (!CopyValue(field.value(), key, rewrite, out)) return false;
  }
  out += '}';
  return true;
}

bool CopyArray(od::array& array, std::string_view key, const JsonStringRewrite& rewrite,
               std::string& out) {
  out += '[';
  bool first = true;
  for (auto element : array) {
    od::value item;
    if (std::move(element).get(item) != SUCCESS) return false;
    if (!first) out += ',';
    first = false;
    if (!CopyValue(item, key, rewrite, out)) return false;
  }
  out += ']';
  return true;
}

bool CopyValue(od::value& value, std::string_view key, const JsonStringRewrite& rewrite,
               std::string& out) {
  od::json_type type;
  if (value.type().get(type) != SUCCESS) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      return value.get_object().get(object) == SUCCESS && CopyObject(object, rewrite, out);
    }
    case od::json_type::array: {
      od::array array;
      return value.get_array().get(array) == SUCCESS && CopyArray(array, key, rewrite, out);
    }
    case od::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text) != SUCCESS) return false;
      AppendJsonString(rewrite(key, text), out);
      return true;
    }
    case od::json_type::number:
    case od::json_type::boolean:
    case od::json_type::null: {
      // As written (the whole document was validated first); the token may carry spaces.
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
      out += raw;
      return true;
    }
  }
  return false;
}

}  // namespace

bool RewriteJsonStrings(std::string_view json, const JsonStringRewrite& rewrite, std::string& out) {
  const simdjson::padded_string padded(json);
  // On-demand parsing checks only what it visits and not what trails the document: the DOM
  // parser validates the whole text first.
  simdjson::dom::parser validator;
  simdjson::dom::element root;
  if (validator.parse(padded).get(root) != SUCCESS) return false;
  if (!root.is_object() && !root.is_array()) return false;

  od::parser parser;
  od::document document;
  if (parser.iterate(padded).get(document) != SUCCESS) return false;
  out.clear();
  if (root.is_object()) {
    od::object object;
    return document.get_object().get(object) == SUCCESS && CopyObject(object, rewrite, out);
  }
  od::array array;
  return document.get_array().get(array) == SUCCESS && CopyArray(array, "", rewrite, out);
}

}  // namespace phi
