// The terminal table: one row per finding, most urgent first, then a summary line. Names, ids
// and paths come from lockfiles and feeds: every cell is escaped (render_table, core/terminal.h).
#include "core/terminal.h"
#include "core/text.h"
#include "report/writers.h"

namespace tocsin::report {
namespace {

Color level_color(const std::string& level) {
  if (level == "critical") return Color::Magenta;
  if (level == "high") return Color::Red;
  if (level == "medium") return Color::Yellow;
  return Color::Dim;
}

class TableWriter final : public Writer {
 public:
  std::string_view format() const override { return "table"; }
  void write(std::ostream& out, const Report& report) const override {
    const std::vector<scan::Finding>& findings = *report.findings;
    std::vector<std::vector<std::string>> rows;
    std::size_t suppressed = 0;
    for (const scan::Finding& finding : findings) {
      if (finding.suppressed) {
        ++suppressed;
        if (!report.show_suppressed) continue;
      }
      std::string flags;
      if (finding.kev) flags += "KEV ";
      if (finding.known_bad) flags += "known-bad ";
      if (finding.malicious && !finding.known_bad) flags += "malicious ";
      if (!finding.informational.empty()) flags += finding.informational + " ";
      if (finding.suppressed) flags += "suppressed(" + finding.suppressed->status + ") ";
      const std::string deadline = deadline_text(finding.sla_hours);
      rows.push_back({paint(escape_terminal(finding.level), level_color(finding.level)),
                      escape_terminal(finding.name + "@" + finding.version), escape_terminal(finding.id),
                      finding.fixed_version.empty() ? "-" : escape_terminal(finding.fixed_version),
                      finding.release_path ? "release" : paint("dev", Color::Dim), deadline.empty() ? "-" : deadline,
                      escape_terminal(trim(flags)),
                      escape_terminal(finding.lockfile) + ":" + std::to_string(finding.line)});
    }
    if (!rows.empty())
      out << render_table({"LEVEL", "PACKAGE", "VULNERABILITY", "FIXED IN", "PATH", "ACT WITHIN", "FLAGS", "WHERE"},
                          rows);
    const scan::ScanSummary& summary = report.summary;
    std::size_t shown = findings.size() - suppressed;
    out << summary.packages << (summary.packages == 1 ? " package in " : " packages in ") << summary.lockfiles
        << (summary.lockfiles == 1 ? " lockfile: " : " lockfiles: ") << shown
        << (shown == 1 ? " finding" : " findings");
    if (suppressed > 0)
      out << ", " << suppressed << " suppressed by VEX"
          << (report.show_suppressed ? "" : " (--show-suppressed lists them)");
    out << "\n";
  }
};

}  // namespace

std::unique_ptr<Writer> make_table_writer() { return std::make_unique<TableWriter>(); }

}  // namespace tocsin::report
