// tocsin intake github --dependabot FILE | --advisories FILE   [incident options] [--db DIR]
// tocsin intake mail FILE.eml                                 [incident options]
// Reads what `gh api` exported (or a mailed report) and opens, joins or updates incidents; see
// src/intake/intake.h. Prints what changed in the record; exit 0, or 2 on bad input (nothing written).
#include <filesystem>
#include <iostream>
#include <optional>

#include "advisory/database.h"
#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "intake/intake.h"
#include "inventory/inventory.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

struct IntakeOptions {
  IncidentEnvironmentOptions environment;
  std::string dependabot, advisories, mail;
  std::string db_dir;
  std::string format = "table";
};

void add_environment(CLI::App* command, IntakeOptions& options) {
  IncidentEnvironmentOptions& env = options.environment;
  command->add_option("--repo", env.repo, "Project directory (tocsin.toml, lockfiles, .tocsin/playbooks/); default .");
  command->add_option("--config", env.config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  command->add_option("--store", env.store, "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", env.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, env.now, "The current time (drills, tests)");
  add_format_option(command, options.format, {"table", "json"});
}

void report(const incident::ExternalSync& sync, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out{{"schema_version", 1},     {"opened", sync.opened},       {"joined", sync.joined},
                               {"changed", sync.changed}, {"unchanged", sync.unchanged}, {"ignored", sync.ignored}};
    print_json(out);
    return;
  }
  auto line = [](const char* what, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    std::string list;
    for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
    std::cout << what << ": " << list << "\n";
  };
  line("incidents opened", sync.opened);
  line("joined open incidents", sync.joined);
  line("state changes recorded on", sync.changed);
  std::cout << sync.unchanged.size() << " already recorded, " << sync.ignored
            << " not opening an incident (closed, dismissed, draft or withdrawn)\n";
}

int run_github(const IntakeOptions& options) {
  if (options.dependabot.empty() == options.advisories.empty())
    throw Error("intake github: give exactly one of --dependabot FILE or --advisories FILE");
  IncidentEnvironmentOptions where = options.environment;
  where.create_store = true;  // intake opens incidents
  IncidentEnvironment env = prepare_incident_environment(where);

  intake::Context context;
  context.policy = &env.config.policy;
  std::optional<inventory::Inventory> inventory;
  if (!options.dependabot.empty()) {
    try {
      inventory = inventory::build_inventory(options.environment.repo);
      context.inventory = &*inventory;
    } catch (const Error& e) {
      std::cerr << "warning: no release-path verdicts (the inventory of " << options.environment.repo
                << " could not be built: " << e.what() << ")\n";
    }
  }
  std::optional<advisory::Database> database;
  const std::string db_dir = advisory::default_database_dir(options.db_dir);
  if (fs::exists(advisory::database_file(db_dir))) {
    database.emplace(advisory::Database::open(db_dir));
    context.database = &*database;
  } else if (!options.db_dir.empty()) {
    std::cerr << "warning: no advisory database at " << db_dir << ": no alias groups or KEV flags\n";
  }

  const std::string& path = options.dependabot.empty() ? options.advisories : options.dependabot;
  const std::vector<intake::ListItem> items = intake::read_github_list(path, read_file(path));
  const std::vector<incident::ExternalReport> reports = options.dependabot.empty()
                                                            ? intake::advisory_reports(path, items, context)
                                                            : intake::dependabot_reports(path, items, context);
  report(incident::sync_external(env.session(), reports), options.format);
  return kExitClean;
}

int run_mail(const IntakeOptions& options) {
  IncidentEnvironmentOptions where = options.environment;
  where.create_store = true;  // intake opens incidents
  IncidentEnvironment env = prepare_incident_environment(where);
  intake::Context context;
  context.policy = &env.config.policy;
  const intake::MailMessage message = intake::parse_mail(options.mail, read_file(options.mail));
  const incident::ExternalReport mailed = intake::mail_report(options.mail, message, context);
  report(incident::sync_external(env.session(), {mailed}), options.format);
  return kExitClean;
}

}  // namespace

void register_intake_command(CLI::App& app, Context& context) {
  CLI::App* intake = app.add_subcommand("intake", "Open incidents from GitHub exports and mailed reports");
  intake->require_subcommand(1);
  auto options = std::make_shared<IntakeOptions>();

  CLI::App* github =
      intake->add_subcommand("github", "Dependabot alerts or repository security advisories, as `gh api` exports them");
  github->add_option("--dependabot", options->dependabot, "gh api /repos/O/R/dependabot/alerts output");
  github->add_option("--advisories", options->advisories, "gh api /repos/O/R/security-advisories output");
  github->add_option("--db", options->db_dir, "Advisory database for alias groups and KEV (default as for scan)");
  add_environment(github, *options);
  github->callback([options, &context] { context.exit_code = run_github(*options); });

  CLI::App* mail = intake->add_subcommand("mail", "A report mailed to the security.txt contact (RFC 5322 file)");
  mail->add_option("FILE", options->mail, "The message (.eml)")->required();
  add_environment(mail, *options);
  mail->callback([options, &context] { context.exit_code = run_mail(*options); });
}

}  // namespace tocsin::cli
