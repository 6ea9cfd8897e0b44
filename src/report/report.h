// Machine-readable scan reports: JSON (tocsin's own schema), SARIF 2.1.0 (GitHub code
// scanning), Markdown (PR comments). One writer per format in src/report/<format>.cpp and one
// registration line in registry.cpp. The terminal table lives in the CLI (it needs the TTY).
//
// Writers are pure: same findings in, byte-identical document out (findings are written in
// the order given; the scanner sorts them by urgency).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scan/finding.h"

namespace tocsin::report {

struct Report {
  const std::vector<scan::Finding>* findings = nullptr;
  scan::ScanSummary summary;
  std::string tool_version;
};

class Writer {
 public:
  virtual ~Writer() = default;
  virtual std::string_view format() const = 0;  // the --format value
  virtual void write(std::ostream& out, const Report& report) const = 0;
};

const std::vector<std::unique_ptr<Writer>>& writers();
const Writer* writer_for(std::string_view format);

// GitHub's numeric "security-severity" for a finding: its CVSS score when known, otherwise
// the middle of the band of its level.
double security_severity(const scan::Finding& finding);

}  // namespace tocsin::report
