// Post-mortem skeleton (runbook Playbook 4 step 8: root cause, STRIDE register, the test that
// would have caught it). Facts come from the record; judgement is left to the maintainer.
#include <fmt/format.h>

#include "core/text.h"
#include "core/time.h"
#include "documents/documents.h"
#include "documents/facts_util.h"

namespace tocsin::documents {
namespace {

using detail::Gaps;
using detail::one_line;

constexpr const char* kToBeWritten = "_TO BE WRITTEN_";

// A Markdown table cell: one line, Markdown and HTML escaped (pipes included), no mention.
std::string cell(std::string_view text) {
  const std::string out = markdown_text(one_line(text));
  return out.empty() ? "—" : out;
}

std::string time_cell(const std::string& value) {
  if (std::optional<std::int64_t> seconds = parse_rfc3339(trim(value))) return format_rfc3339(*seconds);
  return trim(value).empty() ? "(no time)" : cell(value) + " (not RFC 3339)";
}

std::string fact(const std::string& value, const std::string& field, const std::string& what, Gaps& gaps) {
  return one_line(value).empty() ? gaps.missing(field, what, "…") : markdown_text(one_line(value));
}

}  // namespace

Document render_postmortem(const IncidentFacts& facts) {
  Gaps gaps(facts);
  std::string text;
  const std::string title = one_line(facts.title).empty() ? "(untitled)" : one_line(facts.title);
  text += fmt::format("# Post-mortem: {} — {}\n\n",
                      one_line(facts.id).empty() ? "<ID>" : markdown_text(one_line(facts.id)), markdown_text(title));
  text += "Facts below come from the incident record. Sections marked " + std::string(kToBeWritten) +
          " are for the maintainer: the tool does not guess causes or lessons.\n\n";

  text += "## Summary\n\n";
  text += fmt::format("- **Playbook**: {}\n", fact(facts.playbook, "playbook", "no playbook recorded", gaps));
  text += fmt::format("- **Severity**: {}\n", fact(facts.severity, "severity", "no severity recorded", gaps));
  text += fmt::format("- **Scope**: {}\n", fact(facts.package, "package", "no scope recorded", gaps));
  if (!one_line(facts.user_safety_class).empty())
    text += fmt::format("- **User-safety class**: {}\n", markdown_text(one_line(facts.user_safety_class)));
  text += fmt::format("- **User-safety impact**: {}\n",
                      fact(facts.user_safety_impact, "user-safety-impact", "user-safety impact not recorded", gaps));
  text += fmt::format("- **CVE**: {}\n",
                      one_line(facts.cve_id).empty() ? "none assigned" : markdown_text(one_line(facts.cve_id)));
  text += fmt::format("- **Actively exploited**: {}; **CISA KEV**: {}\n", facts.actively_exploited ? "yes" : "no",
                      facts.in_kev ? "yes" : "no");
  const std::pair<const char*, const std::string*> milestones[] = {
      {"Reported", &facts.reported_at}, {"Acknowledged", &facts.acknowledged_at}, {"Triaged", &facts.triaged_at},
      {"Fixed", &facts.fixed_at},       {"Disclosed", &facts.published_at},       {"Closed", &facts.closed_at}};
  for (const auto& [label, value] : milestones)
    text += fmt::format("- **{}**: {}\n", label, trim(*value).empty() ? "not recorded" : time_cell(*value));

  text += "\n## Timeline (UTC)\n\n";
  if (facts.timeline.empty()) {
    text += gaps.missing("timeline", "the record holds no timeline events", "…") + "\n";
  } else {
    text += "| Time | Actor | Event |\n|---|---|---|\n";
    for (const TimelineEvent& event : facts.timeline)
      text += fmt::format("| {} | {} | {} |\n", time_cell(event.time), cell(event.actor), cell(event.text));
  }

  text += fmt::format("\n## Root cause\n\n{}\n", kToBeWritten);
  text += fmt::format("\n## What went well\n\n{}\n", kToBeWritten);
  text += fmt::format("\n## What went wrong\n\n{}\n", kToBeWritten);
  text += "\n## Action items\n\n";
  text += fmt::format("- [ ] {} — the lint or property test that would have caught it\n", kToBeWritten);
  text += fmt::format("- [ ] {} — regression test for the fix\n", kToBeWritten);

  text += "\n## Risk register (STRIDE)\n\n";
  std::string letters;
  std::string names;
  for (const Stride category : facts.stride) {
    letters += (letters.empty() ? "" : "/") + stride_letter(category);
    names += (names.empty() ? "" : ", ") + stride_name(category);
  }
  if (letters.empty()) {
    text += "STRIDE category: " +
            gaps.missing("stride", "no STRIDE category recorded (S, T, R, I, D or E)", "S|T|R|I|D|E") + "\n";
    letters = kToBeWritten;
  } else {
    text += fmt::format("STRIDE category: {} ({})\n", letters, names);
  }
  text += "\nProposed RISK-REGISTER.md row (ID, mitigation and owner to be written):\n\n";
  text += "| ID | Boundary | Risk | STRIDE | Mitigation | Owner |\n|---|---|---|---|---|---|\n";
  text += fmt::format("| {} | {} | {} | {} | {} | {} |\n", kToBeWritten,
                      one_line(facts.package).empty() ? kToBeWritten : markdown_code(one_line(facts.package), true),
                      cell(title), letters, kToBeWritten, kToBeWritten);
  return {std::move(text), gaps.take()};
}

}  // namespace tocsin::documents
