// RFC 9116 security.txt checking (https://www.rfc-editor.org/rfc/rfc9116).
//
// check_securitytxt reads the text of a security.txt and reports every problem with its 1-based
// line and column (0 for whole-file problems such as a missing required field). It never throws and never
// fails on any input (a fuzz target checks it). Callers may rely on:
//
//   * Errors (the file is invalid): no Contact; Expires missing, repeated or not an RFC 3339
//     date-time; Preferred-Languages repeated; a line that is neither blank, a comment ("#"),
//     nor "Name: value"; a field value that must be a URI and is not (a bare e-mail address in
//     Contact, for instance); a web URI that is not https:// (§2.3); an Encryption value that is
//     the key itself instead of a URI to it; invalid UTF-8; a broken cleartext signature frame.
//   * Warnings (valid but not as recommended): Expires in the past (stale, §2.5.5) or more than a
//     year ahead; a Contact scheme other than mailto:, https:, tel:; no space after the colon;
//     a signed file without Canonical (§3.3); invalid language tags; a CSAF URI that does not
//     name provider-metadata.json; content outside the signed part.
//   * Notes: each Canonical URI; unknown fields (allowed by §2.4, ignored by parsers), with a
//     hint for common misspellings ("Acknowledgements"); an OpenPGP cleartext signature — which
//     is detected and stripped (dash-escaping undone) but NOT verified: tocsin checks no
//     signatures, and says so.
//   * Field names are matched case-insensitively; the report keeps them as written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace tocsin::documents {

// The checker's findings are core/diagnostic.h's: Severity::Error, Warning or Note at the file's
// line and column (of the field's value, or of the offending character), with a hint when there is
// a fix to suggest; location.path is the `path` given to check_securitytxt.
using tocsin::Diagnostic;
using tocsin::Severity;

struct SecurityTxtField {
  std::string name;  // as written
  std::string value;
  int line = 0;
  int column = 0;  // of the value
};

struct SecurityTxtReport {
  std::vector<SecurityTxtField> fields;
  std::vector<Diagnostic> findings;  // sorted by line (0 first), then as found
  bool signed_cleartext = false;
  std::optional<std::int64_t> expires;  // seconds since the epoch, when valid

  bool valid() const;  // no Error finding
  bool expired(std::int64_t now) const { return expires && *expires <= now; }
  // Values of the fields named `name` (case-insensitive), in file order.
  std::vector<std::string> values(std::string_view name) const;
};

// `now` (seconds since the epoch) decides expiry; pass the real clock or a fixed time in tests.
// `path` only names the file in the findings' locations.
SecurityTxtReport check_securitytxt(std::string_view text, std::int64_t now, const std::string& path = {});

}  // namespace tocsin::documents
