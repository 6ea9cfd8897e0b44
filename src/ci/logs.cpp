// `ci logs`: exfiltration indicators in unpacked GitHub Actions log archives.
//
// GitHub masks known secrets as `***` in logs, so a compromised action that wants them out
// prints them encoded — the tj-actions/changed-files payload (March 2025) printed the runner's
// memory dump as base64 of base64. This scanner looks for exactly those traces, plus outbound
// commands (curl, wget, Invoke-WebRequest/RestMethod) to hosts outside the egress allowlist and
// token formats printed in clear. Everything is a single pass per line without regular
// expressions (a 1 GB log directory must take seconds, not minutes). Tokens are found by the
// caller's SecretScanner (the CLI: the secrets module's detectors, one pass over each file) and
// reported as it redacts them: never more than a token's public prefix and last four characters.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include "ci/ci.h"
#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"

namespace tocsin::ci {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMinBase64 = 24;  // shorter runs are hashes, ids, ordinary words

bool is_base64_char(unsigned char c) { return base64_value(c) >= 0; }

bool mostly_printable(std::string_view text) {
  if (text.empty()) return false;
  std::size_t printable = 0;
  for (unsigned char c : text)
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t') ++printable;
  return printable * 100 >= text.size() * 95;
}

bool all_base64(std::string_view text) {
  std::string_view body = trim(text);
  while (!body.empty() && body.back() == '=') body.remove_suffix(1);
  if (body.size() < 8) return false;
  return std::all_of(body.begin(), body.end(), [](unsigned char c) { return is_base64_char(c); });
}

// What the decoded content of a double-base64 string looks like, and the first token the
// secret detectors find in it (redacted by them).
std::string describe_content(std::string_view content, const LogOptions& options) {
  std::string description;
  if (options.find_secrets) {
    std::vector<SecretHit> hits = options.find_secrets(content);
    if (!hits.empty()) description = "contains a " + hits.front().kind + " " + hits.front().redacted;
    if (hits.size() > 1) description += " and " + std::to_string(hits.size() - 1) + " more secret(s)";
  }
  std::string_view body = trim(content);
  std::string shape;
  if (starts_with(body, "{") || starts_with(body, "["))
    shape = body.find("\"isSecret\"") != std::string_view::npos ? "runner secrets JSON (isSecret entries)" : "JSON";
  else if (body.find('=') != std::string_view::npos && body.find('\n') != std::string_view::npos)
    shape = "KEY=value lines (environment dump)";
  else
    shape = "text";
  return shape + (description.empty() ? "" : ", " + description);
}

std::string host_of(std::string_view url, std::string* path) {
  auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (path != nullptr) *path = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos)
    authority = authority.substr(0, colon);
  return to_lower(authority);
}

std::vector<std::string_view> urls_in(std::string_view line) {
  std::vector<std::string_view> urls;
  std::size_t at = 0;
  while ((at = line.find("http", at)) != std::string_view::npos) {
    std::size_t start = at;
    std::string_view rest = line.substr(at);
    std::size_t scheme = starts_with(rest, "https://") ? 8 : starts_with(rest, "http://") ? 7 : 0;
    if (scheme == 0) {
      at += 4;
      continue;
    }
    std::size_t end = start + scheme;
    while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end])) && line[end] != '"' &&
           line[end] != '\'' && line[end] != '`' && line[end] != '>' && line[end] != ')')
      ++end;
    if (end > start + scheme) urls.push_back(line.substr(start, end - start));
    at = end;
  }
  return urls;
}

bool contains_ci(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != text.end();
}

bool is_outbound_command(std::string_view line) {
  return line.find("curl") != std::string_view::npos || line.find("wget") != std::string_view::npos ||
         contains_ci(line, "invoke-webrequest") || contains_ci(line, "invoke-restmethod") || contains_ci(line, "iwr ");
}

bool is_post(std::string_view line) {
  return line.find("-X POST") != std::string_view::npos || line.find("-XPOST") != std::string_view::npos ||
         line.find("--request POST") != std::string_view::npos || line.find("--data") != std::string_view::npos ||
         line.find(" -d ") != std::string_view::npos || line.find(" -F ") != std::string_view::npos ||
         line.find("--form") != std::string_view::npos || line.find("--upload-file") != std::string_view::npos ||
         line.find("--post-data") != std::string_view::npos || line.find("--post-file") != std::string_view::npos ||
         contains_ci(line, "-method post") || contains_ci(line, "-method 'post'") || contains_ci(line, "-body ");
}

// The leading timestamp GitHub writes on each line ("2025-03-14T16:02:31.1234567Z ").
std::string_view leading_timestamp(std::string_view line) {
  if (line.size() < 20 || line[4] != '-' || line[7] != '-' || (line[10] != 'T' && line[10] != ' ')) return {};
  auto space = line.find(' ', 11);
  return line.substr(0, space == std::string_view::npos ? line.size() : space);
}

std::optional<std::int64_t> bound(const std::string& text, const char* which) {
  if (text.empty()) return std::nullopt;
  return parse_time(text, "--" + std::string(which));  // the forms of every time option (core/time.h)
}

}  // namespace

void scan_log_text(std::string_view text, const LogOptions& options, const LogFinding& where,
                   std::vector<LogFinding>& out) {
  auto from = bound(options.from, "from");
  auto to = bound(options.to, "to");
  // Tokens in clear: the secret detectors run once over the whole text (one Hyperscan pass in
  // the CLI), their hits are then taken line by line with the window applied.
  std::vector<SecretHit> secrets;
  if (options.find_secrets) secrets = options.find_secrets(text);
  std::stable_sort(secrets.begin(), secrets.end(),
                   [](const SecretHit& a, const SecretHit& b) { return a.line < b.line; });
  std::size_t next_secret = 0;
  int number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::string_view stamp = leading_timestamp(line);
    if (!stamp.empty() && (from || to)) {
      auto when = parse_rfc3339(stamp);
      if (when && ((from && *when < *from) || (to && *when > *to))) continue;
    }
    std::string_view body = stamp.empty() ? line : line.substr(std::min(line.size(), stamp.size() + 1));
    auto report = [&](std::string kind, std::string message) {
      LogFinding finding = where;
      finding.kind = std::move(kind);
      finding.line = number;
      finding.timestamp = std::string(stamp);
      finding.message = std::move(message);
      out.push_back(std::move(finding));
    };
    // Double base64: a long run of base64 characters whose decoding is again base64.
    for (std::size_t i = 0; i < body.size();) {
      if (!is_base64_char(static_cast<unsigned char>(body[i]))) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < body.size() && (is_base64_char(static_cast<unsigned char>(body[j])) || body[j] == '=')) ++j;
      if (j - i >= kMinBase64) {
        auto once = base64_decode(body.substr(i, j - i));
        if (once && all_base64(*once)) {
          auto twice = base64_decode(trim(*once));
          if (twice && mostly_printable(*twice))
            report("double-base64", "base64 of base64 (" + std::to_string(j - i) + " chars) decodes to " +
                                        describe_content(*twice, options));
        }
      }
      i = j;
    }
    for (; next_secret < secrets.size() && secrets[next_secret].line <= static_cast<std::size_t>(number); ++next_secret)
      if (secrets[next_secret].line == static_cast<std::size_t>(number))
        report("secret", secrets[next_secret].kind + " printed in clear: " + secrets[next_secret].redacted);
    if (is_outbound_command(body)) {
      bool post = is_post(body);
      for (std::string_view url : urls_in(body)) {
        std::string path;
        std::string host = host_of(url, &path);
        if (host.empty() || endpoint_allowed(host, path, options.allowed_hosts)) continue;
        report(post ? "post" : "url",
               std::string(post ? "POST to " : "request to ") + host + ", which is not in the egress allowlist");
      }
    }
    for (const std::string& marker : options.compromised_markers)
      if (!marker.empty() && body.find(marker) != std::string_view::npos)
        report("marker", "line printed by the compromised action (matches '" + marker + "')");
  }
}

std::vector<LogFinding> scan_logs(const std::string& dir, const LogOptions& options) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw Error(dir, 0, 0, "not a directory");
  bound(options.from, "from");
  bound(options.to, "to");
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (it->is_symlink(error)) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(error) && it->path().extension() == ".txt")
      files.push_back(fs::relative(it->path(), dir, error).generic_string());
  }
  if (error) throw Error(dir, 0, 0, "cannot list directory: " + error.message());
  std::sort(files.begin(), files.end());
  bool single_archive =
      std::any_of(files.begin(), files.end(), [](const std::string& f) { return f.find('/') == std::string::npos; });
  std::vector<LogFinding> out;
  for (const std::string& relative : files) {
    // run/job/N_step.txt, run/N_job.txt, or N_job.txt (one unpacked archive given directly).
    auto parts = split(relative, '/');
    auto strip_number = [](std::string_view name) {
      if (ends_with(name, ".txt")) name.remove_suffix(4);
      auto underscore = name.find('_');
      bool numbered = underscore != std::string_view::npos && underscore > 0 &&
                      std::all_of(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(underscore),
                                  [](unsigned char c) { return std::isdigit(c); });
      return std::string(numbered ? name.substr(underscore + 1) : name);
    };
    LogFinding where;
    where.file = relative;
    // One archive given directly (job files at the top): job/N_step.txt. A directory of runs:
    // run/N_job.txt and run/job/N_step.txt.
    std::size_t first = single_archive ? 0 : 1;
    if (!single_archive && parts.size() >= 2) where.run = std::string(parts[0]);
    if (parts.size() == first + 1) {
      where.job = strip_number(parts.back());
    } else if (parts.size() >= first + 2) {
      where.job = std::string(parts[parts.size() - 2]);
      where.step = strip_number(parts.back());
    }
    std::string content = read_file((fs::path(dir) / relative).string());
    scan_log_text(content, options, where, out);
  }
  return out;
}

}  // namespace tocsin::ci
