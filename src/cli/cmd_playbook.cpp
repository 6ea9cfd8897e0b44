// `tocsin playbook list|show NAME`: the response playbooks, built in or from
// <repo>/.tocsin/playbooks/ (src/incident/playbook.h).
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "incident/playbook.h"

namespace tocsin::cli {
namespace {

using namespace tocsin::incident;

nlohmann::ordered_json playbook_json(const Playbook& playbook) {
  nlohmann::ordered_json out;
  out["name"] = playbook.name;
  out["title"] = playbook.title;
  out["trigger"] = playbook.trigger;
  out["runbook"] = playbook.runbook;
  out["source"] = playbook.source;
  out["severity"] = playbook.severity ? nlohmann::ordered_json(policy::level_name(*playbook.severity)) : nullptr;
  out["acknowledge"] =
      playbook.acknowledge ? nlohmann::ordered_json(policy::format_duration(*playbook.acknowledge)) : nullptr;
  out["fix"] = playbook.fix ? nlohmann::ordered_json(policy::format_duration(*playbook.fix)) : nullptr;
  out["disclosure"] = playbook.disclosure;
  out["cve_assignment"] = playbook.cve_assignment;
  nlohmann::ordered_json branches = nlohmann::ordered_json::array();
  for (const Branch& branch : playbook.branches)
    branches.push_back({{"id", branch.id}, {"question", branch.question}, {"choices", branch.choices}});
  out["branches"] = branches;
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const Step& step : playbook.steps) {
    nlohmann::ordered_json item{{"id", step.id}, {"title", step.title}, {"role", step.role}, {"text", step.text}};
    if (step.when) item["when"] = step.when->branch + "=" + step.when->choice;
    if (!step.decides.empty()) item["decides"] = step.decides;
    if (step.milestone != Milestone::None) item["milestone"] = milestone_name(step.milestone);
    item["commands"] = step.commands;
    item["artifacts"] = step.artifacts;
    steps.push_back(item);
  }
  out["steps"] = steps;
  return out;
}

void show(const Playbook& playbook, const std::string& format) {
  if (format == "json") return print_json(playbook_json(playbook));
  if (format == "toml") {
    std::cout << playbook.text;
    return;
  }
  std::cout << paint(playbook.name, Color::Bold) << " — " << playbook.title << "  (" << playbook.source << ")\n";
  if (!playbook.runbook.empty()) std::cout << "From: " << playbook.runbook << "\n";
  std::cout << "Trigger: " << playbook.trigger << "\n";
  for (const Branch& branch : playbook.branches) {
    std::string choices;
    for (const std::string& c : branch.choices) choices += (choices.empty() ? "" : " | ") + c;
    std::cout << "Branch " << branch.id << ": " << branch.question << " [" << choices << "]\n";
  }
  int number = 0;
  for (const Step& step : playbook.steps) {
    std::cout << "\n" << ++number << ". " << paint(step.title, Color::Bold) << "  [" << step.id << ", " << step.role;
    if (step.when) std::cout << ", when " << step.when->branch << "=" << step.when->choice;
    if (!step.decides.empty()) std::cout << ", decides " << step.decides;
    if (step.milestone != Milestone::None) std::cout << ", milestone " << milestone_name(step.milestone);
    std::cout << "]\n   " << step.text << "\n";
    for (const std::string& command : step.commands) std::cout << "   $ " << command << "\n";
    for (const std::string& artifact : step.artifacts) std::cout << "   -> " << artifact << "\n";
  }
}

}  // namespace

void register_playbook_command(CLI::App& app, Context& context) {
  auto* playbook = app.add_subcommand("playbook", "The incident response playbooks (built in, or .tocsin/playbooks/)");
  playbook->require_subcommand(1);

  auto list_repo = std::make_shared<std::string>(".");
  auto list_format = std::make_shared<std::string>();
  auto* list = playbook->add_subcommand("list", "List the playbooks");
  list->add_option("--repo", *list_repo, "Project directory (default .)");
  add_format_option(list, *list_format, {"table", "json"});
  list->callback([list_repo, list_format, &context] {
    const PlaybookCatalog catalog = PlaybookCatalog::load(*list_repo);
    if (*list_format == "json") {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const Playbook& p : catalog.all()) out.push_back(playbook_json(p));
      print_json(out);
    } else {
      std::vector<std::vector<std::string>> rows;
      for (const Playbook& p : catalog.all())
        rows.push_back({p.name, std::to_string(p.steps.size()), p.source, p.title});
      std::cout << render_table({"NAME", "STEPS", "SOURCE", "TITLE"}, rows);
    }
    context.exit_code = kExitClean;
  });

  auto show_name = std::make_shared<std::string>();
  auto show_repo = std::make_shared<std::string>(".");
  auto show_format = std::make_shared<std::string>();
  auto* show_command = playbook->add_subcommand("show", "Show a playbook's trigger, branches and steps");
  show_command->add_option("name", *show_name, "Playbook name")->required();
  show_command->add_option("--repo", *show_repo, "Project directory (default .)");
  add_format_option(show_command, *show_format, {"table", "json", "toml"});
  show_command->callback([show_name, show_repo, show_format, &context] {
    show(PlaybookCatalog::load(*show_repo).get(*show_name), *show_format);
    context.exit_code = kExitClean;
  });
}

}  // namespace tocsin::cli
