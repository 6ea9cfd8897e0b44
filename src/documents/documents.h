// The documents a maintainer publishes from an incident record: the Security Advisory body of
// the runbook, an OSV record, a CVE JSON 5.1 record, the CHANGELOG security line, the next
// `vX.Y.Z-secfix.N` tag, a post-mortem skeleton, and the CNA-readiness status.
//
// Everything is a pure function of `IncidentFacts`, plain data the incident store fills in (the
// documents do not read the store; the CLI wires the two). Callers may rely on:
//
//   * Missing fields are named, never invented. A value the record does not hold is rendered as
//     "(missing: <why> — `tocsin incident set <ID> <field> …`)" in Markdown and left out of the
//     JSON records, and every such gap is returned in `Document::gaps` so the CLI can warn, or
//     exit non-zero under --strict. An invalid value (a CWE that is not "CWE-<n>", a CVSS vector
//     that does not parse, a timestamp that is not RFC 3339) is a gap too, never passed through.
//   * The reporter is credited exactly as they asked (`CreditPreference`): their real name, their
//     handle, or "anonymous reporter". With Anonymous the recorded name and handle appear in no
//     output at all (OSV and CVE records then carry no credits). With no recorded preference
//     nobody is credited and the preference is a gap: crediting by default could expose a
//     reporter who wanted anonymity.
//   * CVSS scores are computed from the vectors with src/cvss (FIRST's calculators), never copied
//     from the record.
//   * Dates are rendered in UTC: Markdown shows "YYYY-MM-DD", JSON records "YYYY-MM-DDTHH:MM:SSZ".
//   * The OSV record follows OSV schema 1.6 (ossf/osv-schema validation/schema.json); the CVE
//     record follows CVE JSON 5.1 (CVEProject/cve-schema CVE_JSON_5.1_schema.json). When every
//     field is present both validate against those schemas (the tests check the rules by hand);
//     with gaps they are drafts that name what is missing.
//   * Output is deterministic: the same facts give byte-identical documents (no clock is read;
//     OSV `modified` is the latest timestamp in the record).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tocsin::documents {

// How the reporter wants to be credited (runbook Playbook 4 step 7: "real name, handle, or
// anonymous per their preference"). Unset: not asked yet.
enum class CreditPreference { Unset, RealName, Handle, Anonymous };

// The six STRIDE categories of RISK-REGISTER.md (S, T, R, I, D, E).
enum class Stride { Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege };

// "S", "T", "R", "I", "D", "E" and "Spoofing" … "Elevation of privilege".
std::string stride_letter(Stride category);
std::string stride_name(Stride category);

struct TimelineEvent {
  std::string time;  // RFC 3339
  std::string actor;
  std::string text;
};

// A link for the OSV/CVE references: `type` is an OSV reference type (ADVISORY, ARTICLE,
// DETECTION, DISCUSSION, REPORT, FIX, INTRODUCED, GIT, PACKAGE, EVIDENCE, WEB).
struct Reference {
  std::string type;
  std::string url;
};

struct IncidentFacts {
  std::string id;        // the incident's id in the record, e.g. "INC-2026-0007"
  std::string title;     // one-line summary
  std::string details;   // longer description (OSV details, CVE description); empty → title
  std::string playbook;  // e.g. "user-safety-report"
  std::string severity;  // runbook level: "Critical", "High", "Medium", "Low"

  std::string user_safety_class;   // e.g. "identity leak"; empty when not a user-safety bug
  std::string user_safety_impact;  // how this affects vulnerable users specifically

  std::string reporter_name;
  std::string reporter_handle;
  CreditPreference credit = CreditPreference::Unset;

  std::string cve_id;                // "CVE-2026-12345"
  std::string advisory_id;           // published advisory id, e.g. "GHSA-xxxx-xxxx-xxxx"; optional
  std::vector<std::string> cwe_ids;  // "CWE-200"
  std::string cvss_v4_vector;        // "CVSS:4.0/…"
  std::string cvss_v31_vector;       // "CVSS:3.1/…"; optional, v4 is the runbook's score

  std::string affected_versions;                   // human range, e.g. ">= 0.3.0, < 0.4.3"
  std::string introduced_version;                  // first affected version ("0": all earlier)
  std::vector<std::string> affected_version_list;  // explicit affected versions; optional
  std::string patched_version;                     // e.g. "0.4.3"

  std::string package;    // the scope: crate / npm / PyPI package or component name
  std::string ecosystem;  // OSV ecosystem name: "crates.io", "npm", "PyPI"
  std::string project_name;
  std::string repository_url;
  std::vector<Reference> references;

  // CVE record metadata (the CNA that assigned the CVE: GitHub's for the GitHub CNA proxy).
  std::string cna_org_id;      // UUID
  std::string cna_short_name;  // e.g. "GitHub_M"

  // RFC 3339 timestamps, empty when the step has not happened (or was not recorded).
  std::string reported_at;
  std::string acknowledged_at;
  std::string triaged_at;
  std::string fixed_at;
  std::string published_at;  // public disclosure / advisory publication
  std::string closed_at;

  bool actively_exploited = false;
  bool in_kev = false;

  std::vector<TimelineEvent> timeline;  // in record order
  std::vector<Stride> stride;           // risk-register category (several for rows like "S/T")
};

// One thing a document needed and the record lacks (or holds in an unusable form).
struct Gap {
  std::string field;   // the `tocsin incident set` field name, e.g. "cve"
  std::string reason;  // e.g. "no CVE assigned"
  std::string hint;    // e.g. "tocsin incident set INC-1 cve CVE-…"
};

struct Document {
  std::string text;
  std::vector<Gap> gaps;
};

// The runbook's "Security Advisory body" template, line for line:
//   **Summary**, **Affected**, **Patched**, **CVE**, **CWE**, **CVSS v4** (vector + computed
//   score), **User-safety impact**, **Reporter**, **Acknowledgement**, **Triage**, **Fix**,
//   **Disclosure** (dates of acknowledged_at, triaged_at, fixed_at, published_at).
Document render_advisory_markdown(const IncidentFacts& facts);

// OSV schema 1.6 record, pretty-printed JSON. id: advisory_id, else the CVE, else the local
// "x_<project>-<incident id>" (OSV's prefix for databases it does not aggregate); the other
// identifiers go to aliases. Range type SEMVER for crates.io and npm, ECOSYSTEM otherwise; an
// unrecorded first affected version starts the range at "0" (all earlier versions — the
// conservative reading) and is reported as a gap. database_specific carries cwe_ids, the
// runbook severity, user_safety_class and the actively_exploited / cisa_kev flags when set.
inline constexpr const char* kOsvSchemaVersion = "1.6.0";
Document render_advisory_osv(const IncidentFacts& facts);

// CVE JSON 5.1 record (dataType CVE_RECORD, state PUBLISHED), pretty-printed. Metrics give the
// vector as recorded with baseScore = its CVSS-B score (threat/environmental metrics dropped before
// scoring), as the schema's field name says. Unknown bounds follow the schema's conventions:
// version "0" for "from the beginning", lessThan "*" for "no fix yet" — both reported as gaps.
Document render_advisory_cve(const IncidentFacts& facts);

// The JSON body of GitHub's "Create a repository security advisory" API (`gh api --method POST
// /repos/O/R/security-advisories --input FILE`): summary, description (the Markdown template
// above), cve_id, vulnerabilities (one per range of an "||" union: GitHub takes one range each),
// cwe_ids, credits (a handle only: GitHub credits accounts), and cvss_vector_string (v4, else
// v3.1) or, without a vector, severity — never both, as the API requires.
Document render_advisory_ghsa(const IncidentFacts& facts);

// The runbook's CHANGELOG.md security line:
//   "- security: <scope> — fix <CWE/CVE>; user-safety impact: <one line>. Credit: <reporter>."
// <CWE/CVE> lists the CWE ids then the CVE, joined by "/". Anonymous reporters are credited as
// "anonymous reporter". Gaps are named inline like the Markdown advisory.
Document render_changelog_line(const IncidentFacts& facts);

// Post-mortem skeleton: facts, the timeline from the record (UTC), the STRIDE line and a
// RISK-REGISTER.md row to fill in; root cause / what went well / what went wrong / action items
// are placeholders marked "TO BE WRITTEN" — the tool does not guess them.
Document render_postmortem(const IncidentFacts& facts);

// The credit line as the reporter asked for it, or empty when no credit can be given (Unset, or
// the preferred name/handle is not recorded).
std::string reporter_credit(const IncidentFacts& facts);

// ---- secfix tags -------------------------------------------------------------------------------
//
// The runbook tags a security patch release `v0.X.Y-secfix.1`. A SemVer pre-release sorts *before*
// its release (0.4.2-secfix.1 < 0.4.2), so suffixing the vulnerable version would make the fix
// look older than the release it fixes. The tag therefore bumps the patch number:
//
//   base  = `base_version` ("0.4.2" or "v0.4.2"), or when empty the highest plain release tag
//           (vX.Y.Z without pre-release) in `existing_tags`;
//   patch = 1 + the highest released patch on the base's X.Y line (so a base that is not the
//           latest of its line still gets a fresh patch number);
//   N     = 1 + the highest N among existing tags `vX.Y.patch-secfix.N` (tags with and without
//           the "v" prefix both count).
// Result: "vX.Y.patch-secfix.N". Throws Error when there is no base (no release tag and none
// given) or `base_version` is not X.Y.Z.
std::string next_secfix_tag(const std::vector<std::string>& existing_tags, const std::string& base_version = "");

// ---- CNA readiness (runbook "On becoming a CNA") ---------------------------------------------

struct SecurityTxtReport;  // securitytxt.h

struct QuarterCount {
  std::string quarter;  // "2026-Q1"
  int cves = 0;
};

struct DisclosureTime {
  std::string cve_id;
  std::string incident_id;
  double days = 0;  // published_at - reported_at
  bool within_90_days = false;
};

struct CnaStatus {
  // ≥1 CVE per quarter for 4 consecutive quarters: the window ends with the current quarter
  // when it already has a CVE, else with the last complete quarter (an unfinished quarter is not
  // held against the project). A CVE counts in the quarter of its publication (published_at).
  std::vector<QuarterCount> window;  // oldest first, 4 entries
  bool quarters_ok = false;
  // report → publication for each CVE with both dates; ≥4 within 90 days (≤ 90 × 24 h).
  std::vector<DisclosureTime> disclosures;
  int within_90_days = 0;
  bool disclosure_ok = false;
  // ≥2 independent contact channels in a valid, unexpired security.txt (distinct
  // scheme + host/domain among its Contact URIs).
  std::vector<std::string> contact_channels;
  bool contact_ok = false;
  bool ready = false;
  std::vector<std::string> missing;  // one sentence per unmet condition or unusable record
};

// `closed` are the closed incidents; `now` is seconds since the epoch; `securitytxt` is the
// project's checked security.txt, or nullptr when it has none.
CnaStatus cna_status(const std::vector<IncidentFacts>& closed, std::int64_t now, const SecurityTxtReport* securitytxt);
std::string render_cna_table(const CnaStatus& status);
std::string render_cna_json(const CnaStatus& status);

}  // namespace tocsin::documents
