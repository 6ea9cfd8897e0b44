// `tocsin secrets scan [PATH]` (tree, --git history, --logs DIR), `tocsin secrets baseline`,
// `tocsin secrets import-github FILE`: leaked credentials, redacted, gated, and turned into
// leaked-credentials incidents. No output path here ever sees a secret: the secrets module
// returns findings that only hold the redacted form and the fingerprint.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "secrets/secrets.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

struct SecretsOptions {
  std::string path;
  bool git = false;
  std::string since;
  std::string logs;
  std::string max_file_size = "10MiB";
  unsigned jobs = 0;
  std::string format = "table";
  std::string fail_on = "secret";
  std::string baseline;
  std::string output;
  bool open_incidents = false;
  std::string reason;  // baseline
  IncidentEnvironmentOptions incidents;
};

std::uint64_t parse_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15) throw Error("--max-file-size: expected a size such as 10MiB, 500K or 1048576");
  std::uint64_t value = std::stoull(text.substr(0, digits));
  const std::string unit = to_lower(text.substr(digits));
  if (unit.empty() || unit == "b") return value;
  if (unit == "k" || unit == "kb" || unit == "kib") return value << 10;
  if (unit == "m" || unit == "mb" || unit == "mib") return value << 20;
  if (unit == "g" || unit == "gb" || unit == "gib") return value << 30;
  throw Error("--max-file-size: unknown unit '" + text.substr(digits) + "' (use K, M or G)");
}

secrets::ScanOptions scan_options(const SecretsOptions& options) {
  secrets::ScanOptions scan;
  scan.max_file_size = parse_size(options.max_file_size);
  scan.jobs = options.jobs;
  scan.now = parse_now(options.incidents.now);
  return scan;
}

// The findings of `secrets scan` (or `baseline`) as the options ask: tree, history or logs.
std::vector<secrets::Finding> collect(const SecretsOptions& options, secrets::TreeStats& stats) {
  const secrets::ScanOptions scan = scan_options(options);
  const std::string path = options.path.empty() ? "." : options.path;
  std::vector<secrets::Finding> findings;
  if (options.git) {
    findings = secrets::scan_git(path, options.since, scan, &stats);
  } else if (!options.since.empty()) {
    throw Error("--since needs --git");
  } else if (options.logs.empty() || !options.path.empty()) {
    findings = secrets::scan_tree(path, scan, &stats);
  }
  if (!options.logs.empty()) {
    auto from_logs = secrets::scan_logs(options.logs, scan, &stats);
    findings.insert(findings.end(), from_logs.begin(), from_logs.end());
  }
  return findings;
}

std::string where(const secrets::Finding& finding) {
  std::string out = finding.file;
  if (finding.line > 0) out += ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column);
  if (finding.commit) out += " @" + finding.commit->id.substr(0, 12);
  return out;
}

Color confidence_color(secrets::Confidence confidence) {
  switch (confidence) {
    case secrets::Confidence::High: return Color::Red;
    case secrets::Confidence::Medium: return Color::Yellow;
    case secrets::Confidence::Low: return Color::Dim;
  }
  return Color::Dim;
}

void print_table(std::ostream& out, const std::vector<secrets::Finding>& findings, std::size_t baselined) {
  std::vector<std::vector<std::string>> rows;
  for (const secrets::Finding& finding : findings) {
    std::string flags;
    if (finding.expired) flags += *finding.expired ? "expired " : "not-expired ";
    if (!finding.origin.empty()) flags += finding.origin + " ";
    if (!finding.note.empty()) flags += finding.note;
    rows.push_back({paint(secrets::confidence_name(finding.confidence), confidence_color(finding.confidence)),
                    finding.kind, finding.redacted, finding.fingerprint,
                    std::string(secrets::validation_name(finding.validated)), where(finding),
                    std::string(trim(flags))});
  }
  if (!rows.empty())
    out << render_table({"CONFIDENCE", "KIND", "SECRET", "FINGERPRINT", "VALIDATED", "WHERE", "NOTES"}, rows);
  std::set<std::string> distinct;
  for (const auto& finding : findings) distinct.insert(finding.fingerprint);
  out << findings.size() << (findings.size() == 1 ? " finding" : " findings") << " (" << distinct.size() << " distinct "
      << (distinct.size() == 1 ? "secret" : "secrets") << ")";
  if (baselined > 0) out << ", " << baselined << " accepted by the baseline";
  out << "\n";
}

void write_report(const SecretsOptions& options, const std::vector<secrets::Finding>& findings, std::size_t baselined) {
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary);
    if (!file) throw Error(options.output, 0, 0, "cannot write the report");
  }
  std::ostream& out = options.output.empty() ? std::cout : file;
  const auto dump = [&](const nlohmann::ordered_json& document) {
    out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  };
  if (options.format == "json")
    dump(secrets::findings_json(findings));
  else if (options.format == "sarif")
    dump(secrets::findings_sarif(findings));
  else
    print_table(out, findings, baselined);
}

// --open-incidents: one leaked-credentials incident per distinct fingerprint, idempotent (the
// finding key is the fingerprint); the summary carries the registry's revocation step. Only the
// fingerprint and the redacted form are stored.
void open_incidents(const SecretsOptions& options, const std::vector<secrets::Finding>& findings) {
  IncidentEnvironmentOptions where_options = options.incidents;
  where_options.repo = options.path.empty() ? "." : options.path;
  if (!fs::is_directory(where_options.repo)) where_options.repo = ".";
  where_options.create_store = true;  // --open-incidents records new incidents
  IncidentEnvironment env = prepare_incident_environment(where_options);
  std::vector<incident::FindingObservation> observations;
  for (const secrets::Finding& finding : findings) {
    incident::FindingObservation observation;
    observation.key = "secret:" + finding.fingerprint;
    observation.playbook = "leaked-credentials";
    observation.title =
        "Leaked " + finding.kind + " " + finding.redacted + " (" + finding.fingerprint + ") in " + where(finding);
    // An expired OIDC token needs no revocation (the runbook); it is still worth a record.
    observation.severity = finding.expired.value_or(false)                     ? policy::Level::Low
                           : finding.confidence == secrets::Confidence::High   ? policy::Level::Critical
                           : finding.confidence == secrets::Confidence::Medium ? policy::Level::High
                                                                               : policy::Level::Medium;
    observation.severity_why = std::string(secrets::confidence_name(finding.confidence)) + " confidence, " +
                               std::string(secrets::validation_name(finding.validated)) + " validation";
    const secrets::Revocation revocation = secrets::revocation_for(finding.registry);
    observation.summary = "Revoke (" + revocation.registry + "): " + revocation.steps +
                          (revocation.page.empty() ? "" : " — " + revocation.page) +
                          ". Then yank malicious releases, audit the publish history, notify.";
    observations.push_back(std::move(observation));
  }
  // A secret that left the tree was still leaked: never record it as fixed (complete = false).
  incident::FindingSync sync = incident::sync_findings(env.session(), observations, false);
  auto list = [](const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
  };
  if (!sync.opened.empty()) std::cerr << "incidents opened: " << list(sync.opened) << "\n";
  if (!sync.updated.empty()) std::cerr << "incidents updated: " << list(sync.updated) << "\n";
}

int gate(const SecretsOptions& options, const std::vector<secrets::Finding>& findings) {
  if (options.fail_on == "none") return kExitClean;
  const bool high_only = options.fail_on == "high-confidence";
  for (const secrets::Finding& finding : findings)
    if (!high_only || finding.confidence == secrets::Confidence::High) return kExitFindings;
  return kExitClean;
}

void check_fail_on(const std::string& fail_on) {
  if (fail_on != "secret" && fail_on != "high-confidence" && fail_on != "none")
    throw Error("--fail-on: unknown gate '" + fail_on + "' (secret, high-confidence, none)");
}

void report_stats(const secrets::TreeStats& stats) {
  for (const std::string& warning : stats.warnings) std::cerr << "warning: " << warning << "\n";
  if (stats.skipped_large > 0)
    std::cerr << "note: " << stats.skipped_large << " file(s) above --max-file-size not scanned\n";
}

int run_scan(const SecretsOptions& options) {
  check_fail_on(options.fail_on);
  secrets::TreeStats stats;
  std::vector<secrets::Finding> findings = collect(options, stats);
  std::size_t baselined = 0;
  if (!options.baseline.empty())
    baselined = secrets::apply_baseline(findings, secrets::read_baseline(options.baseline));
  report_stats(stats);
  write_report(options, findings, baselined);
  if (options.open_incidents) open_incidents(options, findings);
  return gate(options, findings);
}

int run_baseline(const SecretsOptions& options) {
  if (trim(options.reason).empty()) throw Error("--reason: say why these findings are accepted");
  if (options.output.empty()) throw Error("--output FILE: where to write the baseline");
  secrets::TreeStats stats;
  std::vector<secrets::Finding> findings = collect(options, stats);
  report_stats(stats);
  std::vector<secrets::BaselineEntry> entries;
  std::set<std::string> present;
  if (fs::exists(options.output))
    for (secrets::BaselineEntry& entry : secrets::read_baseline(options.output))
      if (present.insert(entry.fingerprint).second) entries.push_back(std::move(entry));
  std::size_t added = 0;
  for (const secrets::Finding& finding : findings)
    if (present.insert(finding.fingerprint).second) {
      entries.push_back({finding.fingerprint, finding.detector, finding.redacted, finding.file, options.reason});
      ++added;
    }
  std::ofstream file(options.output, std::ios::binary);
  if (!file) throw Error(options.output, 0, 0, "cannot write the baseline");
  file << secrets::write_baseline(entries);
  std::cerr << "baseline " << options.output << ": " << added << " new, " << entries.size() << " in all\n";
  return kExitClean;
}

int run_import(const SecretsOptions& options) {
  check_fail_on(options.fail_on);
  std::vector<secrets::Finding> findings = secrets::import_github_alerts(options.path, read_file(options.path));
  std::size_t baselined = 0;
  if (!options.baseline.empty())
    baselined = secrets::apply_baseline(findings, secrets::read_baseline(options.baseline));
  write_report(options, findings, baselined);
  if (options.open_incidents) {
    SecretsOptions where = options;
    where.path = ".";
    open_incidents(where, findings);
  }
  return gate(options, findings);
}

void add_common(CLI::App* command, SecretsOptions& options) {
  command->add_option("--baseline", options.baseline, "Accepted findings (JSON written by `tocsin secrets baseline`)");
  add_format_option(command, options.format, {"table", "json", "sarif"});
  command->add_option("--fail-on", options.fail_on,
                      "Exit 1 when a finding is: secret (any, default), high-confidence, none");
  command->add_option("--output,-o", options.output, "Write the report to FILE instead of stdout");
  command->add_flag("--open-incidents", options.open_incidents,
                    "Open one leaked-credentials incident per distinct secret (idempotent)");
  command->add_option("--store", options.incidents.store,
                      "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", options.incidents.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, options.incidents.now, "The current time (JWT expiry, drills, tests)");
}

void add_sources(CLI::App* command, SecretsOptions& options) {
  command->add_option("path", options.path, "File or directory to scan, or the repository with --git (default: .)");
  command->add_flag("--git", options.git, "Scan the history: every blob reachable from any ref, once");
  command->add_option("--since", options.since, "With --git: only commits not reachable from REV");
  command->add_option("--logs", options.logs, "Scan CI logs in DIR, with base64 / double-base64 payload decoding");
  command->add_option("--max-file-size", options.max_file_size, "Skip larger files (default 10MiB)");
  command->add_option("--jobs,-j", options.jobs, "Threads (default: every core)");
}

}  // namespace

void register_secrets_command(CLI::App& app, Context& context) {
  CLI::App* secrets = app.add_subcommand("secrets", "Find leaked credentials, redacted, and open their incidents");
  secrets->require_subcommand(1);

  auto scan = std::make_shared<SecretsOptions>();
  CLI::App* scan_command =
      secrets->add_subcommand("scan", "Find tokens and keys in a tree, its git history (--git) or CI logs (--logs)");
  add_sources(scan_command, *scan);
  add_common(scan_command, *scan);
  scan_command->callback([scan, &context] { context.exit_code = run_scan(*scan); });

  auto baseline = std::make_shared<SecretsOptions>();
  CLI::App* baseline_command =
      secrets->add_subcommand("baseline", "Write (or extend) a baseline accepting the current findings");
  add_sources(baseline_command, *baseline);
  baseline_command->add_option("--output,-o", baseline->output, "Baseline file to write (kept entries are merged)")
      ->required();
  baseline_command->add_option("--reason", baseline->reason, "Why these findings are accepted")->required();
  add_now_option(baseline_command, baseline->incidents.now, "The current time (JWT expiry)");
  baseline_command->callback([baseline, &context] { context.exit_code = run_baseline(*baseline); });

  auto import = std::make_shared<SecretsOptions>();
  CLI::App* import_command = secrets->add_subcommand(
      "import-github", "Read GitHub secret-scanning alerts JSON (gh api /repos/O/R/secret-scanning/alerts)");
  import_command->add_option("file", import->path, "The alerts JSON")->required();
  add_common(import_command, *import);
  import_command->callback([import, &context] { context.exit_code = run_import(*import); });
}

}  // namespace tocsin::cli
