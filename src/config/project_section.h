// tocsin.toml `[project]`: what the documents (advisory, CVE record, changelog) say about the
// project itself, which no incident records.
//   [project]
//   name = "bastion"                 # vendor / project name (CVE vendor, OSV local id prefix)
//   package = "bastion-core"         # the package the advisories are about
//   ecosystem = "crates.io"          # crates.io | npm | PyPI
//   repository = "https://github.com/o/bastion"
//   cna_org_id = "…"                 # UUID of the CNA that assigns our CVEs (GitHub's, or ours)
//   cna_short_name = "GitHub_M"
// Unknown keys and non-string values are errors with their line and column.
#pragma once

#include <toml++/toml.h>

#include <string>

namespace tocsin::config {

struct ProjectInfo {
  std::string name;
  std::string package;
  std::string ecosystem;  // an OSV ecosystem name ("crates.io", "npm", "PyPI")
  std::string repository_url;
  std::string cna_org_id;
  std::string cna_short_name;
};

ProjectInfo read_project_section(const toml::table& document, const std::string& path);

}  // namespace tocsin::config
