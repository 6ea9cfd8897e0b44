// The red-team run and the incident record (playbook llm-redteam-bypass).
//
// `redteam run --open-incidents` calls sync_incidents after judging: a bypassing case opens one
// incident keyed "redteam:<adapter>/<case id>" (never twice while it is open; a bypass of a case
// already recorded as fixed is recorded as back — "finding-reappeared"); a passing case whose
// incident is open (found by that key, or by the case's `source` naming the incident, as cases
// written by `redteam add` do) is recorded as verified: a "finding-fixed" event and, once the
// data-exposed branch is decided, the step verify-redteam (milestone fixed). Step verify-redteam
// decides that branch, and whether user data was exposed is a person's call: until it is set
// (`tocsin incident set ID branch.data-exposed yes|no`) the step waits and the run says so.
//
// The opened event's payload carries, besides the usual fields, an object "redteam" with key,
// adapter, case, class, file, rule, detail and the case itself (input or turns, document,
// canaries, expect) — the recorded input `redteam add --from-incident` writes a case from.
#pragma once

#include <string>
#include <vector>

#include "incident/incident.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {

inline constexpr const char* kBypassPlaybook = "llm-redteam-bypass";

std::string incident_key(const std::string& adapter, const std::string& case_id);

struct IncidentSync {
  std::vector<std::string> opened, reappeared, verified, waiting_decision;
};
// Sets CaseResult::incident / incident_action on the results it touched.
IncidentSync sync_incidents(const incident::Session& session, std::vector<CaseResult>& results,
                            const std::string& adapter);

struct AddRequest {
  std::string incident_id;
  std::string corpus_dir;  // where the case file is written (created when missing)
  std::string case_id;     // default: the recorded case id, else "<incident id lowercased>"
  // For incidents without a recorded input (opened by hand from a user report):
  std::string input;
  std::string owasp_class = "LLM01";
  std::vector<std::string> canaries;
};
struct AddResult {
  std::string path;
  Case written;
  bool step_recorded = false;  // add-to-corpus was pending and is now done
};
// Writes <corpus_dir>/<case id>.toml (never over an existing file) with source = the incident id
// and added = today, reads it back through parse_case, then records step add-to-corpus.
AddResult add_from_incident(const incident::Session& session, const AddRequest& request);

}  // namespace tocsin::redteam
