// `tocsin vex new|show|merge|check`: write, read, merge OpenVEX documents and check them against
// the ignore lists and the lockfiles (the engine is src/vex/; this file only wires and prints).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "advisory/database.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/time.h"
#include "inventory/inventory.h"
#include "scan/scanner.h"
#include "vex/check.h"
#include "vex/match.h"
#include "vex/purl.h"
#include "vex/timestamp.h"

namespace tocsin::cli {
namespace {

using namespace tocsin::vex;

using tocsin::parse_now;  // core/time.h: the one --now parser

struct NewOptions {
  std::string vuln;
  std::vector<std::string> aliases;
  std::string product;
  std::string ecosystem;
  std::string status;
  std::string justification;
  std::string impact;
  std::string action;
  std::string author = "Unknown Author";
  std::string dir = ".";
  bool force = false;
  std::string now;
};

// Which ecosystem the product belongs to: --ecosystem, else the advisory id's scheme, else the only
// ecosystem whose lockfiles the repository has.
Ecosystem infer_ecosystem(const NewOptions& options, const std::string& name) {
  if (!options.ecosystem.empty()) {
    auto ecosystem = parse_ecosystem(options.ecosystem);
    if (!ecosystem) throw Error("--ecosystem '" + options.ecosystem + "' is not crates.io, npm or PyPI");
    return *ecosystem;
  }
  const std::string id = to_lower(options.vuln);
  if (starts_with(id, "rustsec-")) return Ecosystem::CratesIo;
  if (starts_with(id, "pysec-")) return Ecosystem::PyPI;
  if (starts_with(name, "@")) return Ecosystem::Npm;
  std::set<Ecosystem> present;
  try {
    for (const auto& lockfile : inventory::discover(options.dir).lockfiles) {
      auto base = std::filesystem::path(lockfile).filename().string();
      if (base == "Cargo.lock")
        present.insert(Ecosystem::CratesIo);
      else if (base == "package-lock.json" || base == "yarn.lock" || base == "pnpm-lock.yaml" ||
               base == "npm-shrinkwrap.json")
        present.insert(Ecosystem::Npm);
      else
        present.insert(Ecosystem::PyPI);
    }
  } catch (const std::exception&) {
  }
  if (present.size() == 1) return *present.begin();
  throw Error(
      "cannot tell which ecosystem '" + name + "' belongs to (" +
      (present.empty() ? std::string("no lockfile found") : std::string("several ecosystems in the repository")) +
      "): pass --ecosystem crates.io|npm|PyPI or a purl as --product");
}

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

void run_new(const NewOptions& options, Context& context) {
  Purl purl;
  if (starts_with(options.product, "pkg:")) {
    purl = parse_purl(options.product);
    if (!ecosystem_of_purl_type(purl.type) && options.ecosystem.empty())
      throw Error("purl type '" + purl.type + "' is not one tocsin knows (cargo, npm, pypi)");
  } else {
    std::string name = options.product, version;
    if (auto at = options.product.rfind('@'); at != std::string::npos && at > 0) {
      name = options.product.substr(0, at);
      version = options.product.substr(at + 1);
    }
    purl = purl_for_package(infer_ecosystem(options, name), name, version);
  }
  Document document;
  document.author = options.author;
  document.timestamp_unix = parse_now(options.now);
  document.timestamp = format_rfc3339(*document.timestamp_unix);
  document.tooling = std::string("tocsin ") + TOCSIN_VERSION;
  Statement statement;
  statement.vulnerability.name = options.vuln;
  statement.vulnerability.aliases = options.aliases;
  Product product;
  product.id = format_purl(purl);
  statement.products.push_back(product);
  statement.status_text = options.status;
  statement.status = parse_status(options.status);
  statement.justification_text = options.justification;
  statement.justification = parse_justification(options.justification);
  statement.impact_statement = options.impact;
  statement.action_statement = options.action;
  document.statements.push_back(statement);
  document.id = canonical_id(document);

  const std::string text = write_openvex(document);
  // A name with no letter or digit ("..", "-") has no file name of its own: two such statements
  // would collide on vex/-.json.
  const std::string package_stem = file_stem(purl.package_name());
  const std::string vuln_stem = file_stem(options.vuln);
  if (package_stem.empty() || vuln_stem.empty())
    throw Error(std::string(package_stem.empty() ? "--product '" + truncate_for_message(purl.package_name(), 64)
                                                 : "--vuln '" + truncate_for_message(options.vuln, 64)) +
                "' has no letter or digit to name the file vex/<package>-<id>.json");
  const auto target = std::filesystem::path(options.dir) / "vex" / (package_stem + "-" + vuln_stem + ".json");
  // Validate what we are about to write with the same reader `vex check` uses: nothing it flags.
  LoadedDocument written = read_openvex(target.string(), text);
  for (const auto& diagnostic : written.diagnostics) {
    std::string message = diagnostic.json_path + ": " + diagnostic.message;
    if (!diagnostic.suggestion.empty()) message += "; " + diagnostic.suggestion;
    throw Error(message);
  }
  std::error_code error;
  if (std::filesystem::is_symlink(target, error))
    throw Error(target.string(), 0, 0, "refusing to write through a symbolic link (remove it first)");
  const bool exists = std::filesystem::exists(target, error);
  if (exists) {
    bool same = false;
    try {
      same = comparable(load_openvex_file(target.string()).document) == comparable(document);
    } catch (const Error&) {
    }
    if (same) {
      std::cout << target.string() << " already says this; unchanged\n";
      return;
    }
    if (!options.force)
      throw Error(target.string(), 0, 0, "exists with a different statement; pass --force to replace it");
  }
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) throw Error(target.parent_path().string(), 0, 0, "cannot create the directory: " + error.message());
  write_file_atomic(target.string(), text, {.replace = exists});
  std::cout << "wrote " << target.string() << "\n";
  context.exit_code = kExitClean;
}

void print_diagnostics(const LoadedDocument& loaded) {
  for (const auto& d : loaded.diagnostics) {
    std::cerr << escape_terminal(loaded.path) << ":" << d.line << ": "
              << (d.severity == Diagnostic::Severity::Error ? "error" : "warning") << ": "
              << escape_terminal(d.json_path) << ": " << escape_terminal(d.message);
    if (!d.suggestion.empty()) std::cerr << "; instead: " << escape_terminal(d.suggestion);
    std::cerr << "\n";
  }
}

void run_show(const std::string& file, const std::string& format, Context& context) {
  LoadedDocument loaded = load_openvex_file(file);
  if (format == "json") {
    print_json(to_json(loaded.document));
  } else {
    const Document& doc = loaded.document;
    std::cout << paint(escape_terminal(doc.id), Color::Bold) << "\n  author " << escape_terminal(doc.author) << ", "
              << escape_terminal(doc.timestamp) << ", version " << doc.version << "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : doc.statements) {
      std::string aliases, products;
      for (const auto& alias : s.vulnerability.aliases) aliases += (aliases.empty() ? "" : " ") + alias;
      for (const auto& p : s.products) {
        products += (products.empty() ? "" : " ") + p.id;
        for (const auto& sub : p.subcomponents) products += " >" + sub.id;
      }
      std::string status = s.status ? std::string(status_name(*s.status)) : "?" + s.status_text;
      rows.push_back({s.vulnerability.name, aliases, products,
                      paint(status, s.status && status_suppresses(*s.status) ? Color::Green : Color::Yellow),
                      s.justification_text, s.timestamp.empty() ? doc.timestamp : s.timestamp});
    }
    std::cout << render_table({"VULNERABILITY", "ALIASES", "PRODUCTS", "STATUS", "JUSTIFICATION", "TIMESTAMP"}, rows);
  }
  print_diagnostics(loaded);
  context.exit_code = loaded.has_errors() ? kExitFindings : kExitClean;
}

// The lockfile packages of the inventory, for the repository checks.
std::vector<LockedPackage> lockfile_packages(const inventory::Inventory& inventory) {
  std::vector<LockedPackage> out;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const auto& lock = inventory.lockfiles[l];
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const auto& package = lock.packages[p];
      if (package.synthetic) continue;
      out.push_back({package.ecosystem, package.name, package.version, lock.path, package.line,
                     inventory.on_release_path({l, p})});
    }
  }
  return out;
}

std::string side(const std::string& file, int line) {
  if (file.empty()) return {};
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

void run_check(const std::string& dir, const std::string& now, const std::string& format, const std::string& db_dir,
               Context& context) {
  CheckOptions options;
  options.now = parse_now(now);
  auto inventory = std::make_shared<std::optional<inventory::Inventory>>();
  auto inventory_of_dir = [inventory, dir]() -> const inventory::Inventory& {
    if (!*inventory) inventory->emplace(inventory::build_inventory(dir));
    return **inventory;
  };
  options.lockfile_packages = [inventory_of_dir] { return lockfile_packages(inventory_of_dir()); };
  // With an advisory database, statements and ignores are also checked against what it knows:
  // unknown vulnerabilities, and ignores whose advisory no longer matches any package (stale).
  std::string database_dir = advisory::default_database_dir(db_dir);
  auto database = std::make_shared<std::optional<advisory::Database>>();
  if (std::filesystem::exists(advisory::database_file(database_dir))) {
    database->emplace(advisory::Database::open(database_dir));
    options.known_vulnerability = [database](const std::string& id) {
      const advisory::Database& db = **database;
      return db.advisory(id).has_value() || db.aliases_of(id).size() > 1 || db.kev_for(id).has_value();
    };
    // The same alias groups `scan` uses, so that the check and the scan agree on what one
    // vulnerability is (RUSTSEC-2023-0060 and CVE-2023-4863, for instance).
    options.alias_group = [database](const std::string& id) { return (**database).aliases_of(id); };
    // Every id the scan's findings answer to, with the packages they were found in.
    using Matches = std::map<std::string, std::vector<LockedPackage>>;
    auto matches = std::make_shared<std::optional<Matches>>();
    auto matches_of = [database, matches, inventory_of_dir]() -> const Matches& {
      if (!*matches) {
        Matches by_id;
        for (const scan::Finding& finding : scan::find_vulnerabilities(inventory_of_dir(), &**database, {})) {
          LockedPackage package{finding.ecosystem, finding.name, finding.version,
                                finding.lockfile,  finding.line, finding.release_path};
          by_id[to_lower(finding.id)].push_back(package);
          for (const std::string& alias : finding.aliases) by_id[to_lower(alias)].push_back(package);
        }
        matches->emplace(std::move(by_id));
      }
      return **matches;
    };
    options.advisory_matches_a_package = [matches_of](const std::string& id) {
      return matches_of().count(to_lower(id)) > 0;
    };
    options.advisory_packages = [matches_of](const std::string& id) {
      auto it = matches_of().find(to_lower(id));
      return it == matches_of().end() ? std::vector<LockedPackage>{} : it->second;
    };
  }
  CheckReport report = check_repository(dir, options);
  if (format == "json") {
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : report.problems)
      problems.push_back({{"kind", problem_kind_name(p.kind)},
                          {"severity", p.warning ? "warning" : "error"},
                          {"vulnerability", p.vulnerability},
                          {"ignore_file", p.ignore_file},
                          {"ignore_line", p.ignore_line},
                          {"vex_file", p.vex_file},
                          {"vex_line", p.vex_line},
                          {"message", p.message}});
    print_json({{"schema_version", 1},
                {"out_of_step", report.out_of_step()},
                {"problems", problems},
                {"notes", report.notes}});
  } else {
    for (const auto& p : report.problems) {
      std::string where = side(p.ignore_file, p.ignore_line);
      std::string vex_side = side(p.vex_file, p.vex_line);
      if (!vex_side.empty()) where += (where.empty() ? "" : " <-> ") + vex_side;
      std::cout << escape_terminal(where) << ": "
                << paint(p.warning ? "warning" : "error", p.warning ? Color::Yellow : Color::Red) << ": ["
                << problem_kind_name(p.kind) << "] " << escape_terminal(p.message) << "\n";
    }
    for (const auto& note : report.notes) std::cout << paint("note: ", Color::Dim) << escape_terminal(note) << "\n";
    std::size_t errors = 0;
    for (const auto& p : report.problems) errors += p.warning ? 0 : 1;
    std::cout << (report.out_of_step() ? paint("out of step", Color::Red) : paint("in step", Color::Green)) << ": "
              << errors << " problem(s), " << report.problems.size() - errors << " warning(s)\n";
  }
  context.exit_code = report.out_of_step() ? kExitFindings : kExitClean;
}

}  // namespace

void register_vex_command(CLI::App& app, Context& context) {
  auto* vex = app.add_subcommand("vex", "OpenVEX statements: write, show, merge, check against ignore lists");
  vex->require_subcommand(1);

  auto new_options = std::make_shared<NewOptions>();
  auto* create = vex->add_subcommand("new", "Write vex/<package>-<id>.json with one statement");
  create->add_option("--vuln", new_options->vuln, "Vulnerability id (CVE-…, GHSA-…, RUSTSEC-…)")->required();
  create->add_option("--alias", new_options->aliases, "Another id of the vulnerability (repeatable)");
  create->add_option("--product", new_options->product, "NAME[@VERSION] or a purl")->required();
  create->add_option("--ecosystem", new_options->ecosystem, "crates.io, npm or PyPI (inferred when unambiguous)");
  create->add_option("--status", new_options->status, "not_affected, affected, fixed, under_investigation")->required();
  create->add_option("--justification", new_options->justification, "For not_affected: why");
  create->add_option("--impact", new_options->impact, "impact_statement");
  create->add_option("--action", new_options->action, "action_statement (required for affected)");
  create->add_option("--author", new_options->author, "Document author");
  create->add_option("--dir", new_options->dir, "Repository directory (the file goes to DIR/vex/)");
  create->add_flag("--force", new_options->force, "Replace an existing file with a different statement");
  add_now_option(create, new_options->now, "Timestamp to write");
  create->callback([new_options, &context] { run_new(*new_options, context); });

  auto show_file = std::make_shared<std::string>();
  auto show_format = std::make_shared<std::string>();
  auto* show = vex->add_subcommand("show", "Print a VEX document and how it breaks the spec");
  show->add_option("FILE", *show_file, "OpenVEX JSON file")->required();
  add_format_option(show, *show_format, {"table", "json"});
  show->callback([show_file, show_format, &context] { run_show(*show_file, *show_format, context); });

  struct MergeArgs {
    std::vector<std::string> files;
    std::string id, author, now;
    bool keep_history = false;
  };
  auto merge_args = std::make_shared<MergeArgs>();
  auto* merge =
      vex->add_subcommand("merge", "Merge documents; the newest statement per product and vulnerability wins");
  merge->add_option("FILES", merge_args->files, "OpenVEX JSON files")->required();
  merge->add_option("--id", merge_args->id,
                    "@id of the merged document (default https://openvex.dev/docs/public/merged-vex-<sha256>)");
  merge->add_option("--author", merge_args->author, "Author of the merged document");
  add_now_option(merge, merge_args->now, "Timestamp of the merged document");
  merge->add_flag("--keep-history", merge_args->keep_history, "Keep superseded statements, as vexctl merge does");
  merge->callback([merge_args, &context] {
    std::vector<LoadedDocument> documents;
    for (const auto& file : merge_args->files) {
      documents.push_back(load_openvex_file(file));
      print_diagnostics(documents.back());
    }
    MergeOptions options{merge_args->id, merge_args->author, parse_now(merge_args->now), merge_args->keep_history};
    std::cout << write_openvex(merge_documents(documents, options));
    context.exit_code = kExitClean;
  });

  struct CheckArgs {
    std::string dir = ".", now, format, db;
  };
  auto check_args = std::make_shared<CheckArgs>();
  auto* check = vex->add_subcommand(
      "check", "Compare vex/ with .cargo/audit.toml, deny.toml, osv-scanner.toml and the lockfiles");
  check->add_option("DIR", check_args->dir, "Repository directory");
  add_now_option(check, check_args->now, "Date to judge expiries and reviews against");
  check->add_option("--db", check_args->db,
                    "Advisory database for the stale-ignore and unknown-vulnerability checks (default: $TOCSIN_DB, "
                    "$XDG_CACHE_HOME/tocsin; skipped when absent)");
  add_format_option(check, check_args->format, {"table", "json"});
  check->callback([check_args, &context] {
    run_check(check_args->dir, check_args->now, check_args->format, check_args->db, context);
  });
}

}  // namespace tocsin::cli
