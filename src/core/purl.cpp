#include "core/purl.h"

#include <algorithm>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"

namespace tocsin {
namespace {

std::string percent_decode(std::string_view text, std::string_view whole) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 2 < text.size() ? hex_digit_value(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_digit_value(text[i + 2]) : -1;
    if (high < 0 || low < 0)
      throw Error("invalid purl '" + std::string(whole) + "': '%' must be followed by two hex digits");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (is_unreserved(c) || c == ':') {  // purl-spec: ':' is never percent-encoded
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

// purl-spec: a qualifier key is ASCII letters, digits, '.', '-' and '_', not starting with a digit
// (lower-cased before this check).
bool is_valid_qualifier_key(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

// Type-specific rules of purl-spec PURL-TYPES for the types tocsin writes or reads.
void normalize_for_type(Purl& purl) {
  if (purl.type == "pypi") {
    purl.name = to_lower(purl.name);
    std::replace(purl.name.begin(), purl.name.end(), '_', '-');
  } else if (purl.type == "github" || purl.type == "bitbucket") {
    purl.namespace_ = to_lower(purl.namespace_);
    purl.name = to_lower(purl.name);
  }
}

bool is_valid_type(std::string_view type) {
  if (type.empty() || (type[0] >= '0' && type[0] <= '9')) return false;
  return std::all_of(type.begin(), type.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-';
  });
}

}  // namespace

std::string Purl::package_name() const { return namespace_.empty() ? name : namespace_ + "/" + name; }

Purl parse_purl(std::string_view text) {
  const std::string_view whole = text;
  auto fail = [&](std::string_view why) -> Error {
    return Error("invalid purl '" + std::string(whole) + "': " + std::string(why));
  };
  Purl purl;
  std::string_view rest = text;
  if (auto hash = rest.rfind('#'); hash != std::string_view::npos) {
    std::string subpath;
    for (auto segment : split(rest.substr(hash + 1), '/')) {
      if (segment.empty() || segment == "." || segment == "..") continue;
      if (!subpath.empty()) subpath += '/';
      subpath += percent_decode(segment, whole);
    }
    purl.subpath = subpath;
    rest = rest.substr(0, hash);
  }
  if (auto question = rest.rfind('?'); question != std::string_view::npos) {
    for (auto pair : split(rest.substr(question + 1), '&')) {
      if (pair.empty()) continue;
      auto equals = pair.find('=');
      if (equals == std::string_view::npos || equals == 0)
        throw fail("qualifier '" + std::string(pair) + "' is not key=value");
      std::string value = percent_decode(pair.substr(equals + 1), whole);
      if (value.empty()) continue;
      std::string key = to_lower(pair.substr(0, equals));
      if (!is_valid_qualifier_key(key)) throw fail("qualifier key '" + key + "' is not [a-z.-_][a-z0-9.-_]*");
      purl.qualifiers.emplace_back(std::move(key), std::move(value));
    }
    std::sort(purl.qualifiers.begin(), purl.qualifiers.end());
    rest = rest.substr(0, question);
  }
  auto colon = rest.find(':');
  if (colon == std::string_view::npos || to_lower(rest.substr(0, colon)) != "pkg") throw fail("must start with 'pkg:'");
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) throw fail("expected 'pkg:TYPE/NAME'");
  purl.type = to_lower(rest.substr(0, slash));
  if (!is_valid_type(purl.type)) throw fail("type '" + purl.type + "' is not [a-z.+-][a-z0-9.+-]*");
  rest = rest.substr(slash + 1);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (auto at = rest.rfind('@'); at != std::string_view::npos && rest.find('/', at) == std::string_view::npos) {
    // An '@' that begins the only segment is an unencoded npm scope, not a version separator.
    if (at != 0 && rest[at - 1] != '/') {
      purl.version = percent_decode(rest.substr(at + 1), whole);
      rest = rest.substr(0, at);
    }
  }
  auto last_slash = rest.rfind('/');
  std::string_view name = last_slash == std::string_view::npos ? rest : rest.substr(last_slash + 1);
  purl.name = percent_decode(name, whole);
  if (purl.name.empty()) throw fail("the name is empty");
  if (last_slash != std::string_view::npos) {
    std::string namespace_;
    for (auto segment : split(rest.substr(0, last_slash), '/')) {
      if (segment.empty()) continue;
      if (!namespace_.empty()) namespace_ += '/';
      namespace_ += percent_decode(segment, whole);
    }
    purl.namespace_ = namespace_;
  }
  normalize_for_type(purl);
  return purl;
}

std::optional<Purl> try_parse_purl(std::string_view text) {
  try {
    return parse_purl(text);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string format_purl(const Purl& given) {
  Purl purl = given;
  purl.type = to_lower(purl.type);
  if (!is_valid_type(purl.type)) throw Error("cannot build a purl: type '" + purl.type + "' is not valid");
  if (purl.name.empty()) throw Error("cannot build a purl: the name is empty");
  for (auto& [key, value] : purl.qualifiers) {
    key = to_lower(key);
    if (!is_valid_qualifier_key(key)) throw Error("cannot build a purl: qualifier key '" + key + "' is not valid");
  }
  normalize_for_type(purl);
  std::string out = "pkg:" + purl.type + "/";
  if (!purl.namespace_.empty()) {
    for (auto segment : split(purl.namespace_, '/')) out += percent_encode(segment) + "/";
  }
  out += percent_encode(purl.name);
  if (!purl.version.empty()) out += "@" + percent_encode(purl.version);
  if (!purl.qualifiers.empty()) {
    auto sorted = purl.qualifiers;
    std::sort(sorted.begin(), sorted.end());
    char separator = '?';
    for (const auto& [key, value] : sorted) {
      if (value.empty()) continue;
      out += separator + key + "=" + percent_encode(value);
      separator = '&';
    }
  }
  if (!purl.subpath.empty()) {
    out += '#';
    bool first = true;
    for (auto segment : split(purl.subpath, '/')) {
      if (!first) out += '/';
      out += percent_encode(segment);
      first = false;
    }
  }
  return out;
}

std::optional<Ecosystem> ecosystem_of_purl_type(std::string_view type) {
  if (type == "cargo") return Ecosystem::CratesIo;
  if (type == "npm") return Ecosystem::Npm;
  if (type == "pypi") return Ecosystem::PyPI;
  return std::nullopt;
}

Purl purl_for_package(Ecosystem ecosystem, std::string_view name, std::string_view version) {
  Purl purl;
  purl.type = std::string(purl_type(ecosystem));
  purl.version = std::string(version);
  auto slash = name.find('/');
  if (ecosystem == Ecosystem::Npm && !name.empty() && name[0] == '@' && slash != std::string_view::npos) {
    purl.namespace_ = std::string(name.substr(0, slash));
    purl.name = std::string(name.substr(slash + 1));
  } else {
    purl.name = ecosystem == Ecosystem::PyPI ? normalized_package_name(ecosystem, name) : std::string(name);
  }
  return purl;
}

std::string normalized_package_name(Ecosystem ecosystem, std::string_view name) {
  if (ecosystem != Ecosystem::PyPI) return std::string(name);
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

}  // namespace tocsin
