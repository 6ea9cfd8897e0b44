// A Markdown summary for pull-request comments: counts, then one table row per finding, most
// urgent first; suppressed findings are only counted.
#include "core/text.h"
#include "report/writers.h"

namespace tocsin::report {
namespace {

// A finding's summary in one table row: an advisory feed can send 200 KB of it.
constexpr std::size_t kMaxSummary = 300;

// Every text from a lockfile or an advisory goes through markdown_text / markdown_code /
// markdown_url (core/text.h): a PR comment must not gain links, images, HTML or mentions, and a
// backtick or pipe in a name must not break its cell.

class MarkdownWriter final : public Writer {
 public:
  std::string_view format() const override { return "markdown"; }
  void write(std::ostream& out, const Report& report) const override {
    std::size_t suppressed = 0;
    std::size_t shown = 0;
    for (const scan::Finding& finding : *report.findings) (finding.suppressed ? suppressed : shown)++;
    out << "### tocsin scan\n\n";
    out << report.summary.packages << " packages in " << report.summary.lockfiles << " lockfiles: ";
    if (shown == 0)
      out << "**no findings**";
    else
      out << "**" << shown << (shown == 1 ? " finding**" : " findings**");
    if (suppressed > 0) out << " (" << suppressed << " suppressed by VEX)";
    out << "\n";
    if (shown == 0) return;
    out << "\n| Level | Package | Vulnerability | Fixed in | KEV | Release path | First action |\n";
    out << "|---|---|---|---|---|---|---|\n";
    for (const scan::Finding& finding : *report.findings) {
      if (finding.suppressed) continue;
      std::string vulnerability = markdown_text(finding.id);
      if (std::optional<std::string> url = markdown_url(finding.url))
        vulnerability = "[" + vulnerability + "](" + *url + ")";
      if (!finding.summary.empty()) vulnerability += " " + markdown_text(truncate_text(finding.summary, kMaxSummary));
      std::string kev = finding.kev ? "yes (due " + finding.kev->due_date + ")" : "";
      if (finding.known_bad) kev += kev.empty() ? "known-bad" : ", known-bad";
      out << "| " << markdown_text(finding.level) << " | " << markdown_code(finding.name + "@" + finding.version, true)
          << " (" << markdown_text(finding.lockfile) << ":" << finding.line << ") | " << vulnerability << " | "
          << markdown_text(finding.fixed_version) << " | " << markdown_text(kev) << " | "
          << (finding.release_path ? "yes" : "dev-only") << " | " << deadline_text(finding.sla_hours) << " |\n";
    }
  }
};

}  // namespace

std::unique_ptr<Writer> make_markdown_writer() { return std::make_unique<MarkdownWriter>(); }

}  // namespace tocsin::report
