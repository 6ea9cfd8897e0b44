// Intake: the reports that start a response, read from where they arrive, turned into incidents.
//
// The runbook's triggers mostly arrive through GitHub. tocsin never calls GitHub (no token, no
// network): the maintainer fetches with `gh api` and hands the file over. Each reader turns one
// export into incident::ExternalReport values; incident::sync_external then opens, joins or
// updates incidents idempotently (one incident per alert / advisory / message, keyed by source).
//
//   Dependabot alerts   gh api /repos/O/R/dependabot/alerts [--paginate | --paginate --slurp]
//                       key "github-dependabot:O/R#N"; open alerts → vulnerable-dependency;
//                       fixed / dismissed / auto_dismissed recorded as state changes (fixed
//                       reaches the fix milestone at the alert's fixed_at).
//   Repository advisories  gh api /repos/O/R/security-advisories
//                       key "github-advisory:GHSA-…"; triage and published → user-safety-report
//                       when the policy puts the text or CWEs in a user-safety class, otherwise
//                       reported-vulnerability (same steps, severity from CVSS); draft, closed and
//                       withdrawn open nothing (and are recorded as state changes when known).
//   Mail                an RFC 5322 message sent to the security.txt contact; key
//                       "mail:<Message-ID>"; report time from its Date header.
//
// The report time of every incident is the source's creation time (alert / advisory created_at,
// the mail's Date): the clocks start when the report arrived, not when it was imported.
//
// Errors: malformed input throws tocsin::Error naming the file, line and column (syntax) or the
// entry (index and alert number) and field; nothing is written then.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "advisory/database.h"
#include "incident/incident.h"
#include "inventory/inventory.h"
#include "policy/policy.h"

namespace tocsin::intake {

// One element of a GitHub REST list response, with where it came from for error messages.
struct ListItem {
  nlohmann::json value;
  std::size_t index = 0;  // position across all pages, from 0
};

// A list as `gh api` writes it: one JSON array, arrays concatenated by --paginate (`][`), or an
// array of pages from --paginate --slurp. An object instead (GitHub's error body: "message",
// "documentation_url") or any other shape is an error that names the path.
std::vector<ListItem> read_github_list(const std::string& path, const std::string& content);

// What the readers may consult; every part is optional.
struct Context {
  const policy::Policy* policy = nullptr;           // severity and user-safety classes (default policy)
  const inventory::Inventory* inventory = nullptr;  // the repository's packages: release-path verdict
  const advisory::Database* database = nullptr;     // alias groups and KEV
};

std::vector<incident::ExternalReport> dependabot_reports(const std::string& path, const std::vector<ListItem>& alerts,
                                                         const Context& context);
std::vector<incident::ExternalReport> advisory_reports(const std::string& path, const std::vector<ListItem>& advisories,
                                                       const Context& context);

// An RFC 5322 message (headers unfolded, quoted-printable / base64 text parts decoded, the first
// text/plain part of a multipart message; PGP-armoured bodies are kept armoured as they are).
struct MailMessage {
  std::string from, subject, message_id, date;  // date as written
  std::optional<std::int64_t> date_unix;
  std::string body;
};
MailMessage parse_mail(const std::string& path, const std::string& content);
incident::ExternalReport mail_report(const std::string& path, const MailMessage& message, const Context& context);

// GitHub's ecosystem names ("rust", "pip", "npm", "actions", …) as OSV names them; unknown names
// are returned as given.
std::string osv_ecosystem(std::string_view github_ecosystem);

}  // namespace tocsin::intake
