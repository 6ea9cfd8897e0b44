// A Markdown summary for pull-request comments: counts, then one table row per finding, most
// urgent first; suppressed findings are only counted.
#include "report/writers.h"

namespace tocsin::report {
namespace {

// Pipes and newlines would break a Markdown table cell.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string deadline(long long hours) {
  if (hours <= 0) return "";
  if (hours % 24 == 0 && hours >= 48) return std::to_string(hours / 24) + "d";
  return std::to_string(hours) + "h";
}

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
      std::string vulnerability = finding.url.empty() ? finding.id : "[" + finding.id + "](" + finding.url + ")";
      if (!finding.summary.empty()) vulnerability += " " + finding.summary;
      std::string kev = finding.kev ? "yes (due " + finding.kev->due_date + ")" : "";
      if (finding.known_bad) kev += kev.empty() ? "known-bad" : ", known-bad";
      out << "| " << cell(finding.level) << " | `" << cell(finding.name + "@" + finding.version) << "` ("
          << cell(finding.lockfile) << ":" << finding.line << ") | " << cell(vulnerability) << " | "
          << cell(finding.fixed_version) << " | " << cell(kev) << " | " << (finding.release_path ? "yes" : "dev-only")
          << " | " << deadline(finding.sla_hours) << " |\n";
    }
  }
};

}  // namespace

std::unique_ptr<Writer> make_markdown_writer() { return std::make_unique<MarkdownWriter>(); }

}  // namespace tocsin::report
