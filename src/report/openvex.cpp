// OpenVEX: the statements a maintainer would need to write, one under_investigation statement
// per unsuppressed finding, as a starting point for `tocsin vex` (src/vex/).
#include "vex/openvex.h"

#include "core/purl.h"
#include "core/time.h"
#include "report/writers.h"

namespace tocsin::report {
namespace {

class OpenVexWriter final : public Writer {
 public:
  std::string_view format() const override { return "openvex"; }
  void write(std::ostream& out, const Report& report) const override {
    vex::Document document;
    document.author = "tocsin scan";
    // canonical_id() hashes the parsed timestamp: the text alone leaves the document without one.
    document.timestamp_unix = report.generated_at;
    document.timestamp = format_rfc3339(report.generated_at);
    document.tooling = "tocsin " + report.tool_version;
    for (const scan::Finding& finding : *report.findings) {
      if (finding.suppressed) continue;
      vex::Statement statement;
      statement.vulnerability.name = finding.id;
      statement.vulnerability.aliases = finding.aliases;
      vex::Product product;
      product.id = format_purl(purl_for_package(finding.ecosystem, finding.name, finding.version));
      statement.products.push_back(product);
      statement.status = vex::Status::UnderInvestigation;
      statement.status_text = "under_investigation";
      statement.status_notes = "Found by tocsin scan in " + finding.lockfile + ":" + std::to_string(finding.line) +
                               (finding.release_path ? " (release path)" : " (dev-only)");
      document.statements.push_back(std::move(statement));
    }
    document.id = vex::canonical_id(document);
    out << vex::write_openvex(document);
  }
};

}  // namespace

std::unique_ptr<Writer> make_openvex_writer() { return std::make_unique<OpenVexWriter>(); }

}  // namespace tocsin::report
