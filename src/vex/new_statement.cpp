#include "vex/new_statement.h"

#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/time.h"
#include "inventory/inventory.h"
#include "lockfile/lockfile.h"
#include "vex/openvex.h"
#include "vex/purl.h"

namespace tocsin::vex {
namespace {

std::string file_stem(std::string_view text) {
  std::string out;
  for (char c : to_lower(text)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    if (keep)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
  return out;
}

// Statement content without the timestamps and ids a rewrite would change.
nlohmann::ordered_json comparable(const Document& document) {
  nlohmann::ordered_json json = to_json(document);
  json.erase("timestamp");
  json.erase("@id");
  json.erase("last_updated");
  json.erase("version");
  for (auto& statement : json["statements"]) statement.erase("timestamp");
  return json;
}

std::vector<std::string> repository_lockfiles(const std::string& dir) {
  try {
    return inventory::discover(dir).lockfiles;
  } catch (const std::exception&) {
    return {};  // an unreadable repository names no ecosystem; the error below asks for one
  }
}

}  // namespace

Ecosystem infer_ecosystem(const std::string& explicit_ecosystem, const std::string& vuln, const std::string& name,
                          const std::function<std::vector<std::string>()>& lockfiles) {
  if (!explicit_ecosystem.empty()) {
    auto ecosystem = parse_ecosystem(explicit_ecosystem);
    if (!ecosystem) throw Error("--ecosystem '" + explicit_ecosystem + "' is not crates.io, npm or PyPI");
    return *ecosystem;
  }
  const std::string id = to_lower(vuln);
  if (starts_with(id, "rustsec-")) return Ecosystem::CratesIo;
  if (starts_with(id, "pysec-")) return Ecosystem::PyPI;
  if (starts_with(name, "@")) return Ecosystem::Npm;
  std::set<Ecosystem> present;
  for (const std::string& lockfile : lockfiles()) {
    const lockfile::Reader* reader = lockfile::reader_for_filename(std::filesystem::path(lockfile).filename().string());
    if (reader == nullptr) continue;
    if (auto ecosystem = reader->ecosystem()) present.insert(*ecosystem);
  }
  if (present.size() == 1) return *present.begin();
  throw Error(
      "cannot tell which ecosystem '" + name + "' belongs to (" +
      (present.empty() ? std::string("no lockfile found") : std::string("several ecosystems in the repository")) +
      "): pass --ecosystem crates.io|npm|PyPI or a purl as --product");
}

std::string statement_path(const std::string& dir, const std::string& package, const std::string& vuln) {
  // A name with no letter or digit ("..", "-") has no file name of its own: two such statements
  // would collide on vex/-.json.
  const std::string package_stem = file_stem(package);
  const std::string vuln_stem = file_stem(vuln);
  if (package_stem.empty() || vuln_stem.empty())
    throw Error(std::string(package_stem.empty() ? "--product '" + truncate_for_message(package, 64)
                                                 : "--vuln '" + truncate_for_message(vuln, 64)) +
                "' has no letter or digit to name the file vex/<package>-<id>.json");
  return (std::filesystem::path(dir) / "vex" / (package_stem + "-" + vuln_stem + ".json")).string();
}

NewStatementOutcome write_new_statement(const NewStatement& request) {
  Purl purl;
  if (starts_with(request.product, "pkg:")) {
    purl = parse_purl(request.product);
    if (!ecosystem_of_purl_type(purl.type) && request.ecosystem.empty())
      throw Error("purl type '" + purl.type + "' is not one tocsin knows (cargo, npm, pypi)");
  } else {
    std::string name = request.product, version;
    if (auto at = request.product.rfind('@'); at != std::string::npos && at > 0) {
      name = request.product.substr(0, at);
      version = request.product.substr(at + 1);
    }
    const auto lockfiles = [&request] { return repository_lockfiles(request.dir); };
    purl = purl_for_package(infer_ecosystem(request.ecosystem, request.vuln, name, lockfiles), name, version);
  }
  Document document;
  document.author = request.author;
  document.timestamp_unix = request.now;
  document.timestamp = format_rfc3339(request.now);
  document.tooling = request.tooling;
  Statement statement;
  statement.vulnerability.name = request.vuln;
  statement.vulnerability.aliases = request.aliases;
  Product product;
  product.id = format_purl(purl);
  statement.products.push_back(product);
  statement.status_text = request.status;
  statement.status = parse_status(request.status);
  statement.justification_text = request.justification;
  statement.justification = parse_justification(request.justification);
  statement.impact_statement = request.impact;
  statement.action_statement = request.action;
  document.statements.push_back(statement);
  document.id = canonical_id(document);

  const std::string text = write_openvex(document);
  const std::filesystem::path target = statement_path(request.dir, purl.package_name(), request.vuln);
  // Validate what we are about to write with the same reader `vex check` uses: nothing it flags.
  LoadedDocument written = read_openvex(target.string(), text);
  for (const auto& diagnostic : written.diagnostics) throw error_from_diagnostic(diagnostic);
  std::error_code error;
  if (std::filesystem::is_symlink(target, error))
    throw Error(target.string(), 0, 0, "refusing to write through a symbolic link (remove it first)");
  const bool exists = std::filesystem::exists(target, error);
  if (exists) {
    bool same = false;
    std::string unreadable;  // why the existing file could not be compared, said instead of "different"
    try {
      same = comparable(load_openvex_file(target.string()).document) == comparable(document);
    } catch (const Error& e) {
      unreadable = e.what();
    }
    if (same) return {target.string(), true};
    if (!request.force && !unreadable.empty())
      throw Error(target.string(), 0, 0,
                  "exists but cannot be read as OpenVEX (" + unreadable + "); pass --force to replace it");
    if (!request.force)
      throw Error(target.string(), 0, 0, "exists with a different statement; pass --force to replace it");
  }
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) throw Error(target.parent_path().string(), 0, 0, "cannot create the directory: " + error.message());
  write_file_atomic(target.string(), text, {.replace = exists});
  return {target.string(), false};
}

}  // namespace tocsin::vex
