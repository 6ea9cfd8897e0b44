// disclosure: the bridge between the incident record (src/incident/) and the documents written
// from it (src/documents/). Tested alone in tests/disclosure/.
//
// Which recorded value fills which field of an advisory, OSV / CVE record,
// CHANGELOG line, post-mortem or CNA-readiness count.
//
// The rule is the documents' own: never invent. A field the record does not hold stays empty so
// the renderer names it as missing; a value the record holds in an unusable form is passed on so
// the renderer reports it as invalid (an "(unknown)" CVSS vector is not quietly dropped).
// Decisions callers may rely on:
//   * milestones → dates: acknowledged / triaged / fixed from the playbook milestones (an `ack`
//     also counts as acknowledged), published_at from the `disclosed` milestone, closed_at from
//     the close; reported_at is the report / detection time.
//   * reporter: one recorded string. "@handle" alone is a handle; "Name (@handle)" or
//     "Name @handle" gives both; anything else is a real name. With credit `anonymous` the
//     reporter's name and handle are not handed to the documents at all, and every occurrence of
//     them in the timeline (notes, field values) is replaced by "[reporter]".
//   * cwe: "CWE-79, CWE-200" (commas, slashes or spaces) gives several ids.
//   * cvss: a "CVSS:3.1/…" vector fills the v3.1 slot, anything else the v4 slot (where an invalid
//     or v2 vector becomes a named gap).
//   * affected: the human range as recorded; the first affected version only when the range
//     names it (">= 0.3.0, < 0.4.3" → 0.3.0) or says "all earlier" ("< 0.4.3" → 0).
//   * The project — its name, its own package and ecosystem, repository URL and the assigning
//     CNA — is not part of an incident: ProjectInfo reads it from tocsin.toml `[project]`, falling
//     back to the single manifest (Cargo.toml, package.json, pyproject.toml) at the repo root for
//     name, package and ecosystem; command-line options override both.
//   * STRIDE is not recorded by the incident module; it comes only from the caller (--stride).
#pragma once

#include <string>
#include <vector>

#include "config/project_section.h"
#include "documents/documents.h"
#include "incident/incident.h"

namespace tocsin::disclosure {

// tocsin.toml `[project]` (config/project_section.h), read once by config::ProjectConfig.
using config::ProjectInfo;

// `configured` ([project]) with missing name / package / ecosystem taken from the repo's only
// manifest, when it has one.
ProjectInfo read_project_info(const std::string& repo, const ProjectInfo& configured);
// Fields set in `overrides` replace those of `base`.
ProjectInfo merge_project_info(ProjectInfo base, const ProjectInfo& overrides);

// `playbook` (may be null) gives step titles to the timeline.
documents::IncidentFacts facts_from_incident(const incident::Incident& incident, const incident::Playbook* playbook,
                                             const ProjectInfo& project);

// "S", "T", "R", "I", "D", "E" or the category names, separated by ',' or '/'; throws Error.
std::vector<documents::Stride> parse_stride(const std::string& text);

// The renderers phrase every hint as `tocsin incident set ID FIELD …`, but some fields are set
// another way (a milestone is a playbook step, the package is project configuration). Returns
// the command that actually records `gap` for this incident.
std::string gap_remedy(const documents::Gap& gap, const incident::Incident& incident,
                       const incident::Playbook* playbook);
// Replaces each gap's generic hint in the document text (and in the gap) by gap_remedy.
void point_gaps_at_remedies(documents::Document& document, const incident::Incident& incident,
                            const incident::Playbook* playbook);

}  // namespace tocsin::disclosure
