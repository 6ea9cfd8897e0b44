// Scan reports, one writer per `--format` value: the terminal table, JSON (tocsin's own
// schema), SARIF 2.1.0 (GitHub code scanning), Markdown (PR comments) and OpenVEX (the
// statements a maintainer would need to write). One writer per format in
// src/report/<format>.cpp and one registration line in registry.cpp; the CLI's --format list is
// format_names(), so a new writer needs no other change.
//
// Writers are pure: same findings in, byte-identical document out (findings are written in
// the order given; the scanner sorts them by urgency). The table's colour follows
// core/terminal.h (stdout a TTY, NO_COLOR, CLICOLOR_FORCE).
#pragma once

#include <cstdint>
#include <map>
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
  // SARIF locations: the directory %SRCROOT% stands for (the git work tree's top level when the
  // scanned directory is in one, else the scanned directory), as an absolute path, and each
  // finding's lockfile (as the finding names it) relative to it. A lockfile missing from the
  // map is written as the finding names it. With both empty (library callers, tests) URIs are
  // the findings' paths and no originalUriBaseIds is written.
  std::string source_root;
  std::map<std::string, std::string> lockfile_uris;
  // The table lists VEX-suppressed findings too (they are always counted).
  bool show_suppressed = false;
  // OpenVEX: the document's timestamp (Unix seconds; `--now`, else the clock).
  std::int64_t generated_at = 0;
};

class Writer {
 public:
  virtual ~Writer() = default;
  virtual std::string_view format() const = 0;  // the --format value
  virtual void write(std::ostream& out, const Report& report) const = 0;
};

const std::vector<std::unique_ptr<Writer>>& writers();
const Writer* writer_for(std::string_view format);
// The registered formats in registration order, the default ("table") first: the --format list.
std::vector<std::string> format_names();

// GitHub's numeric "security-severity" for a finding, so that GitHub shows tocsin's level: its
// CVSS score when that score falls in the band of the finding's level (GitHub's bands: critical
// ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0), otherwise — the policy raised the level (KEV,
// user-safety, known-bad) or set it by its own thresholds — the middle of the level's band.
double security_severity(const scan::Finding& finding);

}  // namespace tocsin::report
