// `tocsin why NAME[@VERSION] [DIR]`: every path from a root to a package and the verdict —
// the `cargo tree -i` / `npm explain` question every playbook starts with.
#include <iostream>

#include "cli/commands.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"

namespace tocsin::cli {
namespace {

struct WhyOptions {
  std::string package;
  InventoryOptions inventory;
  std::string format;
  std::size_t max_paths = 32;
};

// The kind of the edge from `from` to `to` that best explains shipping (normal over dev).
lockfile::DepKind edge_kind(const lockfile::Lockfile& lock, std::size_t from, std::size_t to) {
  bool found = false;
  lockfile::DepKind best = lockfile::DepKind::Dev;
  for (const lockfile::Edge& edge : lock.edges) {
    if (edge.from != from || edge.to != to) continue;
    bool ships = edge.kind != lockfile::DepKind::Dev && edge.kind != lockfile::DepKind::Build;
    if (!found || ships) best = edge.kind;
    found = true;
    if (ships) break;
  }
  return best;
}

bool path_ships(const inventory::Inventory& inventory, const std::vector<inventory::PackageRef>& path) {
  const lockfile::Lockfile& lock = inventory.lockfiles[path.front().lockfile];
  for (std::size_t i = 1; i < path.size(); ++i) {
    lockfile::DepKind kind = edge_kind(lock, path[i - 1].package, path[i].package);
    if (kind == lockfile::DepKind::Dev || kind == lockfile::DepKind::Build) return false;
  }
  return true;
}

}  // namespace

void register_why_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<WhyOptions>();
  CLI::App* command =
      app.add_subcommand("why", "Show every path from a root to a package, and whether it is on the release path");
  command->add_option("package", options->package, "NAME or NAME@VERSION")->required();
  command->add_option("dir", options->inventory.dir, "Directory to inventory (default: .)");
  options->inventory.add_to(command);
  command->add_option("--max-paths", options->max_paths, "Paths shown per package version")->default_val(32);
  add_format_option(command, options->format, {"table", "json"});
  command->callback([options, &context] {
    inventory::Inventory inventory = options->inventory.build();
    auto [name, version] = split_package_spec(options->package);
    std::vector<inventory::PackageRef> matches = inventory::find_packages(inventory, name, version);
    if (matches.empty())
      throw Error("package '" + options->package + "' is not in any lockfile (" +
                  std::to_string(inventory.lockfiles.size()) + " read)");

    bool release_path = false;
    nlohmann::ordered_json all_paths = nlohmann::ordered_json::array();
    nlohmann::ordered_json details = nlohmann::ordered_json::array();
    std::string table;
    for (const inventory::PackageRef& match : matches) {
      const lockfile::Lockfile& lock = inventory.lockfiles[match.lockfile];
      const lockfile::Package& package = inventory.package(match);
      bool ships = inventory.on_release_path(match);
      release_path = release_path || ships;
      inventory::PathSearch search = inventory::search_paths(inventory, match, options->max_paths);
      const auto& paths = search.paths;
      // Names and paths come from lockfiles: escaped for the terminal; the JSON keeps them exact.
      table += paint(escape_terminal(display_name(package)), Color::Bold) + "  " + escape_terminal(lock.path) + ":" +
               std::to_string(package.line) + "  " +
               (ships ? paint("on the release path", Color::Red)
                      : paint("reachable only through dev/build dependencies", Color::Green)) +
               "\n";
      if (inventory.unreached[match.lockfile][match.package])
        table += "  no root reaches it in " + escape_terminal(lock.path) + "; assumed to ship\n";
      nlohmann::ordered_json match_paths = nlohmann::ordered_json::array();
      for (const auto& path : paths) {
        nlohmann::ordered_json names = nlohmann::ordered_json::array();
        std::string line = "  ";
        for (std::size_t i = 0; i < path.size(); ++i) {
          const lockfile::Package& step = inventory.package(path[i]);
          names.push_back(display_name(step));
          if (i > 0) {
            lockfile::DepKind kind = edge_kind(lock, path[i - 1].package, path[i].package);
            line += kind == lockfile::DepKind::Normal ? " → " : " →(" + std::string(dep_kind_name(kind)) + ") ";
          }
          line += escape_terminal(display_name(step));
        }
        table += line + "\n";
        all_paths.push_back(names);
        match_paths.push_back({{"release", path_ships(inventory, path)}, {"path", names}});
      }
      // What was not shown: the exact count when the ancestors form no cycle (counted, never
      // enumerated: Springtale's serde has more than 100,000 paths), and whether the search
      // budget ran out before --max-paths paths were found.
      nlohmann::ordered_json total = search.total ? nlohmann::ordered_json(*search.total) : nullptr;
      if (search.total && *search.total > paths.size()) {
        table += "  … and " + std::to_string(*search.total - paths.size()) + " more path(s) (" +
                 std::to_string(*search.total) + " in all); see more with --max-paths N\n";
      } else if (!search.total && paths.size() >= options->max_paths) {
        table +=
            "  … more paths may exist (the graph has cycles, so they are not counted); see more with "
            "--max-paths N\n";
      }
      if (search.budget_exhausted)
        table += "  the search stopped at its budget after " + std::to_string(paths.size()) +
                 " path(s); the verdict above comes from the whole graph, not from the paths shown\n";
      details.push_back({{"ecosystem", ecosystem_name(package.ecosystem)},
                         {"name", package.name},
                         {"version", package.version},
                         {"lockfile", lock.path},
                         {"line", package.line},
                         {"release_path", ships},
                         {"paths", match_paths},
                         {"paths_total", total},
                         {"search_exhausted", search.budget_exhausted}});
    }
    if (options->format == "json") {
      nlohmann::ordered_json document;
      document["schema_version"] = 1;
      document["query"] = options->package;
      document["release_path"] = release_path;
      document["paths"] = all_paths;
      document["matches"] = details;
      print_json(document);
    } else {
      std::cout << table;
    }
    context.exit_code = kExitClean;
  });
}

}  // namespace tocsin::cli
