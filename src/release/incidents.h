// Into the response (issue 15, item 5): `release tags|history --open-incidents` and the tag
// targets each `release tags` run records in the incident store.
//
// One incident per flagged tag or version, idempotently (incident::sync_findings, keyed like
// the other detectors' findings; never marked fixed by a later run: an unauthorized release
// stays an incident until someone closes it):
//   release-tag:NAME@TARGET                  playbook compromised-ci (Playbook 3, "a release tag
//                                            appears that was not created by the maintainer")
//       flags: not-on-branch, moved, tagger-not-release-engineer, bad-signature, signer-not-allowed
//   release-publish:ECOSYSTEM/NAME@VERSION   playbook leaked-credentials (Playbook 2, "unauthorized
//                                            publish")
//       flags: missing-provenance, unverified-provenance, digest-mismatch, unexpected-repository,
//              unexpected-workflow, not-tagged, cksum-mismatch, sha256-mismatch
// Hygiene flags (not-a-version, no-changelog-section, lightweight, unsigned, yanked,
// not-built-locally, unverified-publish-attestation) are reported but open nothing.
//
// A clean `release history` run of ECOSYSTEM/NAME checks off the `audit-publish-history` step of
// every open leaked-credentials incident keyed release-publish:ECOSYSTEM/NAME@… (and of incidents
// named with --incident) with a "step" event whose note is the run's summary; a step already done
// or skipped is left alone.
//
// Tag targets: event type "release-tags" (incident/events.h: ReleaseTags) of no incident
// (incident "", a project record in the same hash chain; replay skips it), payload
// {"repository", "tags": {name: target}}; written only when the map differs from the last one of
// that repository, so re-running writes nothing. The repository is named by its origin remote's
// URL, else its absolute path (a CI checkout and a laptop clone of one project share their record).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident/incident.h"
#include "release/release.h"

namespace tocsin::release {

inline constexpr std::string_view kPublishHistoryStep = "audit-publish-history";

bool tag_flag_opens_incident(std::string_view flag);
bool publish_flag_opens_incident(std::string_view flag);

std::string tag_incident_key(const TagRecord& tag);
std::string publish_incident_key(std::string_view ecosystem, std::string_view package, std::string_view version);

// The observations to sync (one per flagged tag / version whose flags open an incident).
std::vector<incident::FindingObservation> tag_observations(const std::vector<TagRecord>& tags);
std::vector<incident::FindingObservation> publish_observations(std::string_view ecosystem,
                                                               const std::vector<VersionRecord>& records);

// The tag -> target map of the newest "release-tags" event of `repository`, nullopt when none.
std::optional<std::map<std::string, std::string>> last_tag_targets(const std::vector<incident::Event>& log,
                                                                   const std::string& repository);
// Appends a "release-tags" event unless the newest one has the same map; true when written.
bool record_tag_targets(const incident::Session& session, const std::string& repository,
                        const std::vector<TagRecord>& tags);

struct CheckOff {
  std::vector<std::string> checked;  // incident ids whose step was recorded now
  std::vector<std::string> already;  // the step was done or skipped before
};
// Records audit-publish-history done (note = summary) as described above. Throws Error when an
// id in `also` is unknown or its playbook has no such step.
CheckOff check_off_publish_history(const incident::Session& session, std::string_view ecosystem,
                                   std::string_view package, const std::string& summary,
                                   const std::vector<std::string>& also);

}  // namespace tocsin::release
