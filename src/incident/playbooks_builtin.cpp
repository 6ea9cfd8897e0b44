// The runbook's six playbooks (springtale docs/security/INCIDENT-RUNBOOK.md, last review
// 2026-05-13), as data. `tocsin playbook show NAME --format toml` prints one as a starting point
// for <repo>/.tocsin/playbooks/NAME.toml.

#include "incident/playbook.h"

namespace tocsin::incident {
namespace {

constexpr const char* kVulnerableDependency = R"toml(name = "vulnerable-dependency"
title = "Compromised upstream dependency"
runbook = "INCIDENT-RUNBOOK.md, Playbook 1"
trigger = "RustSec / npm-advisory / KEV match on a dependency we ship; or any Dependabot security PR landing in our queue."
severity = "high"
disclosure = true
cve_assignment = true

[[branch]]
id = "release-path"
question = "Is this dependency on our release path?"
choices = ["yes", "no"]

[[step]]
id = "triage"
title = "Triage"
role = "triage"
decides = "release-path"
milestone = "triaged"
text = "Is this dependency on our release path? Yes: stop, follow steps 2-7. No: open a cargo-deny issue to ban it and advance to the long-term step."
commands = ["cargo tree -i <crate>", "tocsin why <crate>"]

[[step]]
id = "ban"
title = "Ban the dependency"
role = "triage"
when = "release-path=no"
text = "Open a cargo deny issue to ban the crate, then advance to the long-term step."
artifacts = ["deny.toml"]

[[step]]
id = "pin-rollback"
title = "Pin / rollback"
role = "release_engineer"
when = "release-path=yes"
text = "Open a feature branch reverting to the last known-good version. If a patched upstream version exists, bump there instead."

[[step]]
id = "confirm-green"
title = "Confirm green"
role = "release_engineer"
when = "release-path=yes"
text = "Run the full CI on the branch."
commands = ["gh workflow run ci.yml", "gh workflow run sca.yml", "gh workflow run sbom.yml"]

[[step]]
id = "audit-usage"
title = "Audit usage"
role = "triage"
when = "release-path=yes"
text = "Enumerate everything that pulls the crate in. Read each call site. Document in the PR body."
commands = ["cargo tree -i <crate>"]

[[step]]
id = "issue-vex"
title = "Issue a VEX"
role = "triage"
when = "release-path=yes"
text = "Add an OpenVEX document declaring affected / not_affected with justification."
artifacts = ["vex/<crate>-<cve>.json"]

[[step]]
id = "patch-release"
title = "Merge + tag patch release"
role = "release_engineer"
when = "release-path=yes"
milestone = "fixed"
text = "Merge and tag the patch release. Run provenance.yml to sign and attest."
commands = ["git tag -s vX.Y.Z-secfix.N", "gh workflow run provenance.yml"]
artifacts = ["tag vX.Y.Z-secfix.N"]

[[step]]
id = "publish-advisory"
title = "Publish advisory"
role = "release_engineer"
when = "release-path=yes"
milestone = "disclosed"
text = "GitHub Security Advisory with CWE-ID, CVSS and patched version. Update the CHANGELOG.md security section."
artifacts = ["GitHub Security Advisory", "CHANGELOG.md"]

[[step]]
id = "long-term"
title = "Long-term"
role = "triage"
text = "Add the crate to the dependabot.yml ignore list if it needs manual review going forward. Update docs/security/SUPPLY-CHAIN.md if policy changed."
artifacts = [".github/dependabot.yml", "docs/security/SUPPLY-CHAIN.md"]
)toml";

constexpr const char* kLeakedCredentials = R"toml(name = "leaked-credentials"
title = "Leaked publish credential (crates.io / npm / PyPI / cosign)"
runbook = "INCIDENT-RUNBOOK.md, Playbook 2"
trigger = "A maintainer detects an unauthorized publish, GitHub secret scanning fires, or an upstream registry sends a compromised-account email."
severity = "critical"

[[step]]
id = "revoke"
title = "Revoke immediately"
role = "release_engineer"
milestone = "triaged"
text = """
crates.io API token: Settings > Account > revoke. npm classic token: npmjs.com/settings/<user>/tokens > revoke. \
PyPI token: PyPI account > revoke. GitHub PAT: Settings > Developer settings > revoke. Sigstore OIDC tokens are \
short-lived (no revoke needed) but rotate the linked GitHub identity if it is compromised."""

[[step]]
id = "yank"
title = "Yank malicious releases"
role = "release_engineer"
text = "Yank every malicious release, unpublish within the window, or contact registry support."
commands = ["cargo yank --version <ver> <crate>", "npm unpublish <pkg>@<ver>", "pip-yank"]

[[step]]
id = "audit-publish-history"
title = "Audit publish history"
role = "release_engineer"
text = "Identify any unauthorized version. Compare SHA-256 against signed-bundle expectations."

[[step]]
id = "rotate-signing-identity"
title = "Rotate signing identity"
role = "crypto_reviewer"
milestone = "fixed"
text = "Re-do the Sigstore keyless flow with a fresh GitHub OIDC identity; the cosign verify recipe carries the new identity claim."
artifacts = ["docs/operations/verifying-releases.md"]

[[step]]
id = "notify"
title = "Notify"
role = "release_engineer"
milestone = "disclosed"
text = "GitHub Security Advisory; CHANGELOG security section; the mailing list or channel where users learn of releases."
artifacts = ["GitHub Security Advisory", "CHANGELOG.md"]

[[step]]
id = "replay-attestation"
title = "Replay attestation"
role = "release_engineer"
text = "Build the legitimate version on a clean runner; sign and push provenance; instruct users to verify against the new identity."
commands = ["gh workflow run provenance.yml", "cosign verify-blob"]

[[step]]
id = "trusted-publishing"
title = "Move to OIDC trusted publishing"
role = "release_engineer"
text = "Move to OIDC trusted publishing if not already on it."
)toml";

constexpr const char* kCompromisedCi = R"toml(name = "compromised-ci"
title = "Unauthorized release tag / Action compromise"
runbook = "INCIDENT-RUNBOOK.md, Playbook 3"
trigger = "A release tag appears on main that was not created by the maintainer, or a GitHub Action we use is reported compromised (e.g. tj-actions, March 2025)."
severity = "critical"

[[step]]
id = "disable-workflow"
title = "Disable the workflow"
role = "release_engineer"
text = "Revert the workflow that consumed the compromised action on main immediately. Branch-protect to require all workflows reviewed."

[[step]]
id = "audit-logs"
title = "Audit Actions logs"
role = "triage"
milestone = "triaged"
text = "Search the compromise window's runs; download the logs; look for known exfiltration indicators (double-base64 strings, POSTs to non-allowed endpoints)."
commands = ["gh run list --created <window>", "gh run view <run-id> --log"]

[[step]]
id = "rotate-tokens"
title = "Rotate every token used in the window"
role = "release_engineer"
text = "Rotate every token the affected workflows could read (see the leaked-credentials playbook)."

[[step]]
id = "yank-artifacts"
title = "Yank or unpublish"
role = "release_engineer"
text = "Yank or unpublish any artifact built by a compromised workflow."

[[step]]
id = "update-ci-trust"
title = "Update CI-TRUST.md"
role = "release_engineer"
milestone = "fixed"
text = "Remove the action from the allowlist or pin it to a known-safe SHA."
artifacts = ["docs/security/CI-TRUST.md"]

[[step]]
id = "org-action-policy"
title = "Update the org Action policy"
role = "release_engineer"
text = "Block the compromised action in the organisation's Actions policy."

[[step]]
id = "notify"
title = "Notify"
role = "release_engineer"
milestone = "disclosed"
text = "Publish a Security Advisory."
artifacts = ["GitHub Security Advisory"]

[[step]]
id = "republish"
title = "Re-publish clean artifacts"
role = "release_engineer"
text = "Re-publish clean artifacts from the new SHA-pinned workflow with full attestation."
commands = ["gh workflow run provenance.yml"]
)toml";

constexpr const char* kUserSafetyReport = R"toml(name = "user-safety-report"
title = "Reported user-safety vulnerability"
runbook = "INCIDENT-RUNBOOK.md, Playbook 4; SECURITY.md, Special handling for user-safety vulnerabilities"
trigger = "A GitHub Security Advisory is opened or a maintainer is emailed with anything in the user-safety class (identity leak, duress detectability, panic wipe defeat, telemetry)."
severity = "critical"
acknowledge = "24h"
fix = "14d"
disclosure = true
cve_assignment = true

[[step]]
id = "acknowledge"
title = "Acknowledge to the reporter"
role = "triage"
milestone = "acknowledged"
text = "Acknowledge receipt to the reporter within 24 hours (tocsin incident ack ID)."

[[step]]
id = "verify"
title = "Verify"
role = "triage"
text = "Try to reproduce on the current main against a fresh vault."

[[step]]
id = "triage"
title = "Triage"
role = "triage"
milestone = "triaged"
text = "User-safety is always Critical. CVSS often understates impact: score by reach into the threat model, not raw CVSS. Record CWE and CVSS (tocsin incident set ID cwe / cvss)."

[[step]]
id = "develop-fix"
title = "Develop fix on a private branch"
role = "crypto_reviewer"
text = "Target 14 days. Ask the reporter whether and how they want to be credited (tocsin incident set ID credit real-name|handle|anonymous)."

[[step]]
id = "test"
title = "Test"
role = "crypto_reviewer"
milestone = "fixed"
text = "Full CI and manual reproduction. Add a regression test."

[[step]]
id = "coordinate-disclosure"
title = "Coordinated disclosure"
role = "triage"
text = "Negotiate the window with the reporter: default 90 days, shorter for active exploitation (tocsin incident set ID exploited true)."

[[step]]
id = "publish"
title = "Publish"
role = "release_engineer"
milestone = "disclosed"
text = "Security Advisory, signed patch release, CHANGELOG entry; credit the reporter (real name, handle or anonymous, per their preference)."
artifacts = ["GitHub Security Advisory", "tag vX.Y.Z-secfix.N", "CHANGELOG.md"]

[[step]]
id = "post-mortem"
title = "Post-mortem"
role = "triage"
text = "Document the root cause; update the STRIDE register; add a lint or property test that would have caught it."
artifacts = ["docs/security/RISK-REGISTER.md"]
)toml";

// Not one of the runbook's six: a privately reported vulnerability outside the user-safety class
// (a GitHub repository advisory in triage, a mail to the security.txt contact). Playbook 4's
// steps and clocks, with the severity from the report's CVSS under the policy instead of Critical.
constexpr const char* kReportedVulnerability = R"toml(name = "reported-vulnerability"
title = "Reported vulnerability (coordinated disclosure)"
runbook = "INCIDENT-RUNBOOK.md, Playbook 4 without the user-safety class; SECURITY.md"
trigger = "A GitHub repository security advisory is reported privately or a maintainer is emailed with a vulnerability outside the user-safety class."
acknowledge = "24h"
fix = "14d"
disclosure = true
cve_assignment = true

[[step]]
id = "acknowledge"
title = "Acknowledge to the reporter"
role = "triage"
milestone = "acknowledged"
text = "Acknowledge receipt to the reporter within 24 hours (tocsin incident ack ID)."

[[step]]
id = "verify"
title = "Verify"
role = "triage"
text = "Try to reproduce on the current main."

[[step]]
id = "triage"
title = "Triage"
role = "triage"
milestone = "triaged"
text = "Score it (tocsin incident set ID cvss / cwe). If it falls in the user-safety class after all, open a user-safety-report incident instead."

[[step]]
id = "develop-fix"
title = "Develop fix on a private branch"
role = "release_engineer"
text = "Ask the reporter whether and how they want to be credited (tocsin incident set ID credit real-name|handle|anonymous)."

[[step]]
id = "test"
title = "Test"
role = "release_engineer"
milestone = "fixed"
text = "Full CI and manual reproduction. Add a regression test."

[[step]]
id = "coordinate-disclosure"
title = "Coordinated disclosure"
role = "triage"
text = "Agree the window with the reporter: default 90 days, shorter for active exploitation."

[[step]]
id = "publish"
title = "Publish"
role = "release_engineer"
milestone = "disclosed"
text = "Security Advisory (tocsin advisory ID --format ghsa), patch release, CHANGELOG entry; credit the reporter as they asked."
artifacts = ["GitHub Security Advisory", "CHANGELOG.md"]
)toml";

constexpr const char* kKevFailure = R"toml(name = "kev-failure"
title = "KEV daily-check fires"
runbook = "INCIDENT-RUNBOOK.md, Playbook 5"
trigger = "The kev-check job of .github/workflows/sca.yml fails."
severity = "high"
disclosure = true
cve_assignment = true

[[branch]]
id = "kev-match"
question = "Is the KEV match real, or a false positive (matched by CPE, but the advisory does not apply to our usage path)?"
choices = ["real", "false-positive"]

[[step]]
id = "read-output"
title = "Read the job output"
role = "triage"
text = "Which dependency matches which KEV entry."
commands = ["gh run view <run-id> --log", "tocsin scan"]

[[step]]
id = "confirm"
title = "Confirm not a false positive"
role = "triage"
decides = "kev-match"
milestone = "triaged"
text = "Sometimes KEV matches by CPE but the advisory does not apply to our usage path."
commands = ["cargo tree -i <crate>", "tocsin why <crate>"]

[[step]]
id = "pin-rollback"
title = "Pin / rollback (Playbook 1, step 2)"
role = "release_engineer"
when = "kev-match=real"
text = "Open a feature branch reverting to the last known-good version. If a patched upstream version exists, bump there instead."

[[step]]
id = "confirm-green"
title = "Confirm green (Playbook 1, step 3)"
role = "release_engineer"
when = "kev-match=real"
text = "Run the full CI on the branch."
commands = ["gh workflow run ci.yml", "gh workflow run sca.yml", "gh workflow run sbom.yml"]

[[step]]
id = "audit-usage"
title = "Audit usage (Playbook 1, step 4)"
role = "triage"
when = "kev-match=real"
text = "Enumerate everything that pulls the crate in. Read each call site. Document in the PR body."
commands = ["cargo tree -i <crate>"]

[[step]]
id = "issue-vex"
title = "Issue a VEX (Playbook 1, step 5)"
role = "triage"
when = "kev-match=real"
text = "Add an OpenVEX document declaring affected / not_affected with justification."
artifacts = ["vex/<crate>-<cve>.json"]

[[step]]
id = "patch-release"
title = "Merge + tag patch release (Playbook 1, step 6)"
role = "release_engineer"
when = "kev-match=real"
milestone = "fixed"
text = "Merge and tag the patch release. Run provenance.yml to sign and attest."
commands = ["git tag -s vX.Y.Z-secfix.N", "gh workflow run provenance.yml"]
artifacts = ["tag vX.Y.Z-secfix.N"]

[[step]]
id = "publish-advisory"
title = "Publish advisory (Playbook 1, step 7)"
role = "release_engineer"
when = "kev-match=real"
milestone = "disclosed"
text = "GitHub Security Advisory with CWE-ID, CVSS and patched version. Update the CHANGELOG.md security section."
artifacts = ["GitHub Security Advisory", "CHANGELOG.md"]

[[step]]
id = "vex-not-affected"
title = "Record the false positive"
role = "triage"
when = "kev-match=false-positive"
text = "Add a VEX not_affected statement with its justification in vex/, then re-run the check."
artifacts = ["vex/<crate>-<cve>.json"]
commands = ["gh workflow run sca.yml"]
)toml";

constexpr const char* kLlmRedteamBypass = R"toml(name = "llm-redteam-bypass"
title = "Prompt injection / AI guardrail bypass"
runbook = "INCIDENT-RUNBOOK.md, Playbook 6"
trigger = "The llm-redteam.yml corpus run finds a bypass, or a user reports exfiltration via an AI adapter."
severity = "high"

[[branch]]
id = "data-exposed"
question = "Did user data exposure occur?"
choices = ["yes", "no"]

[[step]]
id = "identify-adapter"
title = "Identify the adapter"
role = "connector_reviewer"
milestone = "triaged"
text = "Identify the adapter and the prompt path."

[[step]]
id = "quarantine"
title = "Quarantine"
role = "connector_reviewer"
text = "Disable the adapter in the springtale.toml.example defaults; document it in CHANGELOG.md."
artifacts = ["springtale.toml.example", "CHANGELOG.md"]

[[step]]
id = "patch-guardrail"
title = "Patch AiGuardrail"
role = "connector_reviewer"
text = "Strengthen redaction, output validation or the capability check."

[[step]]
id = "add-to-corpus"
title = "Add the attack to the corpus"
role = "connector_reviewer"
artifacts = ["tests/llm-redteam/corpus/"]
text = "Add the attack to the red-team corpus."

[[step]]
id = "verify-redteam"
title = "Verify with llm-redteam.yml"
role = "connector_reviewer"
decides = "data-exposed"
milestone = "fixed"
text = "The corpus run must refuse the attack. Record whether user data was exposed (branch data-exposed)."
commands = ["gh workflow run llm-redteam.yml"]

[[step]]
id = "release-advisory"
title = "Release with advisory"
role = "release_engineer"
when = "data-exposed=yes"
milestone = "disclosed"
text = "Release with a Security Advisory, since user data exposure occurred."
artifacts = ["GitHub Security Advisory", "tag vX.Y.Z-secfix.N", "CHANGELOG.md"]
)toml";

}  // namespace

const std::vector<Playbook>& builtin_playbooks() {
  static const std::vector<Playbook> playbooks = [] {
    std::vector<Playbook> out;
    for (const char* text : {kVulnerableDependency, kLeakedCredentials, kCompromisedCi, kUserSafetyReport, kKevFailure,
                             kLlmRedteamBypass, kReportedVulnerability}) {
      out.push_back(parse_playbook(text, "built-in playbook"));
      out.back().source = "built-in";
    }
    return out;
  }();
  return playbooks;
}

}  // namespace tocsin::incident
