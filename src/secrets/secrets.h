// Leaked credentials: find registry and CI tokens in files, git history and CI logs, prove them
// real offline where the format allows it, and never keep or print a whole secret.
//
// Pipeline: bytes -> one Hyperscan pass over every detector's anchors (the literal prefix of a
// token format: "ghp_", "npm_", "pypi-", "-----BEGIN", "eyJ" …) -> each anchor hit is handed to
// its detector (src/secrets/<detector>.cpp), which measures the token, rejects placeholders and
// validates it -> a Finding that carries only the redacted form and a fingerprint.
//
// Validation (Finding::validated):
//   checksum   GitHub ghp_/gho_/ghu_/ghs_/ghr_ and npm_ tokens: the last 6 characters are the
//              CRC32 of the 30 random characters in base62 (0-9A-Za-z). A token whose checksum
//              fails is not reported (a typo'd or invented string, not a credential).
//   structure  PyPI tokens (a base64 macaroon v2 whose location is pypi.org), JWTs (header and
//              claims decode; iss/sub/exp are reported; `expired` when exp < now), PEM/OpenSSH
//              private keys (BEGIN…END with a base64 body), fine-grained GitHub PATs (22_59 layout).
//   pattern    everything else (AWS, Slack, Stripe, GitLab, Google, crates.io, generic).
// Placeholders (XXXX, EXAMPLE, abcdefgh…, a character repeated 6 times, too few distinct
// characters) are never findings.
//
// Never leak: a Finding holds `redacted` (the format's public prefix, "…", and at most the last
// 4 characters — none for secrets shorter than 16) and `fingerprint` (the first 16 hex digits of
// the SHA-256 of the secret). Nothing in this module returns, logs or throws the secret itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::secrets {

enum class Validation { Checksum, Structure, Pattern };
enum class Confidence { Low, Medium, High };
std::string_view validation_name(Validation validation);  // checksum | structure | pattern
std::string_view confidence_name(Confidence confidence);  // low | medium | high

struct Commit {
  std::string id, author, date;  // full hex id, "Name <email>", RFC 3339 UTC
};

struct Finding {
  std::string detector;              // registration id: github, npm, pypi, crates-io, aws, slack, …
  std::string kind;                  // human name: "GitHub personal access token (classic)"
  std::string registry;              // whose revocation applies: github, npm, pypi, crates.io, sigstore, aws, …
  std::string file;                  // path (relative to the scanned root), or a git path, or an alert URL
  std::size_t line = 0, column = 0;  // 1-based, bytes; 0 when unknown
  std::optional<Commit> commit;      // --git: the commit that introduced the blob
  std::string fingerprint;           // 16 hex digits of SHA-256(secret)
  std::string redacted;              // "ghp_…a1B2"
  Validation validated = Validation::Pattern;
  Confidence confidence = Confidence::Medium;
  std::optional<bool> expired;  // JWTs with an exp claim
  std::string issuer, subject;  // JWT claims (not secret)
  std::optional<std::int64_t> expires_at;
  std::string origin;  // "" (plain text), "base64", "double-base64" (decoded log payload), "github-alert"
  std::string note;    // e.g. "secret access key nearby", "present in history", GitHub alert state
};

// The revocation of one registry, from the runbook's Playbook 2.
struct Revocation {
  std::string registry;
  std::string page;   // the settings page
  std::string steps;  // what to do there
};
Revocation revocation_for(std::string_view registry);

// --- Matching --------------------------------------------------------------------------------

struct ScanOptions {
  std::int64_t now = 0;                       // Unix seconds, for JWT expiry
  std::uint64_t max_file_size = 10ull << 20;  // larger files are skipped (and counted)
  unsigned jobs = 0;                          // worker threads; 0 = hardware concurrency
};

// Every finding in `text` (one file's bytes), file/line/column filled, sorted by offset. A
// generic password=/token= hit inside a more specific one is dropped. Thread-safe.
std::vector<Finding> scan_text(std::string_view text, const std::string& file, std::int64_t now);

// True when the bytes look binary (a NUL in the first 8 KiB), as git and grep decide.
bool looks_binary(std::string_view bytes);

struct TreeStats {
  std::size_t files = 0;              // scanned
  std::uint64_t bytes = 0;            // scanned
  std::size_t skipped_binary = 0;     // by content
  std::size_t skipped_large = 0;      // above max_file_size
  std::size_t skipped_special = 0;    // symlinks, FIFOs, sockets, devices
  std::vector<std::string> warnings;  // unreadable files: "path: reason"
};

// Every regular file below `root` (or `root` itself when it is a file), without following a
// symlink or opening a FIFO/device, skipping the directories `tocsin deps` skips (.git,
// node_modules, target, virtualenvs …). Files are read with mmap and scanned by `jobs` threads;
// the result is sorted by file then offset. Throws Error when `root` does not exist or is not a
// regular file or directory (/dev/zero, a FIFO).
std::vector<Finding> scan_tree(const std::string& root, const ScanOptions& options, TreeStats* stats = nullptr,
                               bool skip_build_dirs = true);

// --git: every blob reachable from any ref (and HEAD), each distinct blob scanned once, in the
// commit that introduced it (oldest first; diff against the first parent); `since` (a revision)
// hides everything reachable from it. Throws Error when `repo` is not a git repository or
// `since` does not resolve.
std::vector<Finding> scan_git(const std::string& repo, const std::string& since, const ScanOptions& options,
                              TreeStats* stats = nullptr);

// --- CI logs ---------------------------------------------------------------------------------

// One base64 run of a log and what it decodes to. `layers` is 2 when the decoded text is itself
// base64 (the tj-actions signature: secrets printed double-encoded into public logs); `decoded`
// is then the innermost payload. Offsets are those of the run in the input.
struct DecodedPayload {
  std::size_t offset = 0, length = 0;
  int layers = 1;
  std::string decoded;  // may contain secrets: callers scan it and drop it
};
// Runs of standard or URL-safe base64 of at least `min_length` characters whose decoding is
// mostly printable text. Self-contained (no Hyperscan), usable by any module.
std::vector<DecodedPayload> decode_base64_payloads(std::string_view text, std::size_t min_length = 24);

// scan_tree over DIR (no directory skipped) plus, per file, the decoded base64 payloads scanned
// with the same detectors: findings there carry origin "base64" or "double-base64" and the
// location of the encoded run. A double-base64 run without a known token format is still
// reported (detector "double-base64", low confidence): it is an exfiltration indicator.
std::vector<Finding> scan_logs(const std::string& dir, const ScanOptions& options, TreeStats* stats = nullptr);

// --- Baseline --------------------------------------------------------------------------------

// JSON: {"schema_version": 1, "entries": [{"fingerprint", "detector", "redacted", "file",
// "reason"}]}. Every entry needs a fingerprint and a non-empty reason (Error otherwise).
struct BaselineEntry {
  std::string fingerprint, detector, redacted, file, reason;
};
std::vector<BaselineEntry> read_baseline(const std::string& path);
std::string write_baseline(const std::vector<BaselineEntry>& entries);
// Removes the findings whose fingerprint the baseline lists; returns how many.
std::size_t apply_baseline(std::vector<Finding>& findings, const std::vector<BaselineEntry>& baseline);

// --- Outputs ---------------------------------------------------------------------------------

// {"schema_version": 1, "findings": [...]} with the fields of issue 13 (detector, kind, file, line,
// column, commit|null, fingerprint, redacted, validated, confidence, expired, revoke, playbook).
nlohmann::ordered_json findings_json(const std::vector<Finding>& findings);
// SARIF 2.1.0, one rule per detector, partialFingerprints.secretFingerprint/v1.
nlohmann::ordered_json findings_sarif(const std::vector<Finding>& findings);

// --- GitHub secret-scanning alerts -------------------------------------------------------------

// The array `gh api /repos/OWNER/REPO/secret-scanning/alerts` returns, as findings (detector from
// secret_type, file/line from first_location_detected, origin "github-alert", note = state and
// validity). The `secret` field is hashed into the fingerprint and redacted, then dropped.
std::vector<Finding> import_github_alerts(const std::string& path, std::string_view json);

// --- Helpers (exposed for tests) -----------------------------------------------------------------

std::string fingerprint(std::string_view secret);
std::string redact(std::string_view secret, std::string_view public_prefix);
std::uint32_t crc32(std::string_view bytes);
std::string base62(std::uint32_t value, std::size_t width);  // 0-9A-Za-z, left-padded with '0'
bool is_placeholder(std::string_view body);

}  // namespace tocsin::secrets
