#include "core/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/encoding.h"
#include "core/error.h"

namespace tocsin {

// One read into a string sized from fstat: no stream buffer, no doubling-and-copying growth.
// Each fresh heap page costs a page fault, and on a VM a fault costs tens of microseconds: a
// 200 kB Cargo.lock read through a stringstream touched ~3x its size in new pages.
std::string read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path, 0, 0, std::string("cannot open file: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw Error(path, 0, 0, std::string("cannot read file: ") + std::strerror(errno));
  // The size is a hint: a file that grows is read to its end, a pipe or device (size 0) too.
  std::string content(S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) : 0, '\0');
  std::size_t done = 0;
  for (;;) {
    // Past the expected size, read into a small buffer: end of file is the usual answer, and
    // growing the string first would fault its new pages in for nothing.
    char more[4096];
    const bool full = done == content.size();
    const ssize_t n = full ? ::read(fd, more, sizeof more) : ::read(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path, 0, 0, std::string("cannot read file: ") + std::strerror(errno));
    if (n == 0) break;
    if (full) content.append(more, static_cast<std::size_t>(n));
    done += static_cast<std::size_t>(n);
  }
  content.resize(done);
  return content;
}

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

int LineIndex::line_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

int LineIndex::column_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(offset - *(it - 1)) + 1;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + separator.size();
  }
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  return split(text, std::string_view(&separator, 1));
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int find_conflict_marker(std::string_view text) {
  int line = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view row = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (starts_with(row, "<<<<<<< ") || row == "<<<<<<<" || starts_with(row, ">>>>>>> ") || row == "=======" ||
        row == "=======\r")
      return line;
    if (end == std::string_view::npos) break;
    start = end + 1;
    ++line;
  }
  return 0;
}

namespace {

bool shown_as_code_point(char32_t code) {
  return (code >= 0x80 && code <= 0x9F) || code == 0x061C || code == 0x200E || code == 0x200F ||
         (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069) || code == 0x2028 || code == 0x2029;
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits, bool upper = false) {
  const char* const kHex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

}  // namespace

std::string escape_terminal(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // Printable ASCII, nearly every byte of a table cell, is copied a run at a time.
    std::size_t run_end = i;
    while (run_end < text.size() && static_cast<unsigned char>(text[run_end]) - 0x20u < 0x5Fu) ++run_end;
    if (run_end != i) {
      out.append(text.substr(i, run_end - i));
      i = run_end;
      continue;
    }
    const auto [code, length] = decode_utf8(text, i);
    if (length == 0) {
      append_hex(out, "\\x", static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    if (code < 0x20 || code == 0x7F) {
      if (keep_newlines && (code == '\n' || code == '\t'))
        out += static_cast<char>(code);
      else
        append_hex(out, "\\x", static_cast<unsigned>(code), 2);
    } else if (shown_as_code_point(code)) {
      append_hex(out, "\\u", static_cast<unsigned>(code), 4);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

namespace {

bool starts_markup(std::string_view text, std::size_t at, std::string_view also) {
  if (at >= text.size()) return false;
  const auto c = static_cast<unsigned char>(text[at]);
  return std::isalnum(c) || also.find(text[at]) != std::string_view::npos;
}

}  // namespace

std::string markdown_text(std::string_view text) {
  std::string out;
  const std::string safe = escape_terminal(text, true);
  for (std::size_t i = 0; i < safe.size(); ++i) {
    const char c = safe[i];
    switch (c) {
      case '\n':
      case '\t': out += ' '; break;
      // '<' only starts HTML or an autolink before a letter, '/', '!' or '?', and '&' an entity
      // only before a letter, digit or '#': "< 0.4.3" and ">= 0.3.0" stay readable.
      case '<': out += starts_markup(safe, i + 1, "/!?") ? "&lt;" : "<"; break;
      case '&': out += starts_markup(safe, i + 1, "#") ? "&amp;" : "&"; break;
      case '@':
        out += '@';
        // A mention is '@' after a non-word character and before a name (an e-mail address is
        // not one); a zero-width space breaks it.
        if ((i == 0 || !std::isalnum(static_cast<unsigned char>(safe[i - 1]))) && i + 1 < safe.size() &&
            (std::isalnum(static_cast<unsigned char>(safe[i + 1])) || safe[i + 1] == '-'))
          out += "&#8203;";
        break;
      default:
        // Only what can start markup inside a line: the texts are never at the start of one.
        if (std::string_view("\\`*_[]|~$").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text, bool in_table_cell) {
  std::string body;
  for (char c : escape_terminal(text, true)) body += c == '\n' || c == '\t' ? ' ' : c;
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`' || body.front() == ' ');
  std::string out = fence + (pad ? " " : "");
  for (char c : body) {
    if (c == '|' && in_table_cell) out += '\\';
    out += c;
  }
  return out + (pad ? " " : "") + fence;
}

std::optional<std::string> markdown_url(std::string_view url) {
  const std::string_view trimmed = trim(url);
  const std::string lower = to_lower(trimmed.substr(0, 8));
  std::size_t host_start = starts_with(lower, "https://") ? 8 : starts_with(lower, "http://") ? 7 : 0;
  if (host_start == 0) return std::nullopt;
  const std::size_t host_end = trimmed.find_first_of("/?#", host_start);
  const std::string_view host =
      trimmed.substr(host_start, host_end == std::string_view::npos ? host_end : host_end - host_start);
  if (host.empty()) return std::nullopt;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view(".-:_").find(c) != std::string_view::npos))
      return std::nullopt;  // userinfo, spaces or odd bytes in the authority: not a link we vouch for
  std::string out;
  for (char c : trimmed) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain =
        byte > 0x20 && byte < 0x7F && std::string_view("()<>\"'`{}|\\^ []").find(c) == std::string_view::npos;
    if (plain)
      out += c;
    else
      append_hex(out, "%", byte, 2, true);
  }
  return out;
}

std::string truncate_text(std::string_view text, std::size_t max_characters, std::string_view marker) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters > max_characters) return std::string(text.substr(0, i)) + std::string(marker);
  }
  return std::string(text);
}

std::string percent_encode_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) && byte < 0x80)
      out += c;
    else if (c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += c;
    else
      append_hex(out, "%", byte, 2, true);
  }
  return out;
}

}  // namespace tocsin
