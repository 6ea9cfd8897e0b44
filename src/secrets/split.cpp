// Tokens split across lines or string literals. From an anchor hit whose detector found nothing
// (or only an unvalidated pattern), the bytes that follow are copied with the joints between
// pieces removed, and the detector looks again at the joined bytes. The joints:
//   J1  a backslash line continuation: `\` + LF or CRLF, then the next line's indentation
//       (shell, C/C++ and Python continuations, YAML double-quoted scalars);
//   J2  adjacent string literals with the same quote, optionally joined by `+` or `.`, blanks
//       and line breaks around them (`"ghp_a" +\n "b"` in JS/Java/C#, `("a"\n "b")` in Python
//       and C, `'a' . 'b'` in PHP/Perl);
//   J3  a line break and the next line's indentation, when the piece runs to the end of its line
//       and the next line starts with token characters (YAML folded/plain/literal scalars,
//       hard-wrapped prose and e-mail).
// Not joints: a blank line, a comment, a variable or call between the pieces, different quote
// kinds, a `#`/`//`/`>` prefix on the continuation line, a split inside the format's prefix
// (the anchor itself must be whole). Only detectors that opt in (reassembles(): GitHub, npm,
// PyPI, JWT) see joined bytes, and only a checksum- or structure-validated result is kept, so a
// join never creates a finding that the bytes do not prove.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

constexpr std::size_t kMaxJoined = 8192;  // longer than any PyPI token; a JWT's head and claims
constexpr std::size_t kMaxJoints = 16;

// Characters a piece of a token can hold: base64 (both alphabets), '.' (JWT), '=' padding.
bool is_piece_char(char c) { return is_word(c) || c == '-' || c == '+' || c == '/' || c == '=' || c == '.'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_quote(char c) { return c == '"' || c == '\'' || c == '`'; }

// The end of the line break at `i` (LF or CRLF), or npos when there is none.
std::size_t after_eol(std::string_view text, std::size_t i) {
  if (i < text.size() && text[i] == '\n') return i + 1;
  if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') return i + 2;
  return std::string_view::npos;
}

std::size_t skip_blanks(std::string_view text, std::size_t i) {
  while (i < text.size() && is_blank(text[i])) ++i;
  return i;
}

// Where the next piece starts after the joint at `i`, or npos when `i` is not a joint.
std::size_t next_piece(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '\\') {  // J1
    const std::size_t eol = after_eol(text, i + 1);
    return eol == std::string_view::npos ? eol : skip_blanks(text, eol);
  }
  if (is_quote(c)) {  // J2
    std::size_t j = i + 1;
    auto skip_space = [&] {
      while (j < text.size() && (is_blank(text[j]) || text[j] == '\r' || text[j] == '\n')) ++j;
    };
    skip_space();
    if (j < text.size() && (text[j] == '+' || text[j] == '.')) {
      ++j;
      skip_space();
    }
    return j < text.size() && text[j] == c ? j + 1 : std::string_view::npos;
  }
  const std::size_t eol = after_eol(text, i);  // J3
  if (eol == std::string_view::npos) return eol;
  const std::size_t j = skip_blanks(text, eol);
  return j < text.size() && is_piece_char(text[j]) ? j : std::string_view::npos;
}

}  // namespace

std::optional<Reassembled> reassemble(std::string_view text, std::size_t at, std::size_t anchor_end,
                                      const Detector& detector, std::int64_t now) {
  // One byte of left context keeps the detector's "not glued to a word" check meaningful.
  const std::size_t context = at > 0 ? 1 : 0;
  std::string joined(text.substr(at - context, anchor_end - at + context));
  std::vector<std::size_t> offsets;  // joined[k] came from text[offsets[k]]
  for (std::size_t k = at - context; k < anchor_end; ++k) offsets.push_back(k);
  // The joined length at each joint: the token may end at any of them (a wrapped line is
  // followed by more text), so each prefix that ends at a joint, or at the end, is examined.
  std::vector<std::size_t> cuts;
  for (std::size_t i = anchor_end; i < text.size() && joined.size() < kMaxJoined;) {
    if (is_piece_char(text[i])) {
      joined += text[i];
      offsets.push_back(i++);
      continue;
    }
    const std::size_t next = next_piece(text, i);
    if (next == std::string_view::npos || next >= text.size() || !is_piece_char(text[next]) ||
        cuts.size() == kMaxJoints)
      break;
    cuts.push_back(joined.size());
    i = next;
  }
  if (cuts.empty()) return std::nullopt;
  cuts.push_back(joined.size());
  std::optional<Hit> hit;
  for (std::size_t k = 1; k < cuts.size() && !hit; ++k) {
    const std::string_view prefix = std::string_view(joined).substr(0, cuts[k]);
    hit = detector.examine(prefix, context, context + anchor_end - at, now);
    if (hit && (hit->begin != context || hit->end <= cuts[0] || hit->end > prefix.size() ||
                (hit->validated != Validation::Checksum && hit->validated != Validation::Structure)))
      hit.reset();  // it must start at the anchor, cross a joint and prove itself
  }
  if (!hit) return std::nullopt;
  const std::size_t begin = offsets[hit->begin], end = offsets[hit->end - 1] + 1;
  Reassembled result;
  result.secret = joined.substr(hit->begin, hit->end - hit->begin);
  result.hit = std::move(*hit);
  result.hit.begin = begin;
  result.hit.end = end;
  result.hit.note += std::string(result.hit.note.empty() ? "" : "; ") + "split across pieces, reassembled";
  return result;
}

}  // namespace tocsin::secrets
