// packaging.specifiers (24.2+): Specifier's regular expression, its _compare_* operators and
// SpecifierSet.contains with prereleases=None.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "version/pep440.h"

namespace tocsin::version::pep440 {

std::size_t python_space_length(std::string_view text);  // pep440.cpp
std::string_view python_strip(std::string_view text);

namespace {

struct Specifier {
  std::string_view op;
  std::string_view version;  // stripped text after the operator
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `v?(N!)?N(.N)*.*` — the wildcard form allowed after == and !=.
bool is_wildcard_version(std::string_view text) {
  if (!text.ends_with(".*")) return false;
  text.remove_suffix(2);
  if (!text.empty() && lower(text[0]) == 'v') text.remove_prefix(1);
  if (std::size_t bang = text.find('!'); bang != std::string_view::npos) {
    std::string_view epoch = text.substr(0, bang);
    if (epoch.empty()) return false;
    for (char c : epoch)
      if (!is_digit(c)) return false;
    text.remove_prefix(bang + 1);
  }
  if (text.empty()) return false;
  bool need_digit = true;
  for (char c : text) {
    if (is_digit(c))
      need_digit = false;
    else if (c == '.' && !need_digit)
      need_digit = true;
    else
      return false;
  }
  return !need_digit;
}

std::size_t release_components(std::string_view release) {
  std::size_t n = 1;
  for (char c : release) n += c == '.';
  return n;
}

std::optional<Specifier> parse_specifier(std::string_view text) {
  text = python_strip(text);
  Specifier spec;
  for (std::string_view op : {"===", "~=", "==", "!=", "<=", ">=", "<", ">"}) {
    if (text.starts_with(op)) {
      spec.op = op;
      break;
    }
  }
  if (spec.op.empty()) return std::nullopt;
  std::string_view rest = python_strip(text.substr(spec.op.size()));
  spec.version = rest;
  if (spec.op == "===") {
    // [^\s;)]* : anything without white space, ';' or ')'.
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == ';' || rest[i] == ')' || python_space_length(rest.substr(i)) != 0) return std::nullopt;
    }
    return spec;
  }
  if ((spec.op == "==" || spec.op == "!=") && is_wildcard_version(rest)) return spec;
  auto version = parse(rest);
  // Version's own parse strips white space; inside the specifier none may remain.
  if (!version || rest.empty() || python_space_length(rest) != 0) return std::nullopt;
  bool local_allowed = spec.op == "==" || spec.op == "!=";
  if (!version->local.empty() && !local_allowed) return std::nullopt;
  if (spec.op == "~=" && release_components(version->release) < 2) return std::nullopt;
  return spec;
}

std::vector<Specifier> parse_set(std::string_view text) {
  std::vector<Specifier> specs;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view item = python_strip(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (!item.empty()) {
      auto spec = parse_specifier(item);
      if (!spec) throw Error("invalid PEP 440 specifier '" + std::string(item) + "'");
      specs.push_back(*spec);
    }
    if (comma == std::string_view::npos) return specs;
    start = comma + 1;
  }
}

Version must_parse(std::string_view text) {
  auto v = parse(text);
  if (!v) throw Error("invalid PEP 440 version '" + std::string(text) + "'");
  return *v;
}

Version public_of(Version v) {
  v.local = {};
  return v;
}

Version base_of(Version v) {
  Version base;
  base.epoch = v.epoch;
  base.release = v.release;
  return base;
}

// _version_split: epoch, then the '.'-separated items, "5a1"/"5rc1" split in two.
std::vector<std::string> version_split(std::string_view text) {
  std::vector<std::string> out;
  std::size_t bang = text.rfind('!');
  std::string_view epoch = bang == std::string_view::npos ? std::string_view() : text.substr(0, bang);
  std::string_view rest = bang == std::string_view::npos ? text : text.substr(bang + 1);
  out.emplace_back(epoch.empty() ? "0" : epoch);
  while (true) {
    std::size_t dot = rest.find('.');
    std::string_view item = rest.substr(0, dot);
    // ^([0-9]+)((?:a|b|c|rc)[0-9]+)$
    std::size_t d = 0;
    while (d < item.size() && is_digit(item[d])) ++d;
    std::size_t letters = item.substr(d).starts_with("rc")                                            ? 2
                          : (d < item.size() && (item[d] == 'a' || item[d] == 'b' || item[d] == 'c')) ? 1
                                                                                                      : 0;
    std::size_t n = d + letters;
    bool tail_digits = n < item.size();
    for (std::size_t i = n; i < item.size(); ++i) tail_digits = tail_digits && is_digit(item[i]);
    if (d > 0 && letters > 0 && tail_digits) {
      out.emplace_back(item.substr(0, d));
      out.emplace_back(item.substr(d));
    } else {
      out.emplace_back(item);
    }
    if (dot == std::string_view::npos) return out;
    rest.remove_prefix(dot + 1);
  }
}

// canonicalize_version(text, strip_trailing_zero=False) then _version_split; text that is not a
// version is split as it is.
std::vector<std::string> canonical_split(std::string_view text) {
  auto v = parse(text);
  if (!v) return version_split(text);
  v->local = {};
  return version_split(normalize(*v));
}

bool is_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// _compare_equal with a trailing ".*": `prefix` is the text before it.
bool wildcard_equal(const Version& prospective, std::string_view prefix) {
  std::vector<std::string> spec = canonical_split(prefix);
  Version pub = public_of(prospective);
  std::vector<std::string> pros = version_split(normalize(pub));
  std::size_t pros_num = 0, spec_num = 0;
  while (pros_num < pros.size() && is_digits(pros[pros_num])) ++pros_num;
  while (spec_num < spec.size() && is_digits(spec[spec_num])) ++spec_num;
  std::vector<std::string> padded(pros.begin(), pros.begin() + static_cast<std::ptrdiff_t>(pros_num));
  for (std::size_t i = pros_num; i < spec_num; ++i) padded.emplace_back("0");
  padded.insert(padded.end(), pros.begin() + static_cast<std::ptrdiff_t>(pros_num), pros.end());
  if (padded.size() > spec.size()) padded.resize(spec.size());
  return padded == spec;
}

bool compare_equal(const Version& prospective, std::string_view spec) {
  if (spec.ends_with(".*")) return wildcard_equal(prospective, spec.substr(0, spec.size() - 2));
  Version bound = must_parse(spec);
  Version item = bound.local.empty() ? public_of(prospective) : prospective;
  return compare(item, bound) == 0;
}

bool compare_compatible(const Version& prospective, std::string_view spec) {
  std::vector<std::string> items = version_split(spec);
  std::size_t taken = 0;
  for (const auto& item : items) {
    bool suffix = item.starts_with("dev") || item.starts_with("a") || item.starts_with("b") || item.starts_with("rc") ||
                  item.starts_with("post");
    if (suffix) break;
    ++taken;
  }
  if (taken > 0) --taken;  // [:-1]
  if (taken == 0) throw Error("invalid ~= specifier '" + std::string(spec) + "'");
  std::string prefix = items[0] + "!";
  for (std::size_t i = 1; i < taken; ++i) prefix += (i > 1 ? "." : "") + items[i];
  return compare(public_of(prospective), must_parse(spec)) >= 0 && wildcard_equal(prospective, prefix);
}

bool matches(const Specifier& spec, const Version& v) {
  const std::string_view op = spec.op;
  if (op == "==") return compare_equal(v, spec.version);
  if (op == "!=") return !compare_equal(v, spec.version);
  if (op == "~=") return compare_compatible(v, spec.version);
  if (op == "<=") return compare(public_of(v), must_parse(spec.version)) <= 0;
  if (op == ">=") return compare(public_of(v), must_parse(spec.version)) >= 0;
  if (op == "<") {
    Version bound = must_parse(spec.version);
    if (compare(v, bound) >= 0) return false;
    return !(!bound.is_prerelease() && v.is_prerelease() && compare(base_of(v), base_of(bound)) == 0);
  }
  if (op == ">") {
    Version bound = must_parse(spec.version);
    if (compare(v, bound) <= 0) return false;
    bool same_base = compare(base_of(v), base_of(bound)) == 0;
    if (!bound.is_postrelease() && v.is_postrelease() && same_base) return false;
    return !(!v.local.empty() && same_base);
  }
  // ===: the normalized version against the text, case-insensitively.
  std::string normalized = normalize(v);
  if (normalized.size() != spec.version.size()) return false;
  for (std::size_t i = 0; i < normalized.size(); ++i)
    if (lower(normalized[i]) != lower(spec.version[i])) return false;
  return true;
}

// Specifier.prereleases without an explicit value; nullopt where packaging raises (an `===`
// whose text is not a version). A specifier that names a pre-release admits pre-releases,
// whatever its operator but `!=`: PEP 440 ("pre-releases … excluded … unless … explicitly
// requested") and packaging since 24.2 (pypa/packaging#788, which added `<` and `>`; 24.1
// and earlier ignored them, so `0.2.dev0` did not satisfy `>0.1rc1`).
std::optional<bool> allows_prereleases(const Specifier& spec) {
  if (spec.op == "!=") return false;
  std::string_view text = spec.version;
  if (spec.op == "==" && text.ends_with(".*")) text.remove_suffix(2);
  auto v = parse(text);
  if (!v) return std::nullopt;
  return v->is_prerelease();
}

}  // namespace

bool satisfies(const Version& version, std::string_view specifiers) {
  std::vector<Specifier> specs = parse_set(specifiers);
  // packaging's any() over a frozenset stops at the first specifier that allows prereleases,
  // so an unreadable `===` only raises when nothing else allows them (in some hash orders it
  // raises regardless; tocsin takes the order-independent reading).
  bool prereleases = false;
  std::string_view unreadable;
  for (const auto& spec : specs) {
    auto allows = allows_prereleases(spec);
    if (!allows)
      unreadable = spec.version;
    else
      prereleases = prereleases || *allows;
  }
  if (!prereleases && unreadable.data() != nullptr)
    throw Error("'===" + std::string(unreadable) + "' is not a PEP 440 version (packaging raises InvalidVersion)");
  if (!prereleases && version.is_prerelease()) return false;
  for (const auto& spec : specs)
    if (!matches(spec, version)) return false;
  return true;
}

bool is_valid_specifier_set(std::string_view specifiers) {
  try {
    parse_set(specifiers);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace tocsin::version::pep440
