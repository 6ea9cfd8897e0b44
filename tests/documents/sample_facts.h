// A complete, fictional Playbook-4 incident (user-safety report) on Springtale, used by the
// document tests and golden files. The CVE id is made up; GitHub's CNA UUID and short name are
// the real ones found in published GitHub CVE records (assignerOrgId / assignerShortName).
#pragma once

#include "documents/documents.h"

namespace tocsin::documents::testing {

inline IncidentFacts sample_facts() {
  IncidentFacts facts;
  facts.id = "INC-2026-0007";
  facts.title = "Awareness gossip leaks hidden connector names to formation peers";
  facts.details =
      "springtale-connector's awareness gossip included connectors the user had marked hidden, so any peer in the "
      "same formation could learn which services the user connects to.";
  facts.playbook = "user-safety-report";
  facts.severity = "Critical";
  facts.user_safety_class = "identity leak";
  facts.user_safety_impact = "a peer in a shared formation can link a pseudonymous user to the services they hide.";
  facts.reporter_name = "Ada Example";
  facts.reporter_handle = "@ada-example";
  facts.credit = CreditPreference::Handle;
  facts.cve_id = "CVE-2026-31337";
  facts.advisory_id = "";
  facts.cwe_ids = {"CWE-200"};
  facts.cvss_v4_vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:P";
  facts.cvss_v31_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
  facts.affected_versions = ">= 0.3.0, < 0.4.3";
  facts.introduced_version = "0.3.0";
  facts.patched_version = "0.4.3";
  facts.package = "springtale-connector";
  facts.ecosystem = "crates.io";
  facts.project_name = "Springtale";
  facts.repository_url = "https://github.com/ScopeCreep-zip/Springtale";
  facts.references = {{"ADVISORY", "https://github.com/ScopeCreep-zip/Springtale/security/advisories"},
                      {"FIX", "https://github.com/ScopeCreep-zip/Springtale/releases/tag/v0.4.3-secfix.1"}};
  facts.cna_org_id = "a0819718-46f1-4df5-94e2-005712e83aaa";
  facts.cna_short_name = "GitHub_M";
  // Mixed offsets on purpose: the documents render UTC.
  facts.reported_at = "2026-03-02T22:15:00-05:00";
  facts.acknowledged_at = "2026-03-03T09:00:00Z";
  facts.triaged_at = "2026-03-04T14:30:00+01:00";
  facts.fixed_at = "2026-03-12T18:00:00Z";
  facts.published_at = "2026-03-20T16:00:00Z";
  facts.closed_at = "2026-03-27T10:00:00Z";
  facts.timeline = {
      {"2026-03-02T22:15:00-05:00", "reporter", "Report received via GitHub private vulnerability reporting"},
      {"2026-03-03T09:00:00Z", "@radicalkjax", "Acknowledged to the reporter"},
      {"2026-03-04T14:30:00+01:00", "@radicalkjax",
       "Reproduced on main; triaged Critical (user-safety: identity leak)"},
      {"2026-03-12T18:00:00Z", "@radicalkjax", "Fix merged on the private branch | regression test added"},
      {"2026-03-20T16:00:00Z", "@radicalkjax", "Advisory published with v0.4.3-secfix.1"},
  };
  facts.stride = {Stride::InformationDisclosure};
  return facts;
}

}  // namespace tocsin::documents::testing
