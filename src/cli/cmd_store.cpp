// `tocsin store init|migrate|copy`: the incident record's storage itself (src/incident/
// store_factory.h). `--store` takes a SQLite path or a postgresql:// URL, as `incident` does, and
// defaults the same way (tocsin.toml [store] url, else the per-project file).
#include <iostream>
#include <memory>

#include "cli/incident_environment.h"
#include "cli/output.h"
#include "cli/store_command.h"
#include "config/project_config.h"
#include "core/error.h"
#include "incident/store_factory.h"

namespace tocsin::cli {
namespace {

using namespace tocsin::incident;

struct StoreOptions {
  std::string repo = ".";
  std::string config;
  std::string store;
  std::string format = "table";
};

std::string resolve(const StoreOptions& options) {
  return store_spec(options.store, config::ProjectConfig::load(options.repo, options.config), options.repo);
}

void add_where(CLI::App* command, StoreOptions& options) {
  command->add_option("--store", options.store,
                      "A SQLite file or a postgresql:// URL (default: [store] url in tocsin.toml, else "
                      "$XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--repo", options.repo, "Project directory (tocsin.toml); default .");
  command->add_option("--config", options.config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  add_format_option(command, options.format, {"table", "json"});
}

nlohmann::ordered_json head_json(const std::optional<Head>& head) {
  return head ? nlohmann::ordered_json{{"seq", head->seq}, {"hash", head->hash}} : nlohmann::ordered_json(nullptr);
}

void run_init(const StoreOptions& options, Context& context) {
  const std::unique_ptr<ManagedStore> store = open_event_store(resolve(options), StoreMode::Create);
  const std::size_t events = store->read_all().size();
  if (options.format == "json") {
    print_json({{"store", store->location()}, {"schema_version", store->schema_version()}, {"events", events}});
  } else {
    std::cout << store->location() << ": schema version " << store->schema_version() << ", " << events << " events\n";
  }
  context.exit_code = kExitClean;
}

void run_migrate(const StoreOptions& options, Context& context) {
  const std::unique_ptr<ManagedStore> store =
      open_event_store(resolve(options), StoreMode::OpenExisting, /*check_schema=*/false);
  const int before = store->schema_version();
  const std::vector<int> applied = store->migrate(store->migrations());
  const int after = store->schema_version();
  if (options.format == "json") {
    print_json({{"store", store->location()}, {"from", before}, {"to", after}, {"applied", applied}});
  } else if (applied.empty()) {
    std::cout << store->location() << ": schema version " << after << " is current; nothing to migrate\n";
  } else {
    std::cout << store->location() << ": migrated schema version " << before << " to " << after << "\n";
    for (int version : applied)
      for (const Migration& migration : store->migrations())
        if (migration.version == version) std::cout << "  " << version << ": " << migration.description << "\n";
  }
  context.exit_code = kExitClean;
}

void run_copy(const std::string& from, const std::string& to, const std::string& format, Context& context) {
  if (from == to) throw Error("store copy: FROM and TO are the same store (" + from + ")");
  const std::unique_ptr<ManagedStore> source = open_event_store(from, StoreMode::OpenExisting);
  std::string target_location;
  const CopyReport report = copy_store(*source, [&] {
    std::unique_ptr<ManagedStore> target = open_event_store(to, StoreMode::Create);
    target_location = target->location();
    return target;
  });
  if (format == "json") {
    print_json({{"from", source->location()},
                {"to", target_location},
                {"events", report.events},
                {"head", head_json(report.head)},
                {"verified", true}});
  } else {
    std::cout << "Copied " << report.events << " events from " << source->location() << " to " << target_location
              << "\n";
    if (report.head)
      std::cout << "head: " << report.head->seq << ":" << report.head->hash
                << " (the copy verifies with it as anchor)\n";
  }
  context.exit_code = kExitClean;
}

}  // namespace

void register_store_command(CLI::App& app, Context& context) {
  auto* store = app.add_subcommand("store", "The incident record's storage: create, migrate, copy between backends");
  store->require_subcommand(1);
  {
    auto options = std::make_shared<StoreOptions>();
    auto* command = store->add_subcommand("init", "Create the record's schema (SQLite file or PostgreSQL database)");
    add_where(command, *options);
    command->callback([options, &context] { run_init(*options, context); });
  }
  {
    auto options = std::make_shared<StoreOptions>();
    auto* command = store->add_subcommand("migrate", "Bring the record's schema up to this tocsin's version");
    add_where(command, *options);
    command->callback([options, &context] { run_migrate(*options, context); });
  }
  {
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("table");
    auto* command = store->add_subcommand(
        "copy", "Copy a verified record into an empty store (SQLite <-> PostgreSQL), every event and hash as is");
    command->add_option("from", *from, "Source: a SQLite file or a postgresql:// URL")->required();
    command->add_option("to", *to, "Target, empty or absent: a SQLite file or a postgresql:// URL")->required();
    add_format_option(command, *format, {"table", "json"});
    command->callback([from, to, format, &context] { run_copy(*from, *to, *format, context); });
  }
}

}  // namespace tocsin::cli
