// `tocsin vex new|show|merge|check`: write, read, merge OpenVEX documents and check them against
// the ignore lists and the lockfiles (the engine is src/vex/; this file only wires and prints).
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/diagnostic.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "scan/vex_check.h"
#include "vex/check.h"
#include "vex/match.h"
#include "vex/new_statement.h"

namespace tocsin::cli {
namespace {

using namespace tocsin::vex;

using tocsin::parse_now;  // core/time.h: the one --now parser

struct NewOptions {
  NewStatement request;
  std::string now;
};

void run_new(NewOptions options, Context& context) {
  options.request.now = parse_now(options.now);
  options.request.tooling = std::string("tocsin ") + TOCSIN_VERSION;
  const NewStatementOutcome outcome = write_new_statement(options.request);
  std::cout << (outcome.unchanged ? outcome.path + " already says this; unchanged\n" : "wrote " + outcome.path + "\n");
  context.exit_code = kExitClean;
}

void print_diagnostics(const LoadedDocument& loaded) {
  for (const auto& diagnostic : loaded.diagnostics) std::cerr << format_diagnostic(diagnostic) << "\n";
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

void run_check(const std::string& dir, const std::string& now, const std::string& format, const std::string& db_dir,
               Context& context) {
  CheckReport report = scan::check_vex_repository(dir, parse_now(now), db_dir);
  if (format == "json") {
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : report.problems)
      problems.push_back({{"kind", problem_kind_name(p.kind)},
                          {"severity", severity_name(p.diagnostic.severity)},
                          {"vulnerability", p.vulnerability},
                          {"ignore_file", p.ignore.path},
                          {"ignore_line", p.ignore.line},
                          {"ignore_column", p.ignore.column},
                          {"vex_file", p.vex.path},
                          {"vex_line", p.vex.line},
                          {"vex_column", p.vex.column},
                          {"field_path", p.vex.field_path},
                          {"message", p.diagnostic.message},
                          {"hint", p.diagnostic.hint}});
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const auto& note : report.notes) notes.push_back(note.message);
    print_json(
        {{"schema_version", 1}, {"out_of_step", report.out_of_step()}, {"problems", problems}, {"notes", notes}});
  } else {
    for (const auto& p : report.problems) std::cout << format_diagnostic(p.diagnostic) << "\n";
    for (const auto& note : report.notes) std::cout << format_diagnostic(note) << "\n";
    std::size_t errors = 0;
    for (const auto& p : report.problems) errors += p.warning() ? 0 : 1;
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
  create->add_option("--vuln", new_options->request.vuln, "Vulnerability id (CVE-…, GHSA-…, RUSTSEC-…)")->required();
  create->add_option("--alias", new_options->request.aliases, "Another id of the vulnerability (repeatable)");
  create->add_option("--product", new_options->request.product, "NAME[@VERSION] or a purl")->required();
  create->add_option("--ecosystem", new_options->request.ecosystem,
                     "crates.io, npm or PyPI (inferred when unambiguous)");
  create->add_option("--status", new_options->request.status, "not_affected, affected, fixed, under_investigation")
      ->required();
  create->add_option("--justification", new_options->request.justification, "For not_affected: why");
  create->add_option("--impact", new_options->request.impact, "impact_statement");
  create->add_option("--action", new_options->request.action, "action_statement (required for affected)");
  create->add_option("--author", new_options->request.author, "Document author");
  create->add_option("--dir", new_options->request.dir, "Repository directory (the file goes to DIR/vex/)");
  create->add_flag("--force", new_options->request.force, "Replace an existing file with a different statement");
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
