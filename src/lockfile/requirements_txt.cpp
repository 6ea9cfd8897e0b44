// requirements.txt (pip's requirements file format, as produced by pip freeze / pip-compile).
//
// Decisions, since a requirements file is looser than a lockfile:
//   - Lines are joined and comments stripped the way pip does: a trailing '\' continues the
//     line (unless the line is a comment), '#' starts a comment at line start or after
//     whitespace ("…#egg=x" is not a comment). A package's line is the first physical line.
//   - "name==1.2" and "name===1.2" give the exact version. Unpinned requirements ("name>=1",
//     "name", "name==1.*") are recorded with an empty version: the package will be installed
//     but the file does not say which version (osv-scanner would take the lower bound, which
//     is not what gets installed).
//   - URL, path, VCS and -e lines are recorded with source = the URL as written; the name comes
//     from "name @ url", "#egg=name", or a wheel / sdist file name (which also give the
//     version); failing those, it is guessed from the last path segment ("…/repo.git@v1" ->
//     "repo"). "-e ." and "-e .." (the project itself) have no name and are not recorded.
//     Paths and file: URLs are is_local.
//   - "--hash=sha256:…" options (as many as given) become integrity "sha256:a sha256:b".
//   - "-r other.txt" / "-c constraints.txt" are not followed here: a reader reads only the file
//     it is given (lockfile.h), and Package has no field naming another file. The includes are
//     listed, with their lines, by requirements_txt_references() (python_names.h); the
//     inventory reads each -r file as a lockfile of its own, attributed to its file.
//   - An unpinned requirement is a Warning at its line (it cannot be matched exactly).
//   - Files whose name has a "dev", "develop", "test", "tests" or "testing" word
//     (requirements-dev.txt, test-requirements.txt, requirements_tests.txt) mark every package
//     kFlagDev: by convention they are not what the project ships.
//   - Global options (--index-url, --find-links, …) and unknown options are ignored, like pip's
//     forward-compatible readers; a requirement that is not valid PEP 508 is an Error.
// No edges and no roots: the format has none.
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/python_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

struct LogicalLine {
  int line = 0;    // 1-based line of the first physical line
  int column = 1;  // 1-based column of the first non-blank character
  std::string text;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// pip's COMMENT_RE `(^|\s+)#.*$`: the comment and the whitespace before it go.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '#') continue;
    if (i == 0 || is_blank(line[i - 1])) return line.substr(0, i);
  }
  return line;
}

bool is_comment_line(std::string_view line) {
  std::string_view trimmed = trim(line);
  return !trimmed.empty() && trimmed.front() == '#';
}

std::vector<LogicalLine> logical_lines(std::string_view content) {
  std::vector<LogicalLine> lines;
  std::string pending;
  int pending_line = 0;
  int number = 0;
  for (std::string_view physical : split(content, '\n')) {
    ++number;
    if (ends_with(physical, "\r")) physical.remove_suffix(1);
    bool continues = ends_with(physical, "\\") && !is_comment_line(physical);
    if (pending.empty() && pending_line == 0) pending_line = number;
    if (continues) {
      pending.append(physical.substr(0, physical.size() - 1));
      continue;
    }
    // A comment line ends a continuation without adding to it (pip prefixes it with a space,
    // which makes it a comment of the joined line).
    if (!is_comment_line(physical)) pending.append(physical);
    std::string_view without_comment = strip_comment(pending);
    std::string_view text = trim(without_comment);
    if (!text.empty()) {
      int column = static_cast<int>(without_comment.find(text.front())) + 1;
      lines.push_back({pending_line, column, std::string(text)});
    }
    pending.clear();
    pending_line = 0;
  }
  // A file may end inside a continuation; pip keeps what was gathered.
  if (std::string_view text = trim(strip_comment(pending)); !text.empty())
    lines.push_back({pending_line, 1, std::string(text)});
  return lines;
}

std::vector<std::string_view> tokens_of(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && is_blank(text[at])) ++at;
    std::size_t start = at;
    while (at < text.size() && !is_blank(text[at])) ++at;
    if (at > start) tokens.push_back(text.substr(start, at - start));
  }
  return tokens;
}

bool has_dev_word(std::string_view filename) {
  std::string lower = to_lower(filename);
  std::string word;
  for (std::size_t i = 0; i <= lower.size(); ++i) {
    char c = i < lower.size() ? lower[i] : '.';
    if (c == '-' || c == '_' || c == '.' || c == '/') {
      if (word == "dev" || word == "develop" || word == "test" || word == "tests" || word == "testing") return true;
      word.clear();
    } else {
      word += c;
    }
  }
  return false;
}

// Value of an option written "-x value", "-xvalue", "--long value" or "--long=value".
// `tokens[index]` is the option; advances index past a separate value.
std::string_view option_value(const std::vector<std::string_view>& tokens, std::size_t& index,
                              std::string_view short_name, std::string_view long_name) {
  std::string_view token = tokens[index];
  if (!long_name.empty() && starts_with(token, long_name)) {
    std::string_view rest = token.substr(long_name.size());
    if (starts_with(rest, "=")) return rest.substr(1);
    if (!rest.empty()) return {};
  } else if (!short_name.empty() && starts_with(token, short_name)) {
    std::string_view rest = token.substr(short_name.size());
    if (!rest.empty()) return rest;
  } else {
    return {};
  }
  if (index + 1 < tokens.size()) return tokens[++index];
  return {};
}

bool names_option(std::string_view token, std::string_view short_name, std::string_view long_name) {
  if (!long_name.empty() && (token == long_name || starts_with(token, std::string(long_name) + "="))) return true;
  return !short_name.empty() && starts_with(token, short_name) && !starts_with(token, "--");
}

bool looks_like_url_or_path(std::string_view text) {
  return text.find("://") != std::string_view::npos || starts_with(text, ".") || starts_with(text, "/") ||
         starts_with(text, "~") || starts_with(text, "file:") || ends_with(text, ".whl") ||
         ends_with(text, ".tar.gz") || ends_with(text, ".zip") || ends_with(text, ".tar.bz2") ||
         ends_with(text, ".tgz") || (text.size() > 2 && text[1] == ':' && (text[2] == '\\' || text[2] == '/'));
}

bool is_local_url(std::string_view url) {
  if (url.find("://") == std::string_view::npos) return true;
  return starts_with(url, "file:");
}

std::string_view leading_name(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' ||
                               text[end] == '_' || text[end] == '.'))
    ++end;
  return text.substr(0, end);
}

// Name and version a URL or path reveals: #egg=name, a wheel or sdist file name, else the last
// path segment as a guess. Returns an empty name when there is nothing to go on ("." or "..").
void name_from_url(std::string_view url, std::string& name, std::string& version) {
  std::string_view location = url.substr(0, url.find('#'));
  if (std::size_t egg = url.find("egg="); egg != std::string_view::npos && url.find('#') < egg) {
    std::string_view value = url.substr(egg + 4);
    value = value.substr(0, value.find('&'));
    name = std::string(leading_name(value));
    if (is_valid_python_name(name)) return;
    name.clear();
  }
  if (std::size_t query = location.find('?'); query != std::string_view::npos) location = location.substr(0, query);
  while (ends_with(location, "/") || ends_with(location, "\\")) location.remove_suffix(1);
  std::size_t slash = location.find_last_of("/\\");
  std::string_view segment = slash == std::string_view::npos ? location : location.substr(slash + 1);
  if (ends_with(segment, ".whl")) {
    std::vector<std::string_view> parts = split(segment, '-');
    if (parts.size() >= 5 && is_valid_python_name(parts[0])) {
      name = std::string(parts[0]);
      version = std::string(parts[1]);
      return;
    }
  }
  for (std::string_view archive : {".tar.gz", ".tar.bz2", ".tgz", ".zip"}) {
    if (!ends_with(segment, archive)) continue;
    std::string_view stem = segment.substr(0, segment.size() - archive.size());
    for (std::size_t dash = stem.rfind('-'); dash != std::string_view::npos && dash > 0;
         dash = stem.rfind('-', dash - 1)) {
      if (dash + 1 < stem.size() && std::isdigit(static_cast<unsigned char>(stem[dash + 1]))) {
        name = std::string(stem.substr(0, dash));
        version = std::string(stem.substr(dash + 1));
        if (is_valid_python_name(name)) return;
      }
    }
    segment = stem;
    break;
  }
  version.clear();
  if (std::size_t at = segment.find('@'); at != std::string_view::npos) segment = segment.substr(0, at);
  if (ends_with(segment, ".git")) segment.remove_suffix(4);
  name = is_valid_python_name(segment) ? std::string(segment) : std::string();
}

class RequirementsTxtReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "requirements.txt"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::PyPI; }

  bool matches_filename(std::string_view filename) const override {
    if (!ends_with(filename, ".txt")) return false;
    std::string_view stem = filename.substr(0, filename.size() - 4);
    return stem == "requirements" || starts_with(stem, "requirements-") || starts_with(stem, "requirements_") ||
           starts_with(stem, "requirements.") || ends_with(stem, "-requirements") || ends_with(stem, "_requirements");
  }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content); line != 0)
      throw Error(path, line, 1, "git merge-conflict marker; resolve the conflict first");
    Lockfile lockfile;
    lockfile.path = path;
    lockfile.format = "requirements.txt";
    lockfile.ecosystem = Ecosystem::PyPI;
    std::uint8_t flags = has_dev_word(std::filesystem::path(path).filename().string()) ? kFlagDev : 0;
    for (const LogicalLine& line : logical_lines(content)) read_line(path, line, flags, lockfile);
    return lockfile;
  }

 private:
  void read_line(const std::string& path, const LogicalLine& line, std::uint8_t flags, Lockfile& lockfile) const {
    std::vector<std::string_view> tokens = tokens_of(line.text);
    std::size_t index = 0;
    std::string requirement;
    bool editable = false;
    if (starts_with(tokens[0], "-")) {
      if (!names_option(tokens[0], "-e", "--editable")) return;  // -r, -c, global options: see header
      std::string_view value = option_value(tokens, index, "-e", "--editable");
      if (value.empty()) throw Error(path, line.line, line.column, "expected a path or URL after -e/--editable");
      requirement = std::string(value);
      editable = true;
      ++index;
    } else {
      // pip's break_args_options: the requirement runs up to the first token that starts with '-'.
      for (; index < tokens.size() && !starts_with(tokens[index], "-"); ++index) {
        if (!requirement.empty()) requirement += ' ';
        requirement.append(tokens[index]);
      }
    }
    Package package;
    package.ecosystem = Ecosystem::PyPI;
    package.line = line.line;
    package.flags = flags;
    if (!describe(path, line, requirement, editable, package)) return;
    if (package.version.empty() && package.source.empty())
      lockfile.warnings.push_back(warning_at(
          path, line.line, line.column, "unpinned-requirement",
          "'" + requirement.substr(0, 120) +
              "' is not pinned (no ==VERSION): pip installs whatever matches at install time, so it is listed "
              "without a version and cannot be checked against advisories exactly",
          "pin it as " + package.name.substr(0, 120) + "==VERSION, e.g. with pip-compile or pip freeze"));
    for (; index < tokens.size(); ++index) {
      if (!names_option(tokens[index], "", "--hash")) continue;
      std::string_view hash = option_value(tokens, index, "", "--hash");
      if (hash.empty()) throw Error(path, line.line, line.column, "expected a value after --hash, e.g. sha256:…");
      if (!package.integrity.empty()) package.integrity += ' ';
      package.integrity.append(hash);
    }
    lockfile.packages.push_back(std::move(package));
  }

  // Fills name/version/source; false when the requirement names no package ("-e .").
  static bool describe(const std::string& path, const LogicalLine& line, std::string_view requirement, bool editable,
                       Package& package) {
    std::string_view name = leading_name(requirement);
    std::string_view after_name = trim(requirement.substr(name.size()));
    bool named_url = is_valid_python_name(name) && (starts_with(after_name, "@") || starts_with(after_name, "["));
    if ((editable || looks_like_url_or_path(requirement)) && !named_url) {
      std::string_view url = requirement;
      if (std::size_t marker = url.find(" ;"); marker != std::string_view::npos) url = url.substr(0, marker);
      url = trim(url);
      package.source = std::string(url);
      package.is_local = is_local_url(url);
      std::string raw_name;
      name_from_url(url, raw_name, package.version);
      if (raw_name.empty()) return false;
      package.name = normalize_python_name(raw_name);
      return true;
    }
    Pep508 parsed = parse_pep508(requirement);
    if (!parsed.error.empty())
      throw Error(path, line.line, line.column + static_cast<int>(parsed.error_offset),
                  parsed.error + " in requirement '" + std::string(requirement) + "'");
    package.name = normalize_python_name(parsed.name);
    if (!parsed.url.empty()) {
      package.source = parsed.url;
      package.is_local = is_local_url(parsed.url);
      std::string ignored_name;
      name_from_url(parsed.url, ignored_name, package.version);
    } else {
      package.version = pinned_version(parsed.specifier);
    }
    return true;
  }
};

}  // namespace

std::vector<std::string> requirements_txt_includes(const std::string& path, std::string_view content) {
  std::vector<std::string> includes;
  std::filesystem::path directory = std::filesystem::path(path).parent_path();
  for (const LogicalLine& line : logical_lines(content)) {
    std::vector<std::string_view> tokens = tokens_of(line.text);
    std::size_t index = 0;
    if (!names_option(tokens[0], "-r", "--requirement")) continue;
    std::string_view value = option_value(tokens, index, "-r", "--requirement");
    if (value.empty() || value.find("://") != std::string_view::npos) continue;
    includes.push_back((directory / std::string(value)).lexically_normal().string());
  }
  return includes;
}

std::vector<RequirementsInclude> requirements_txt_references(const std::string& path, std::string_view content) {
  std::vector<RequirementsInclude> includes;
  std::filesystem::path directory = std::filesystem::path(path).parent_path();
  for (const LogicalLine& line : logical_lines(content)) {
    std::vector<std::string_view> tokens = tokens_of(line.text);
    std::size_t index = 0;
    bool constraint = names_option(tokens[0], "-c", "--constraint");
    if (!constraint && !names_option(tokens[0], "-r", "--requirement")) continue;
    std::string_view value = constraint ? option_value(tokens, index, "-c", "--constraint")
                                        : option_value(tokens, index, "-r", "--requirement");
    if (value.empty()) continue;
    RequirementsInclude include;
    include.written = std::string(value);
    include.line = line.line;
    include.column = line.column;
    include.constraint = constraint;
    if (value.find("://") == std::string_view::npos)
      include.path = (directory / std::string(value)).lexically_normal().string();
    includes.push_back(std::move(include));
  }
  return includes;
}

std::unique_ptr<Reader> make_requirements_txt_reader() { return std::make_unique<RequirementsTxtReader>(); }

}  // namespace tocsin::lockfile
