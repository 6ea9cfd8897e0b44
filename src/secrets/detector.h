// The detector interface and the registry (registry.cpp). Internal to the secrets module.
//
// A detector names the anchors Hyperscan looks for (regexes, usually a literal prefix) and, for
// each anchor hit, measures and validates the token around it. Adding a format: one new file
// defining make_<name>_detector() and one line in registry.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "secrets/secrets.h"

namespace tocsin::secrets {

struct Hit {
  std::size_t begin = 0, end = 0;  // the secret's bytes in the buffer
  std::string kind;                // empty: the detector's kind()
  std::string registry;            // empty: the detector's registry()
  std::string prefix;              // public part shown before "…" in the redacted form
  std::string fingerprint_of;      // when not empty, what is hashed instead of text[begin, end)
  Validation validated = Validation::Pattern;
  Confidence confidence = Confidence::Medium;
  std::optional<bool> expired;
  std::string issuer, subject, note;
  std::optional<std::int64_t> expires_at;
  bool show_tail = true;  // false: the redacted form shows no trailing characters
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view id() const = 0;
  virtual std::string_view kind() const = 0;
  virtual std::string_view registry() const = 0;
  // Hyperscan expressions. examine() gets the match's end (`anchor_end`) and, for an expression
  // of fixed width, its start (`at` = end - width); for a variable-width expression `at` is the
  // end too and the detector measures back from there (the engine never asks Hyperscan for the
  // start of match: it is costly to track).
  virtual std::vector<std::string> anchors() const = 0;
  // The token starting around `at` in `text`, or nullopt (not a token, placeholder, bad checksum).
  virtual std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t anchor_end,
                                     std::int64_t now) const = 0;
  // Generic detectors yield to any specific finding that overlaps them.
  virtual bool generic() const { return false; }
  // Opt-in for split tokens (engine.cpp, `reassemble`): a detector whose tokens prove themselves
  // (a checksum, a parsed structure) may see the pieces of a token split across lines or string
  // literals joined; only a checksum- or structure-validated result is kept.
  virtual bool reassembles() const { return false; }
};

const std::vector<std::unique_ptr<Detector>>& detectors();

// A token split across lines or string literals, joined (split.cpp): the hit's begin/end are
// offsets in the original text (first and last byte of the pieces), `secret` the joined token.
struct Reassembled {
  Hit hit;
  std::string secret;
};
std::optional<Reassembled> reassemble(std::string_view text, std::size_t at, std::size_t anchor_end,
                                      const Detector& detector, std::int64_t now);

std::unique_ptr<Detector> make_github_detector();
std::unique_ptr<Detector> make_github_fine_grained_detector();
std::unique_ptr<Detector> make_npm_detector();
std::unique_ptr<Detector> make_pypi_detector();
std::unique_ptr<Detector> make_crates_io_detector();
std::unique_ptr<Detector> make_aws_detector();
std::unique_ptr<Detector> make_slack_detector();
std::unique_ptr<Detector> make_stripe_detector();
std::unique_ptr<Detector> make_gitlab_detector();
std::unique_ptr<Detector> make_google_api_key_detector();
std::unique_ptr<Detector> make_private_key_detector();
std::unique_ptr<Detector> make_jwt_detector();
std::unique_ptr<Detector> make_generic_detector();

// Helpers for detectors (util.cpp).
inline bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_word(char c) { return is_alnum(c) || c == '_'; }
// Length of the run of characters in `text` from `from` that satisfy `accept`, at most `limit`.
template <typename Accept>
std::size_t run_length(std::string_view text, std::size_t from, Accept accept, std::size_t limit = 4096) {
  std::size_t n = 0;
  while (from + n < text.size() && n < limit && accept(text[from + n])) ++n;
  return n;
}
// True when text[at-1] is not a letter or digit (a token does not start mid-word).
bool left_boundary(std::string_view text, std::size_t at);
// Checks a GitHub/npm style token body: 30 random chars then 6 base62 chars of their CRC32.
bool checksum_ok(std::string_view body36);

// nlohmann::json::parse for files that may hold secrets (baselines, GitHub's alerts): a syntax
// error, or a number beyond a double (which nlohmann reports as out_of_range 406, not as a parse
// error), is an Error that names the byte at most, never the input.
nlohmann::json parse_json_quietly(const std::string& path, std::string_view text);

}  // namespace tocsin::secrets
