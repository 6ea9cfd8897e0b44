// The documents written from the incident record (src/disclosure/facts.h maps one to the other):
//   tocsin advisory ID [--format markdown|osv|cve|ghsa] [--strict]
//   tocsin changelog ID [--strict]
//   tocsin incident postmortem ID [--stride I/D] [--strict]
//   tocsin incident tag ID [--version X.Y.Z]
//   tocsin cna status [--format table|json]
// A document is printed even when the record lacks something: each gap is named inside it and
// repeated on stderr with the command that fills it; --strict then exits 1 so a release script
// cannot publish a draft.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "disclosure/facts.h"
#include "documents/documents.h"
#include "documents/git_tags.h"
#include "documents/securitytxt.h"
#include "incident/incident.h"

namespace tocsin::cli {
namespace {

using disclosure::ProjectInfo;

struct Options {
  IncidentEnvironmentOptions environment;
  ProjectInfo project;  // command-line overrides of tocsin.toml [project]
  std::string id;
  std::string format;
  bool strict = false;
  std::string stride;
  std::string version;
  std::string securitytxt;
};

void add_record_options(CLI::App* command, Options& options) {
  IncidentEnvironmentOptions& env = options.environment;
  command->add_option("--repo", env.repo, "Project directory (tocsin.toml, .tocsin/playbooks/); default .");
  command->add_option("--config", env.config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  command->add_option("--store", env.store, "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", env.actor, "Accepted for symmetry with `incident`; documents record nothing");
  add_now_option(command, env.now, "The current time (drills, tests)");
}

void add_project_options(CLI::App* command, Options& options) {
  ProjectInfo& project = options.project;
  command->add_option("--package", project.package, "The package the advisory is about (else tocsin.toml [project])");
  command->add_option("--ecosystem", project.ecosystem, "Its ecosystem: crates.io, npm or PyPI");
  command->add_option("--project-name", project.name, "Project / vendor name");
  command->add_option("--repository", project.repository_url, "Repository URL (a reference of the records)");
  command->add_option("--cna-org-id", project.cna_org_id, "UUID of the CNA that assigned the CVE (CVE record)");
  command->add_option("--cna-short-name", project.cna_short_name, "Short name of that CNA, e.g. GitHub_M");
}

struct Loaded {
  IncidentEnvironment env;
  ProjectInfo project;
};

Loaded load(const Options& options) {
  Loaded loaded{prepare_incident_environment(options.environment), {}};
  // [project] comes from the same tocsin.toml the environment read (parsed once).
  loaded.project = disclosure::merge_project_info(
      disclosure::read_project_info(options.environment.repo, loaded.env.project.get<config::ProjectInfo>()),
      options.project);
  return loaded;
}

// Prints the document, its gaps on stderr, and returns the exit code.
int publish(documents::Document document, const incident::Incident& incident, const incident::Playbook* playbook,
            bool strict) {
  disclosure::point_gaps_at_remedies(document, incident, playbook);
  // Markdown is escaped when rendered; JSON records are exact (their encoder escapes controls).
  std::cout << (starts_with(document.text, "{") ? document.text : escape_terminal(document.text, true));
  std::cout.flush();
  for (const documents::Gap& gap : document.gaps)
    std::cerr << paint("warning", Color::Yellow)
              << escape_terminal(fmt::format(": {}: {}: {} — {}", incident.id, gap.field, gap.reason, gap.hint))
              << "\n";
  if (!document.gaps.empty())
    std::cerr << fmt::format("{} field(s) missing or invalid: this is a draft{}\n", document.gaps.size(),
                             strict ? " (--strict: exit 1)" : "");
  return strict && !document.gaps.empty() ? kExitFindings : kExitClean;
}

int run_advisory(const Options& options) {
  Loaded loaded = load(options);
  const incident::Incident incident = incident::load_incident(*loaded.env.store, options.id);
  const incident::Playbook* playbook = loaded.env.playbooks.find(incident.playbook);
  const documents::IncidentFacts facts = disclosure::facts_from_incident(incident, playbook, loaded.project);
  documents::Document document = options.format == "osv"    ? documents::render_advisory_osv(facts)
                                 : options.format == "cve"  ? documents::render_advisory_cve(facts)
                                 : options.format == "ghsa" ? documents::render_advisory_ghsa(facts)
                                                            : documents::render_advisory_markdown(facts);
  return publish(std::move(document), incident, playbook, options.strict);
}

int run_changelog(const Options& options) {
  Loaded loaded = load(options);
  const incident::Incident incident = incident::load_incident(*loaded.env.store, options.id);
  const incident::Playbook* playbook = loaded.env.playbooks.find(incident.playbook);
  documents::Document line =
      documents::render_changelog_line(disclosure::facts_from_incident(incident, playbook, loaded.project));
  if (!line.text.empty() && line.text.back() != '\n') line.text += '\n';
  return publish(std::move(line), incident, playbook, options.strict);
}

int run_postmortem(const Options& options) {
  Loaded loaded = load(options);
  const incident::Incident incident = incident::load_incident(*loaded.env.store, options.id);
  const incident::Playbook* playbook = loaded.env.playbooks.find(incident.playbook);
  documents::IncidentFacts facts = disclosure::facts_from_incident(incident, playbook, loaded.project);
  facts.stride = disclosure::parse_stride(options.stride);
  return publish(documents::render_postmortem(facts), incident, playbook, options.strict);
}

int run_tag(const Options& options) {
  Loaded loaded = load(options);
  const incident::Incident incident = incident::load_incident(*loaded.env.store, options.id);
  std::vector<std::string> tags;
  try {
    tags = documents::list_git_tags(options.environment.repo);
  } catch (const Error&) {
    if (options.version.empty()) throw;  // with --version, a directory without git has no secfix tags yet
  }
  const std::string tag = documents::next_secfix_tag(tags, options.version);
  std::cout << tag << "\n";
  // The record and the tag must name the same release, or the advisory will point at the wrong one.
  const std::string patched(trim(incident.patched));
  const std::string release = tag.substr(1, tag.find("-secfix") - 1);
  if (!patched.empty() && patched != release && patched != "v" + release)
    std::cerr << paint("warning", Color::Yellow)
              << fmt::format(
                     ": {} records patched = {}, but the next security tag is {}; correct one of them "
                     "(`tocsin incident set {} patched {}`)\n",
                     incident.id, patched, tag, incident.id, release);
  else if (patched.empty())
    std::cerr << fmt::format("note: {} has no patched version yet: `tocsin incident set {} patched {}`\n", incident.id,
                             incident.id, release);
  return kExitClean;
}

// The places `tocsin securitytxt check` looks, under the project directory.
std::optional<std::string> find_securitytxt(const Options& options) {
  if (!options.securitytxt.empty()) return options.securitytxt;
  for (const char* candidate : {".well-known/security.txt", "security.txt", "docs/security.txt"}) {
    const std::filesystem::path path = std::filesystem::path(options.environment.repo) / candidate;
    if (std::filesystem::is_regular_file(path)) return path.string();
  }
  return std::nullopt;
}

int run_cna_status(const Options& options) {
  Loaded loaded = load(options);
  std::vector<documents::IncidentFacts> closed;
  for (const incident::Incident& incident : incident::load_incidents(*loaded.env.store))
    if (incident.closed())
      closed.push_back(
          disclosure::facts_from_incident(incident, loaded.env.playbooks.find(incident.playbook), loaded.project));
  std::optional<documents::SecurityTxtReport> securitytxt;
  if (const std::optional<std::string> path = find_securitytxt(options))
    securitytxt = documents::check_securitytxt(read_file(*path), loaded.env.now);
  const documents::CnaStatus status =
      documents::cna_status(closed, loaded.env.now, securitytxt ? &*securitytxt : nullptr);
  std::cout << (options.format == "json" ? documents::render_cna_json(status) : documents::render_cna_table(status));
  return status.ready ? kExitClean : kExitFindings;
}

// One command: its options live as long as the app (shared_ptr captured by the callback).
CLI::App* add_command(CLI::App* parent, const char* name, const char* description, Context& context,
                      int (*run)(const Options&), const std::function<void(CLI::App*, Options&)>& extra) {
  auto options = std::make_shared<Options>();
  CLI::App* command = parent->add_subcommand(name, description);
  add_record_options(command, *options);
  extra(command, *options);
  command->callback([options, run, &context] { context.exit_code = run(*options); });
  return command;
}

void add_id(CLI::App* command, Options& options) {
  command->add_option("id", options.id, "Incident id (INC-0001)")->required();
}

void add_strict(CLI::App* command, Options& options) {
  command->add_flag("--strict", options.strict, "Exit 1 when any field is missing or invalid");
}

// `incident postmortem` and `incident tag`.
void add_incident_documents(CLI::App* incident, Context& context) {
  add_command(incident, "postmortem", "Post-mortem skeleton: facts, timeline from the record, STRIDE", context,
              run_postmortem, [](CLI::App* command, Options& options) {
                add_id(command, options);
                command->add_option("--stride", options.stride, "STRIDE categories, e.g. I or S/T");
                add_strict(command, options);
                add_project_options(command, options);
              });
  add_command(incident, "tag", "The next vX.Y.Z-secfix.N tag (from `git tag --list` in --repo, or --version)", context,
              run_tag, [](CLI::App* command, Options& options) {
                add_id(command, options);
                command->add_option("--version", options.version,
                                    "Release the fix is based on, X.Y.Z (default: the highest vX.Y.Z tag)");
              });
}

}  // namespace

void register_documents_commands(CLI::App& app, Context& context) {
  add_command(&app, "advisory", "The advisory of an incident: runbook Markdown, OSV or CVE JSON 5.1", context,
              run_advisory, [](CLI::App* command, Options& options) {
                add_id(command, options);
                add_format_option(command, options.format, {"markdown", "osv", "cve", "ghsa"});
                add_strict(command, options);
                add_project_options(command, options);
              });
  add_command(&app, "changelog", "The CHANGELOG security line of an incident, credit as the reporter asked", context,
              run_changelog, [](CLI::App* command, Options& options) {
                add_id(command, options);
                add_strict(command, options);
                add_project_options(command, options);
              });

  // `incident` is registered by cmd_incident.cpp; the record's documents join it there. main
  // registers only the command it runs: for `advisory`, `changelog` or `cna` there is no incident.
  auto incidents = app.get_subcommands([](CLI::App* command) { return command->get_name() == "incident"; });
  if (!incidents.empty()) add_incident_documents(incidents.front(), context);

  auto* cna = app.add_subcommand("cna", "CNA readiness (runbook: On becoming a CNA)");
  cna->require_subcommand(1);
  add_command(cna, "status", "Ready to become a CNA? Exit 0 ready, 1 not ready", context, run_cna_status,
              [](CLI::App* command, Options& options) {
                add_format_option(command, options.format, {"table", "json"});
                command->add_option("--securitytxt", options.securitytxt,
                                    "security.txt to check (default: REPO/.well-known/security.txt, "
                                    "REPO/security.txt or REPO/docs/security.txt)");
              });
}

}  // namespace tocsin::cli
