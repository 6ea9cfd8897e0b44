#include "documents/securitytxt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/encoding.h"
#include "core/text.h"
#include "core/time.h"

namespace tocsin::documents {
namespace {

constexpr std::string_view kBeginSigned = "-----BEGIN PGP SIGNED MESSAGE-----";
constexpr std::string_view kBeginSignature = "-----BEGIN PGP SIGNATURE-----";
constexpr std::string_view kEndSignature = "-----END PGP SIGNATURE-----";

struct Line {
  int number;
  std::string_view text;  // dash-escaping undone in a signed body
  std::string_view full;  // the line as in the file, for columns
  // 1-based column of `part`, a view into `text`.
  int column_of(std::string_view part) const { return static_cast<int>(part.data() - full.data()) + 1; }
};

class Checker {
 public:
  Checker(std::int64_t now, std::string path) : now_(now), path_(std::move(path)) {}
  SecurityTxtReport run(std::string_view text);

 private:
  void add(Severity severity, int line, int column, std::string message, std::string hint = {}) {
    Diagnostic finding;
    finding.severity = severity;
    finding.location = {path_, line, column, ""};
    finding.message = std::move(message);
    finding.hint = std::move(hint);
    report_.findings.push_back(std::move(finding));
  }
  void add(Severity severity, const SecurityTxtField& field, std::string message, std::string hint = {}) {
    add(severity, field.line, field.column, std::move(message), std::move(hint));
  }
  std::vector<Line> signed_body(const std::vector<Line>& lines);
  void parse_line(const Line& line);
  void check_field(const SecurityTxtField& field, const std::string& key);
  bool check_uri(const SecurityTxtField& field, std::string* scheme);
  void check_whole_file();

  std::int64_t now_;
  std::string path_;
  SecurityTxtReport report_;
  int expires_count_ = 0;
  int languages_count_ = 0;
};

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ':'.
std::string uri_scheme(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(value[0]))) return "";
  for (char c : value.substr(0, colon))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return "";
  return to_lower(value.substr(0, colon));
}

// RFC 5646 language tag, loosely: alphanumeric subtags of 1–8, the first alphabetic.
bool language_tag(std::string_view tag) {
  const std::vector<std::string_view> subtags = split(tag, '-');
  for (std::size_t i = 0; i < subtags.size(); ++i) {
    const std::string_view subtag = subtags[i];
    if (subtag.empty() || subtag.size() > 8) return false;
    for (char c : subtag)
      if (!std::isalnum(static_cast<unsigned char>(c)) || (i == 0 && !std::isalpha(static_cast<unsigned char>(c))))
        return false;
  }
  return !subtags.empty();
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  for (std::string_view row : split(text, '\n')) {
    ++number;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    lines.push_back({number, row, row});
  }
  if (!lines.empty() && lines.back().text.empty()) lines.pop_back();  // the final newline
  return lines;
}

}  // namespace

bool SecurityTxtReport::valid() const { return !has_errors(findings); }

std::vector<std::string> SecurityTxtReport::values(std::string_view name) const {
  std::vector<std::string> out;
  const std::string key = to_lower(name);
  for (const SecurityTxtField& field : fields)
    if (to_lower(field.name) == key) out.push_back(field.value);
  return out;
}

SecurityTxtReport check_securitytxt(std::string_view text, std::int64_t now, const std::string& path) {
  return Checker(now, path).run(text);
}

SecurityTxtReport Checker::run(std::string_view text) {
  if (starts_with(text, "\xEF\xBB\xBF")) {
    add(Severity::Warning, 1, 1, "the file starts with a UTF-8 byte-order mark; some parsers reject it",
        "save the file as UTF-8 without a BOM");
    text.remove_prefix(3);
  }
  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    const LineIndex index(text);
    add(Severity::Error, index.line_of(bad), index.column_of(bad), "invalid UTF-8 (RFC 9116 §4 requires UTF-8)",
        "save the file as UTF-8");
    text = text.substr(0, bad);
  }
  std::vector<Line> lines = split_lines(text);
  const auto first = std::find_if(lines.begin(), lines.end(), [](const Line& l) { return !trim(l.text).empty(); });
  if (first != lines.end() && trim(first->text) == kBeginSigned) lines = signed_body(lines);
  for (const Line& line : lines) parse_line(line);
  check_whole_file();
  std::stable_sort(report_.findings.begin(), report_.findings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.location.line < b.location.line; });
  return std::move(report_);
}

// RFC 4880 §7 cleartext framework: armor headers, a blank line, the dash-escaped message, then
// the signature block. Returns the message lines with dash-escaping undone.
std::vector<Line> Checker::signed_body(const std::vector<Line>& lines) {
  report_.signed_cleartext = true;
  std::vector<Line> body;
  std::size_t i = 0;
  while (trim(lines[i].text) != kBeginSigned) ++i;
  add(Severity::Note, lines[i].number, 1,
      "OpenPGP cleartext signature found — NOT verified (tocsin does not check signatures)", "use gpg --verify");
  ++i;
  while (i < lines.size() && !trim(lines[i].text).empty()) {  // armor headers ("Hash: SHA512")
    if (lines[i].text.find(':') == std::string_view::npos) {
      add(Severity::Error, lines[i].number, 1, "expected an armor header such as 'Hash: SHA512' or a blank line");
      break;
    }
    ++i;
  }
  ++i;
  bool signature = false;
  for (; i < lines.size(); ++i) {
    if (trim(lines[i].text) == kBeginSignature) {
      signature = true;
      break;
    }
    std::string_view text = lines[i].text;
    if (starts_with(text, "- ")) text.remove_prefix(2);
    body.push_back({lines[i].number, text, lines[i].full});
  }
  if (!signature) {
    add(Severity::Error, lines.back().number, 0, "the signed message has no '-----BEGIN PGP SIGNATURE-----' block");
    return body;
  }
  for (++i; i < lines.size() && trim(lines[i].text) != kEndSignature; ++i) {
  }
  if (i >= lines.size()) {
    add(Severity::Error, lines.back().number, 0, "the signature has no '-----END PGP SIGNATURE-----' line");
    return body;
  }
  for (++i; i < lines.size(); ++i)
    if (!trim(lines[i].text).empty()) {
      add(Severity::Warning, lines[i].number, 1, "content after the signature is not signed and is ignored");
      break;
    }
  return body;
}

void Checker::parse_line(const Line& line) {
  const std::string_view text = line.text;
  if (trim(text).empty() || text[0] == '#') return;
  if (trim(text) == kBeginSigned || trim(text) == kBeginSignature) {
    add(Severity::Error, line.number, 1, "an OpenPGP block must enclose the whole file, not start in its middle");
    return;
  }
  const std::size_t colon = text.find(':');
  std::string_view name = colon == std::string_view::npos ? std::string_view{} : text.substr(0, colon);
  // RFC 5322 field-name: printable US-ASCII except ':' (and so no spaces).
  const bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) > 32 && static_cast<unsigned char>(c) < 127;
  });
  if (!name_ok) {
    add(Severity::Error, line.number, 1, "expected a comment ('#…') or a field 'Name: value'");
    return;
  }
  std::string_view rest = text.substr(colon + 1);
  if (!rest.empty() && rest[0] != ' ')
    add(Severity::Warning, line.number, line.column_of(rest),
        fmt::format("'{}:' should be followed by one space", name));
  const std::string_view value = trim(rest);
  if (value.empty()) {
    add(Severity::Error, line.number, line.column_of(rest), fmt::format("field '{}' has no value", name));
    return;
  }
  SecurityTxtField field{std::string(name), std::string(value), line.number, line.column_of(value)};
  check_field(field, to_lower(name));
  report_.fields.push_back(std::move(field));
}

bool Checker::check_uri(const SecurityTxtField& field, std::string* scheme) {
  *scheme = uri_scheme(field.value);
  // A URI has no control character (RFC 3986 §2); one in a Contact would reach a researcher's
  // terminal or mail client raw.
  const bool control = std::any_of(field.value.begin(), field.value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7F;
  });
  if (control) {
    add(Severity::Error, field,
        fmt::format("{} contains a control character, which no URI may hold: '{}'", field.name,
                    escape_terminal(field.value)));
    return false;
  }
  if (scheme->empty() || field.value.find_first_of(" \t<>\"") != std::string::npos) {
    const bool email = field.value.find('@') != std::string::npos && field.value.find(' ') == std::string::npos;
    add(Severity::Error, field,
        fmt::format("{} must be a URI{}: '{}'", field.name, email ? " (an e-mail address needs 'mailto:')" : "",
                    escape_terminal(field.value)));
    return false;
  }
  if (*scheme == "http") {
    add(Severity::Error, field,
        fmt::format("{}: web URIs must begin with https:// (RFC 9116 §2.3): '{}'", field.name, field.value));
    return false;
  }
  return true;
}

void Checker::check_field(const SecurityTxtField& field, const std::string& key) {
  std::string scheme;
  if (key == "contact") {
    if (check_uri(field, &scheme) && scheme != "mailto" && scheme != "https" && scheme != "tel")
      add(Severity::Warning, field,
          fmt::format("Contact uses the '{}:' scheme; researchers expect mailto:, https: or tel:", scheme));
  } else if (key == "expires") {
    if (++expires_count_ > 1) {
      add(Severity::Error, field, "Expires must appear only once (RFC 9116 §2.5.5)");
      return;
    }
    report_.expires = parse_rfc3339(field.value);
    if (!report_.expires) {
      add(Severity::Error, field,
          fmt::format("Expires '{}' is not an RFC 3339 date-time such as 2026-12-31T23:59:59Z", field.value));
      return;
    }
    CivilDate in_a_year = civil_from_seconds(now_);
    in_a_year.year += 1;
    if (in_a_year.month == 2 && in_a_year.day == 29) in_a_year.day = 28;
    const std::int64_t year_ahead = seconds_from_civil(in_a_year) + (now_ % 86400 + 86400) % 86400;
    if (*report_.expires <= now_)
      add(Severity::Warning, field,
          fmt::format("expired on {}: the file should be considered stale (RFC 9116 §2.5.5)",
                      format_rfc3339(*report_.expires)));
    else if (*report_.expires > year_ahead)
      add(Severity::Warning, field,
          fmt::format("Expires {} is more than a year away; RFC 9116 recommends less, to avoid staleness",
                      format_rfc3339(*report_.expires)));
  } else if (key == "preferred-languages") {
    if (++languages_count_ > 1) {
      add(Severity::Error, field, "Preferred-Languages must appear only once (RFC 9116 §2.5.8)");
      return;
    }
    for (std::string_view tag : split(field.value, ','))
      if (!language_tag(trim(tag)))
        add(Severity::Warning, field, fmt::format("'{}' is not a language tag (RFC 5646)", trim(tag)));
  } else if (key == "encryption") {
    if (starts_with(field.value, "-----BEGIN"))
      add(Severity::Error, field, "Encryption must be a URI to the key, not the key itself (RFC 9116 §2.5.4)");
    else
      check_uri(field, &scheme);
  } else if (key == "canonical") {
    if (check_uri(field, &scheme)) add(Severity::Note, field, fmt::format("canonical URI: {}", field.value));
  } else if (key == "csaf") {
    if (!check_uri(field, &scheme)) return;
    if (scheme != "https")
      add(Severity::Error, field, "CSAF must be an https:// URI");
    else if (!ends_with(field.value, "/provider-metadata.json"))
      add(Severity::Warning, field, "CSAF should point to a provider-metadata.json (CSAF 2.0 §7.1.8)");
  } else if (key == "acknowledgments" || key == "policy" || key == "hiring") {
    check_uri(field, &scheme);
  } else if (key == "acknowledgements") {
    add(Severity::Note, field,
        "unknown field 'Acknowledgements' — RFC 9116 spells it 'Acknowledgments'; parsers will ignore this one");
  } else {
    add(Severity::Note, field, fmt::format("unknown field '{}' (allowed; ignored by RFC 9116 parsers)", field.name));
  }
}

void Checker::check_whole_file() {
  if (report_.values("contact").empty())
    add(Severity::Error, 0, 0, "no Contact field (required, RFC 9116 §2.5.3)",
        "add 'Contact: mailto:security@example.org'");
  if (expires_count_ == 0)
    add(Severity::Error, 0, 0, "no Expires field (required, RFC 9116 §2.5.5)",
        "add 'Expires: 2026-12-31T23:59:59Z', less than a year ahead");
  if (report_.signed_cleartext && report_.values("canonical").empty())
    add(Severity::Warning, 0, 0, "signed file without a Canonical field (RECOMMENDED by RFC 9116 §3.3)");
}

}  // namespace tocsin::documents
