// Release integrity (issue 15): offline Sigstore bundle verification, SLSA / in-toto provenance,
// npm publish history set against the expected publisher, and the repository's release tags.
//
// Sigstore (`verify_bundle`), as cosign verify-blob --bundle and sigstore-js do, with no network:
//   artifact-digest    the artifact's digest equals the signed one: a message signature's
//                      messageDigest (SHA2_256), or a DSSE in-toto statement's subject in whatever
//                      algorithm it names (npm: sha512 = dist.integrity; blobs: sha256)
//   signature          over the blob's SHA-256 (message signature) or over DSSE's PAE, with the
//                      leaf certificate's key, or with npm's registry key for npm's publish
//                      attestation (verificationMaterial.publicKey.hint, looked up in npm keys)
//   certificate-chain  the leaf chains to a Fulcio CA of the trusted root ...
//   certificate-time   ... and the leaf and that CA were valid at the log's integratedTime
//   sct                every embedded SCT verifies against a CT log key of the trusted root
//   tlog-body          the Rekor entry (hashedrekord/0.0.1, intoto/0.0.2, dsse/0.0.1) records this
//                      bundle's signature and digest
//   inclusion-proof    RFC 6962 audit path from SHA-256(0x00||body) to the proof's root hash
//   checkpoint         the signed note's root/size equal the proof's, and its signature verifies
//                      with the log's key
//   set                the signed entry timestamp verifies with the log's key
//                      (at least one of inclusion proof and SET must be present)
//   identity / issuer  SAN (URI or e-mail) equals --certificate-identity or matches the regexp;
//                      the issuer extension (OID 1.3.6.1.4.1.57264.1.8, else .1.1) equals the issuer
// Each is a named Check; a bundle that cannot be read is a tocsin::Error (exit 2), a failed check
// is not. RFC 3161 timestamps are not read: a bundle's signing time is its tlog integratedTime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/release_section.h"

namespace tocsin::release {

// ---- trusted material -------------------------------------------------------------------------

struct TrustedKey {
  std::string key_id;      // raw bytes (tlog / CT log id), or npm's "SHA256:…" text
  std::string der;         // SubjectPublicKeyInfo
  std::string usage;       // npm keys: "npm:attestations" / "npm:signatures"
  std::int64_t start = 0;  // validFor, Unix seconds
  std::optional<std::int64_t> end;
  bool valid_at(std::int64_t t) const { return t >= start && (!end || t <= *end); }
};

struct CertificateAuthority {
  std::vector<std::string> chain_der;  // leaf-most first, root last
  std::int64_t start = 0;
  std::optional<std::int64_t> end;
  bool valid_at(std::int64_t t) const { return t >= start && (!end || t <= *end); }
};

struct TrustedRoot {
  std::vector<TrustedKey> tlogs;
  std::vector<CertificateAuthority> certificate_authorities;
  std::vector<TrustedKey> ctlogs;
  std::vector<TrustedKey> npm_keys;  // from an npm keys.json (`{"keys": […]}`), if loaded
};

// A trusted_root.json (application/vnd.dev.sigstore.trustedroot+json). Throws Error.
TrustedRoot read_trusted_root(const std::string& path, std::string_view content);
// npm's registry keys document; appended to root.npm_keys. Throws Error.
void read_npm_keys(const std::string& path, std::string_view content, TrustedRoot& root);
// The Sigstore public-good trusted root and npm's registry keys shipped inside tocsin
// (copied from the TUF seeds of @sigstore/tuf 4.0.2; see tests/fixtures/release/SOURCES.md).
std::string_view embedded_trusted_root_json();
std::string_view embedded_npm_keys_json();
const TrustedRoot& embedded_trusted_root();

// ---- in-toto statements and provenance --------------------------------------------------------

struct Subject {
  std::string name;
  std::map<std::string, std::string> digest;  // algorithm -> lower-case hex
};

struct Provenance {  // what a SLSA predicate says about its build, empty when it does not say
  std::string builder_id;
  std::string repository;  // "owner/repo" (lower case) or the URI as written when not GitHub
  std::string ref;         // "refs/heads/main", "refs/tags/v1.2.3"
  std::string workflow;    // ".github/workflows/release.yml"
};

struct Statement {
  std::string type;            // https://in-toto.io/Statement/v0.1 or v1
  std::string predicate_type;  // https://slsa.dev/provenance/v1 …
  std::vector<Subject> subjects;
  Provenance provenance;
};

// Throws Error(path, …) when `payload` is not an in-toto statement.
Statement read_statement(const std::string& path, std::string_view payload);
// "https://github.com/Owner/Repo.git", "git+https://github.com/owner/repo@refs/…" -> "owner/repo".
std::string normalize_repository(std::string_view uri);

// ---- Sigstore bundles -------------------------------------------------------------------------

struct TlogEntry {
  std::int64_t log_index = 0;
  std::string log_id;  // raw bytes
  std::string kind, kind_version;
  std::int64_t integrated_time = 0;
  std::string canonicalized_body;  // decoded
  std::string canonicalized_body_b64;
  std::optional<std::string> signed_entry_timestamp;
  struct Proof {
    std::int64_t log_index = 0;
    std::int64_t tree_size = 0;
    std::string root_hash;
    std::vector<std::string> hashes;
    std::string checkpoint;  // the signed note, empty when absent
  };
  std::optional<Proof> inclusion_proof;
};

struct Bundle {
  std::string media_type;
  std::vector<std::string> certificates_der;  // leaf first (certificate or x509CertificateChain)
  std::string public_key_hint;                // verificationMaterial.publicKey.hint
  std::vector<TlogEntry> tlog_entries;
  bool has_rfc3161_timestamps = false;
  // Exactly one of the two contents:
  bool is_dsse = false;
  std::string message_digest_algorithm;  // "SHA2_256"
  std::string message_digest;            // raw
  std::string signature;                 // raw (message signature, or DSSE's first signature)
  std::string payload_type;              // DSSE
  std::string payload;                   // DSSE, decoded
};

// Throws Error(path, line, column, …) for invalid JSON, an unknown media type or a missing part.
Bundle read_bundle(const std::string& path, std::string_view content);

// Digests of the artifact being verified (raw bytes; empty when not known).
struct ArtifactDigests {
  std::string sha256;
  std::string sha512;
};
ArtifactDigests digest_file(const std::string& path);  // throws Error when unreadable
ArtifactDigests digest_bytes(std::string_view data);

struct IdentityPolicy {
  std::string identity;         // exact SAN; or
  std::string identity_regexp;  // ECMAScript regex searched in the SAN
  std::string issuer;           // exact OIDC issuer
  bool any() const { return !identity.empty() || !identity_regexp.empty() || !issuer.empty(); }
};

struct Check {
  std::string name;  // artifact-digest, signature, certificate-chain, … (see the list above)
  bool passed = false;
  std::string detail;
};

struct Verification {
  std::vector<Check> checks;  // every check made, in order
  std::string media_type, content, key_material, tlog_kind;
  std::int64_t integrated_time = 0;
  std::string san, issuer;  // from the leaf certificate, empty for a key-signed bundle
  std::optional<Statement> statement;
  bool verified() const;
  std::vector<std::string> failed_checks() const;
};

// Every check of the list above. `artifact` may be null: the artifact-digest check is then left
// out (callers that compare the statement themselves, as `release history` does with
// dist.integrity, pass digests they know). Identity and issuer are checked when the policy
// names them; for a key-signed bundle (npm's publish attestation) there is no identity.
Verification verify_bundle(const Bundle& bundle, const ArtifactDigests* artifact, const IdentityPolicy& policy,
                           const TrustedRoot& root);

// ---- provenance files (`release verify --provenance`) -----------------------------------------

struct ProvenanceDocument {
  Statement statement;
  std::string source;  // "dsse", "sigstore-bundle" or "statement"
  int line = 0;        // 1-based line in a .jsonl file
};
// A .intoto.jsonl (one DSSE envelope per line), a Sigstore bundle (or a .jsonl of them), an npm
// attestations document ({"attestations": [{bundle}]}) or a bare statement. Throws Error.
std::vector<ProvenanceDocument> read_provenance(const std::string& path, std::string_view content);

struct SubjectMatch {
  std::string artifact;  // path as given
  std::string sha256;    // hex
  std::string subject;   // the matching subject's name, empty when none
  std::string algorithm;
};
// Every artifact against every statement's subjects (sha256, else sha512 when that is all a
// subject names).
std::vector<SubjectMatch> match_subjects(const std::vector<ProvenanceDocument>& documents,
                                         const std::vector<std::string>& artifacts);

// ---- npm publish history (`release history`) --------------------------------------------------

struct Expectation {
  std::string repository;  // "owner/repo"
  std::string workflow;    // ".github/workflows/release.yml", empty = any
  std::string origin;      // "tocsin.toml [release]" / "CI-TRUST.md"
};
// tocsin.toml's [release] (repository, workflow), as config::ProjectConfig read it from `path`;
// nullopt when it names neither; a workflow without a repository is an Error.
std::optional<Expectation> expectation_from_config(const config::ReleaseSection& section, const std::string& path);
// The first `repo:OWNER/REPO:…` OIDC subject of a CI-TRUST.md, with the workflow named on the
// same line (`.github/workflows/….yml`) if any.
std::optional<Expectation> expectation_from_ci_trust(const std::string& path);

struct VersionRecord {
  std::string package;  // the package's name in its registry
  std::string version;
  std::string published;  // the document's time[version]
  bool provenance = false;
  bool verified = false;
  std::vector<std::string> failed_checks;
  std::string repository, workflow, ref;
  std::optional<bool> digest_matches;  // npm: attested sha512 == dist.integrity; crates.io / PyPI:
                                       // the registry's SHA-256 == the local artifact's
  std::optional<bool> publish_attestation_verified;
  bool yanked = false;             // crates.io / PyPI
  std::vector<std::string> files;  // PyPI: the release's file names
  std::vector<std::string> flags;  // missing-provenance, unverified-provenance, unexpected-repository,
                                   // unexpected-workflow, digest-mismatch, not-tagged
};

struct HistoryOptions {
  std::string package_document;
  std::string attestations_dir;
  std::optional<Expectation> expected;
  std::optional<std::vector<std::string>> tags;  // git tag names, when a repository was given
};
// Versions in publish order. Throws Error for an unreadable document.
std::vector<VersionRecord> npm_history(const HistoryOptions& options, const TrustedRoot& root);

// ---- the npm registry (`release history --fetch NAME`: the only network use of tocsin release) --

struct NpmFetchOptions {
  std::string registry = "https://registry.npmjs.org";  // HTTPS, or plain HTTP on loopback only
  long connect_timeout_seconds = 30;
  long stall_timeout_seconds = 60;                         // a transfer slower than 1 KiB/s for this long is abandoned
  long deadline_seconds = 900;                             // every request together
  std::size_t max_document_bytes = std::size_t{64} << 20;  // per document, decompressed
};
struct FetchedNpmPackage {
  std::string document_url;               // where the package document came from
  std::string document_path;              // DIR/package.json
  std::string attestations_dir;           // DIR/attestations
  std::size_t versions = 0;               // versions in the document
  std::size_t attestation_documents = 0;  // versions whose attestations the registry served (not 404)
};
// `@scope/name` -> `@scope%2fname` (as npm writes it in URLs); Error for a name npm would refuse.
std::string npm_url_name(const std::string& name);
// GET REGISTRY/NAME (the full package document, with `time`) and, for each of its versions,
// REGISTRY/-/npm/v1/attestations/NAME@VERSION, with libcurl (loaded at run time), into DIR:
// package.json and attestations/NAME@VERSION.json — the layout npm_history reads, so that a fetched
// run and a file-based run on the same documents are the same check. A 404 for a version's
// attestations = no provenance (no file). Throws Error naming the URL for a 404 on the package,
// any other HTTP error, a timeout, a document over the size cap, or a document for another name.
FetchedNpmPackage fetch_npm_package(const std::string& name, const std::string& directory,
                                    const NpmFetchOptions& options);

// crates.io: a sparse-index entry file (one JSON object per line: name, vers, cksum, yanked …;
// the body of https://index.crates.io/3/s/serde-style paths) against locally built .crate files
// (ARTIFACTS/NAME-VERSION.crate). The index has no publish time and no provenance. Flags:
// cksum-mismatch (cksum != SHA-256 of the local .crate), not-built-locally (artifacts given, no
// file), yanked, not-tagged (tags given). Versions in index order (publish order).
std::vector<VersionRecord> crates_history(const std::string& index_entry_file, const std::string& artifacts_dir,
                                          const std::optional<std::vector<std::string>>& tags);
// PyPI: the JSON API document (/pypi/NAME/json): releases -> files with digests.sha256,
// upload_time_iso_8601, yanked, against ARTIFACTS/FILENAME. PEP 740 provenance is served by the
// Integrity API, not this document: `provenance` stays false and is never flagged. Flags:
// sha256-mismatch, not-built-locally (artifacts given, none of the release's files there; a
// release with no files is skipped), yanked, not-tagged. Versions by first upload time.
std::vector<VersionRecord> pypi_history(const std::string& json_document, const std::string& artifacts_dir,
                                        const std::optional<std::vector<std::string>>& tags);

// ---- tags (`release tags`) --------------------------------------------------------------------

struct TagPolicy {
  std::string branch;  // empty: the remote HEAD's branch, else HEAD
  bool require_signed = false;
  std::vector<std::string> release_engineers;        // e-mails or names; empty: not checked
  std::string changelog;                             // path; empty: CHANGELOG.md in the work tree if any
  std::map<std::string, std::string> known_targets;  // tag -> commit hex from --known-tags
  // tag -> commit hex recorded by the last run in the incident store (release/incidents.h)
  std::map<std::string, std::string> recorded_targets;
  // An allowed-signers file (git's gpg.ssh.allowedSignersFile, release/sshsig.h): SSH-signed
  // tags are verified against it; empty: signatures are only detected.
  std::string allowed_signers;
};

struct TagRecord {
  std::string name, target, tagger, tagger_email;
  std::int64_t date = 0;
  bool annotated = false;
  bool signed_ = false;        // a PGP or SSH signature block in the tag message
  std::string signature_kind;  // "ssh", "pgp", ""
  // With an allowed-signers file, for SSH signatures: verified = good signature by an allowed
  // signer for the tagger's e-mail; signature_detail says why not (or which key and principal).
  std::optional<bool> signature_verified;
  std::string signature_detail;
  std::string previous_target;     // the target recorded earlier, when the tag moved
  std::vector<std::string> flags;  // not-on-branch, unsigned, lightweight, tagger-not-release-engineer,
                                   // not-a-version, no-changelog-section, moved, bad-signature,
                                   // signer-not-allowed
};

// The origin remote's URL, else the repository's absolute path. Throws Error when not a repository.
std::string repository_identity(const std::string& directory);
// Throws Error when DIR is not a git repository.
std::vector<TagRecord> list_tags(const std::string& directory, const TagPolicy& policy);
// `vX.Y.Z`, `vX.Y.Z-secfix.N`, also the usual pre-releases (`-rc.1`), and `NAME@X.Y.Z`.
bool is_version_tag(std::string_view name);
// "tag commit" lines (or a JSON object {"tag": "commit"}) as written by --format json.
std::map<std::string, std::string> read_known_tags(const std::string& path);

}  // namespace tocsin::release
