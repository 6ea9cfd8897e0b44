// Workflow reader and audit on arbitrary bytes: they must return or throw tocsin::Error, nothing
// else, and every position must be inside the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ci/ci.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    tocsin::ci::WorkflowSet set;
    set.workflows.push_back(tocsin::ci::parse_workflow(".github/workflows/fuzz.yml", content));
    tocsin::ci::AuditInput input;
    input.workflows = &set;
    for (const auto& finding : tocsin::ci::audit(input))
      if (finding.line < 0 || finding.column < 0) __builtin_trap();
    // Again with a trust document, so the egress and OIDC rules read the input too.
    static const tocsin::ci::TrustPolicy trust = tocsin::ci::parse_trust(
        "CI-TRUST.md",
        "`egress-policy: block`\n| Action | x |\n|---|---|\n| `actions/checkout` | x |\n\n"
        "| Relying party | Subject | x |\n|---|---|---|\n| F | `repo:o/r:ref:refs/tags/v*` | x |\n\n"
        "### `fuzz.yml`\n- `github.com`\n");
    input.trust = &trust;
    for (const auto& finding : tocsin::ci::audit(input))
      if (finding.line < 0 || finding.column < 0) __builtin_trap();
    (void)tocsin::ci::actions_lockfiles(set);
  } catch (const tocsin::Error&) {
  }
  // The trust-document and log readers take any text and never throw.
  (void)tocsin::ci::parse_trust("fuzz.md", content);
  std::vector<tocsin::ci::LogFinding> out;
  tocsin::ci::scan_log_text(content, {}, {}, out);
  return 0;
}
