// Small text helpers shared by the readers: file loading, line lookup, trimming.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin {

// Reads a whole file; throws Error(path, 0, 0, reason) when it cannot.
std::string read_file(const std::string& path);

// Maps byte offsets to 1-based line/column. Build once per file, query many times (O(log n)).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(std::size_t offset) const;
  int column_of(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

std::string_view trim(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
// Every part between separators, empty ones included ("a||b" split on "|" gives a, "", b).
std::vector<std::string_view> split(std::string_view text, char separator);
std::vector<std::string_view> split(std::string_view text, std::string_view separator);
std::string to_lower(std::string_view text);

// Git merge-conflict markers ("<<<<<<< ", "=======", ">>>>>>> ") at the start of a line:
// returns the 1-based line of the first one, or 0. Readers call it to report a conflicted
// lockfile clearly instead of failing deep inside a parser.
int find_conflict_marker(std::string_view text);

// ---- Escaping for output ---------------------------------------------------------------------
//
// Names, ids, summaries and titles come from files an attacker can write (lockfiles, advisory
// feeds, VEX documents, incident records). Every human-readable output passes them through one
// of these; machine-readable output (JSON, SARIF, OpenVEX) stays exact and relies on its encoder.

// Text safe to print on a terminal, as `git` and `ls -b` show odd file names: every C0 control
// (ESC, BEL, CR, LF, TAB, …), DEL and every byte that is not part of valid UTF-8 becomes "\xNN"
// (lower-case hex); C1 controls (U+0080–U+009F), bidirectional controls (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) and the line / paragraph separators U+2028, U+2029 become
// "\uNNNN". With `keep_newlines`, '\n' and '\t' pass (multi-line documents such as a
// post-mortem). Everything else, backslashes included, is unchanged, so ordinary text prints as
// before.
std::string escape_terminal(std::string_view text, bool keep_newlines = false);

// Inline Markdown text that renders as exactly these characters on GitHub (a PR comment, an
// advisory): terminal escapes first (no raw control character), newlines folded to spaces, the
// CommonMark punctuation that could start markup backslash-escaped, '<' and '&' as HTML
// entities where they could open a tag, an autolink or an entity (no raw HTML), '|' escaped (safe inside a table cell)
// and "@name" neutralised with a zero-width space ("@&#8203;name", as Renovate does) so that no one is pinged.
std::string markdown_text(std::string_view text);

// A CommonMark code span showing `text` literally: delimited by a backtick run longer than any
// inside it, padded with a space when it starts or ends with a backtick; newlines folded, control
// characters escaped; with `in_table_cell`, '|' escaped (GFM splits cells before it parses
// spans, and removes the backslash; outside a table the backslash would show).
std::string markdown_code(std::string_view text, bool in_table_cell = false);

// `url` as a Markdown link destination, or nullopt when it must not be one: only http and https
// with a non-empty host; every byte outside the URL-safe ASCII set (space, '(', ')', '<', '>',
// '"', '\'', '`', '{', '}', '|', '\\', '^', controls, non-ASCII) percent-encoded, so the link can
// neither be closed early nor smuggle a second link.
std::optional<std::string> markdown_url(std::string_view url);

// At most `max_characters` UTF-8 characters of `text` (never cutting a character); a cut text
// ends with `marker`.
std::string truncate_text(std::string_view text, std::size_t max_characters,
                          std::string_view marker = " … (truncated)");

// RFC 3986 percent-encoding of a relative path for a URI: every byte except unreserved
// characters (A–Z a–z 0–9 - . _ ~) and '/' becomes %XX
// (a backslash too: on POSIX it is part of a file name, not a separator).
std::string percent_encode_path(std::string_view path);

}  // namespace tocsin
