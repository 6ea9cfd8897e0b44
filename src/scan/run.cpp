#include "scan/run.h"

#include <filesystem>
#include <map>
#include <optional>

#include "advisory/database.h"
#include "advisory/parsers.h"
#include "config/project_config.h"
#include "core/error.h"
#include "core/text.h"
#include "scan/scanner.h"
#include "scan/triage.h"
#include "vex/match.h"

namespace tocsin::scan {
namespace {

namespace fs = std::filesystem;

// The top of the git work tree holding `dir` (a `.git` directory or file), else `dir` itself.
fs::path repository_root(const fs::path& dir) {
  for (fs::path at = dir; !at.empty(); at = at.parent_path()) {
    std::error_code error;
    if (fs::exists(at / ".git", error)) return at;
    if (at == at.parent_path()) break;
  }
  return dir;
}

// SARIF locations that do not depend on the working directory: %SRCROOT% is the repository
// root, and each lockfile is named relative to it.
void locate(const Request& request, Result& result) {
  std::error_code error;
  const fs::path base = fs::weakly_canonical(fs::absolute(request.dir.empty() ? "." : request.dir), error);
  const fs::path root = repository_root(base);
  result.source_root = root.generic_string();
  // Each lockfile's directory is resolved once (realpath() costs a readlink per component, and
  // Springtale's workflows share one directory); the file itself only when it is a link.
  std::map<fs::path, fs::path> resolved_dirs;
  for (const auto& lock : request.inventory->lockfiles) {
    fs::path full = fs::path(lock.path).is_absolute() ? fs::path(lock.path) : base / lock.path;
    const fs::path name = full.filename();
    if (name.empty() || name == "." || name == ".." || fs::is_symlink(fs::symlink_status(full, error))) {
      full = fs::weakly_canonical(full, error);
    } else {
      auto [dir, inserted] = resolved_dirs.try_emplace(full.parent_path());
      if (inserted) dir->second = fs::weakly_canonical(full.parent_path(), error);
      full = dir->second / name;
    }
    const fs::path relative = full.lexically_relative(root);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    result.lockfile_uris[lock.path] = inside ? relative.generic_string() : full.generic_string();
  }
}

}  // namespace

Result run(const Request& request) {
  if (request.inventory == nullptr) throw Error("scan::run: no inventory");
  const inventory::Inventory& inventory = *request.inventory;
  const std::string base = request.dir.empty() ? "." : request.dir;
  const auto warn = [&request](const std::string& message) {
    if (request.warn) request.warn(message);
  };

  ScanOptions options;
  for (const std::string& file : request.known_bad_files) {
    auto entries = advisory::parse_known_bad(file, read_file(file));
    options.known_bad.insert(options.known_bad.end(), entries.begin(), entries.end());
  }
  for (const std::string& warning : known_bad_out_of_scope(inventory, options.known_bad)) warn(warning);

  // The database is required unless the scan is only against known-bad lists.
  const std::string db_dir = advisory::default_database_dir(request.db_dir);
  std::optional<advisory::Database> database;
  if (request.no_db) {
    if (request.known_bad_files.empty()) throw Error("--no-db needs at least one --known-bad list to check");
  } else if (fs::exists(advisory::database_file(db_dir))) {
    database.emplace(advisory::Database::open(db_dir));
  } else if (request.known_bad_files.empty()) {
    throw Error(advisory::database_file(db_dir), 0, 0,
                "no advisory database; run `tocsin db import PATH…` or `tocsin db update` first (or pass --db DIR)");
  } else {
    warn("no advisory database at " + db_dir + "; checking the known-bad lists only");
  }

  Result result;
  result.findings = find_vulnerabilities(inventory, database ? &*database : nullptr, options);

  const config::ProjectConfig project = config::ProjectConfig::load(base, request.config);
  apply_policy(result.findings, project.get<policy::Policy>());

  if (!request.no_vex) {
    if (fs::is_directory(fs::path(base) / "vex")) {
      vex::VexDirectory directory = vex::load_vex_directory((fs::path(base) / "vex").string());
      for (const Diagnostic& failure : directory.failures) warn(error_from_diagnostic(failure).what());
      result.vex_documents = std::move(directory.documents);
    }
    for (const std::string& file : request.vex_files) result.vex_documents.push_back(vex::load_openvex_file(file));
    apply_vex(result.findings, result.vex_documents);
  }
  sort_by_urgency(result.findings);
  // What a finding could not prove is said where the maintainer looks, not only in the JSON.
  for (const Finding& finding : result.findings)
    for (const std::string& note : finding.notes)
      warn(finding.lockfile + ":" + std::to_string(finding.line) + ": " + finding.name + "@" + finding.version + ": " +
           note);

  result.summary.lockfiles = inventory.lockfiles.size();
  for (const auto& lock : inventory.lockfiles)
    for (const auto& package : lock.packages) result.summary.packages += package.synthetic ? 0 : 1;
  result.summary.database = database ? db_dir : "";
  locate(request, result);
  return result;
}

}  // namespace tocsin::scan
