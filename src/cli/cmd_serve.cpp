// `tocsin serve`: the web dashboard of the incident record (src/serve/serve.h). This file only
// gathers the options and the record as every incident command does, and gives the dashboard
// what lives in the CLI layer (the facts of closed incidents for the CNA readiness figures).
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "disclosure/facts.h"
#include "documents/securitytxt.h"
#include "serve/serve.h"

namespace tocsin::cli {
namespace {

struct ServeOptions {
  IncidentEnvironmentOptions environment;
  std::string listen = "127.0.0.1:8080";
  std::string token_file;
  std::string tls_cert, tls_key;
  bool insecure_http = false;
};

void run_serve(const ServeOptions& options, Context& context) {
  serve::AccessOptions access;
  access.listen = serve::parse_listen(options.listen);
  access.token_file = options.token_file;
  access.tls_cert = options.tls_cert;
  access.tls_key = options.tls_key;
  access.insecure_http = options.insecure_http;
  serve::check_listen_policy(access);  // before anything is opened: a refused start is exit 2

  auto env = std::make_shared<IncidentEnvironment>(prepare_incident_environment(options.environment));
  serve::DashboardOptions dashboard;
  dashboard.store = env->store.get();
  dashboard.playbooks = &env->playbooks;
  dashboard.config = &env->config;
  dashboard.actor = env->actor;
  if (!options.environment.now.empty()) dashboard.now = env->now;
  if (!options.token_file.empty()) dashboard.tokens = serve::load_tokens(options.token_file);

  // As `tocsin cna status`: the closed incidents' facts and the project's security.txt.
  const std::string repo = options.environment.repo;
  const disclosure::ProjectInfo project = disclosure::read_project_info(repo, env->project.get<config::ProjectInfo>());
  dashboard.cna_json = [env, project, repo](const std::vector<incident::Incident>& closed, std::int64_t now) {
    std::vector<documents::IncidentFacts> facts;
    for (const incident::Incident& incident : closed)
      facts.push_back(disclosure::facts_from_incident(incident, env->playbooks.find(incident.playbook), project));
    std::optional<documents::SecurityTxtReport> securitytxt;
    for (const char* candidate : {".well-known/security.txt", "security.txt", "docs/security.txt"}) {
      const std::filesystem::path path = std::filesystem::path(repo) / candidate;
      if (!std::filesystem::is_regular_file(path)) continue;
      securitytxt = documents::check_securitytxt(read_file(path.string()), now);
      break;
    }
    return documents::render_cna_json(documents::cna_status(facts, now, securitytxt ? &*securitytxt : nullptr));
  };

  const serve::Dashboard server(std::move(dashboard));
  serve::ServerOptions server_options;
  server_options.access = access;
  server_options.on_listening = [&](int port) {
    const std::string host =
        access.listen.host.find(':') != std::string::npos ? "[" + access.listen.host + "]" : access.listen.host;
    // The port line is read by scripts and tests started with --listen HOST:0.
    std::cout << "tocsin serve: " << (access.tls_cert.empty() ? "http" : "https") << "://" << host << ":" << port
              << "/  (record: " << env->store->location() << "; "
              << (options.token_file.empty() ? "local, no tokens" : "bearer tokens") << ")" << std::endl;
  };
  serve::run_server(server, server_options);
  context.exit_code = kExitClean;
}

}  // namespace

void register_serve_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Web dashboard of the incident record: clocks, incidents, findings");
  command->add_option("--listen", options->listen,
                      "HOST:PORT to bind (default 127.0.0.1:8080; any other host needs --token-file; port 0 = any)");
  command->add_option("--repo", options->environment.repo, "Project directory (tocsin.toml, .tocsin/playbooks/)");
  command->add_option("--config", options->environment.config, "tocsin.toml to read (default: REPO/tocsin.toml)");
  command->add_option("--store", options->environment.store,
                      "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", options->environment.actor,
                      "Who acts in local mode (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, options->environment.now, "Fix the current time (drills, tests)");
  command->add_option("--token-file", options->token_file,
                      "TOML file of [[token]] entries (sha256, actor, roles): who may sign in");
  command->add_option("--tls-cert", options->tls_cert, "PEM certificate (HTTPS)");
  command->add_option("--tls-key", options->tls_key, "PEM private key of --tls-cert");
  command->add_flag("--insecure-http", options->insecure_http,
                    "Allow plain HTTP on a non-loopback address (behind a TLS-terminating proxy only)");
  command->callback([options, &context] { run_serve(*options, context); });
}

}  // namespace tocsin::cli
