#include "incident/playbook.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"

namespace tocsin::incident {
namespace {

bool is_slug(std::string_view text) {
  if (text.empty() || text.size() > 64 || text.front() == '-' || text.back() == '-') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// The shared typed getters (core/toml.h) and what only playbooks have: slugs, durations and
// arrays of tables.
class Reader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  std::string slug(const toml::node& node, const std::string& what) const {
    std::string value = string(node, what);
    if (!is_slug(value)) fail(node, what + " '" + value + "' must be lowercase letters, digits and '-'");
    return value;
  }
  std::chrono::minutes duration(const toml::node& node, const std::string& what) const {
    const std::string value = string(node, what);
    try {
      return policy::parse_duration(value);
    } catch (const Error& e) {
      fail(node, what + ": " + e.message());
    }
  }
  const toml::array& tables(const toml::node& node, const std::string& what) const {
    const toml::array* array = node.as_array();
    if (!array || !array->is_array_of_tables()) fail(node, what + " must be written [[" + what + "]]");
    return *array;
  }
};

Milestone parse_milestone(const Reader& reader, const toml::node& node) {
  const std::string value = reader.string(node, "step.milestone");
  for (Milestone m : {Milestone::Acknowledged, Milestone::Triaged, Milestone::Fixed, Milestone::Disclosed})
    if (milestone_name(m) == value) return m;
  reader.fail(node, "step.milestone '" + value + "' is not one of acknowledged, triaged, fixed, disclosed");
}

Branch read_branch(const Reader& reader, const toml::table& table) {
  Branch branch;
  for (const auto& [key, value] : table) {
    const std::string_view k = key.str();
    if (k == "id") {
      branch.id = reader.slug(value, "branch.id");
    } else if (k == "question") {
      branch.question = reader.text(value, "branch.question");
    } else if (k == "choices") {
      branch.choices = reader.strings(value, "branch.choices");
      for (std::size_t i = 0; i < branch.choices.size(); ++i) {
        if (!is_slug(branch.choices[i])) reader.fail(value, "branch choice '" + branch.choices[i] + "' must be a slug");
        if (std::count(branch.choices.begin(), branch.choices.end(), branch.choices[i]) > 1)
          reader.fail(value, "branch choice '" + branch.choices[i] + "' is listed twice");
      }
    } else {
      reader.unknown(value, k, "[[branch]]", "id, question, choices");
    }
  }
  if (branch.id.empty()) reader.fail(table, "[[branch]] needs an id");
  if (branch.choices.size() < 2) reader.fail(table, "branch '" + branch.id + "' needs at least two choices");
  return branch;
}

Step read_step(const Reader& reader, const toml::table& table, const Playbook& playbook) {
  Step step;
  const toml::node* id_node = nullptr;
  for (const auto& [key, value] : table) {
    const std::string_view k = key.str();
    if (k == "id") {
      step.id = reader.slug(value, "step.id");
      id_node = &value;
    } else if (k == "title") {
      step.title = reader.text(value, "step.title");
    } else if (k == "text") {
      step.text = std::string(trim(reader.text(value, "step.text")));
    } else if (k == "role") {
      step.role = reader.string(value, "step.role");
      if (std::find(kRoles.begin(), kRoles.end(), step.role) == kRoles.end())
        reader.fail(value, "unknown role '" + step.role +
                               "' (expected triage, crypto_reviewer, connector_reviewer or release_engineer)");
    } else if (k == "when") {
      const std::string condition = reader.string(value, "step.when");
      const auto equals = condition.find('=');
      if (equals == std::string::npos)
        reader.fail(value, "step.when '" + condition + "' must be BRANCH=CHOICE, e.g. release-path=yes");
      Condition parsed{std::string(trim(condition.substr(0, equals))), std::string(trim(condition.substr(equals + 1)))};
      const Branch* branch = playbook.find_branch(parsed.branch);
      if (!branch) reader.fail(value, "step.when names branch '" + parsed.branch + "', which is not declared");
      if (std::find(branch->choices.begin(), branch->choices.end(), parsed.choice) == branch->choices.end())
        reader.fail(value, "step.when: '" + parsed.choice + "' is not a choice of branch '" + parsed.branch + "'");
      const bool decided_before = std::any_of(playbook.steps.begin(), playbook.steps.end(),
                                              [&](const Step& s) { return s.decides == parsed.branch; });
      if (!decided_before)
        reader.fail(value, "step.when uses branch '" + parsed.branch + "' before the step that decides it");
      step.when = std::move(parsed);
    } else if (k == "decides") {
      step.decides = reader.slug(value, "step.decides");
      if (!playbook.find_branch(step.decides))
        reader.fail(value, "step.decides names branch '" + step.decides + "', which is not declared");
      for (const Step& other : playbook.steps)
        if (other.decides == step.decides)
          reader.fail(value, "branch '" + step.decides + "' is already decided by step '" + other.id + "'");
    } else if (k == "milestone") {
      step.milestone = parse_milestone(reader, value);
    } else if (k == "commands") {
      step.commands = reader.strings(value, "step.commands");
    } else if (k == "artifacts") {
      step.artifacts = reader.strings(value, "step.artifacts");
    } else {
      reader.unknown(value, k, "[[step]]", "id, title, text, role, when, decides, milestone, commands, artifacts");
    }
  }
  if (step.id.empty()) reader.fail(table, "[[step]] needs an id");
  if (step.title.empty()) reader.fail(table, "step '" + step.id + "' needs a title");
  if (step.role.empty()) reader.fail(table, "step '" + step.id + "' needs a role");
  if (playbook.find_step(step.id)) reader.fail(*id_node, "step id '" + step.id + "' is used twice");
  return step;
}

}  // namespace

std::string_view milestone_name(Milestone milestone) {
  switch (milestone) {
    case Milestone::None: return "";
    case Milestone::Acknowledged: return "acknowledged";
    case Milestone::Triaged: return "triaged";
    case Milestone::Fixed: return "fixed";
    case Milestone::Disclosed: return "disclosed";
  }
  return "";
}

const Step* Playbook::find_step(std::string_view id) const {
  for (const Step& step : steps)
    if (step.id == id) return &step;
  return nullptr;
}

const Branch* Playbook::find_branch(std::string_view id) const {
  for (const Branch& branch : branches)
    if (branch.id == id) return &branch;
  return nullptr;
}

Playbook parse_playbook(std::string_view toml_text, const std::string& path) {
  toml::table document = parse_toml(path, toml_text);
  const Reader reader(path);
  Playbook playbook;
  playbook.text = std::string(toml_text);
  playbook.source = path;
  // Branches first, whatever the key order, so steps can refer to them.
  if (const toml::node* branches = document.get("branch"))
    for (const toml::node& item : reader.tables(*branches, "branch")) {
      Branch branch = read_branch(reader, *item.as_table());
      if (playbook.find_branch(branch.id)) reader.fail(item, "branch id '" + branch.id + "' is used twice");
      playbook.branches.push_back(std::move(branch));
    }
  for (const auto& [key, value] : document) {
    const std::string_view k = key.str();
    if (k == "name") {
      playbook.name = reader.slug(value, "name");
    } else if (k == "title") {
      playbook.title = reader.text(value, "title");
    } else if (k == "trigger") {
      playbook.trigger = std::string(trim(reader.text(value, "trigger")));
    } else if (k == "runbook") {
      playbook.runbook = reader.text(value, "runbook");
    } else if (k == "severity") {
      const std::string level = reader.string(value, "severity");
      playbook.severity = policy::parse_level(level);
      if (!playbook.severity)
        reader.fail(value, "unknown severity '" + level + "' (expected critical, high, medium, low or info)");
    } else if (k == "acknowledge") {
      playbook.acknowledge = reader.duration(value, "acknowledge");
    } else if (k == "fix") {
      playbook.fix = reader.duration(value, "fix");
    } else if (k == "disclosure") {
      playbook.disclosure = reader.boolean(value, "disclosure");
    } else if (k == "cve_assignment") {
      playbook.cve_assignment = reader.boolean(value, "cve_assignment");
    } else if (k == "step") {
      for (const toml::node& item : reader.tables(value, "step"))
        playbook.steps.push_back(read_step(reader, *item.as_table(), playbook));
    } else if (k != "branch") {
      reader.unknown(value, k, "a playbook",
                     "name, title, trigger, runbook, severity, acknowledge, fix, disclosure, cve_assignment, branch, "
                     "step");
    }
  }
  if (playbook.name.empty()) throw Error(path, 1, 1, "a playbook needs a name");
  if (playbook.title.empty()) throw Error(path, 1, 1, "playbook '" + playbook.name + "' needs a title");
  if (playbook.trigger.empty()) throw Error(path, 1, 1, "playbook '" + playbook.name + "' needs a trigger");
  if (playbook.steps.empty()) throw Error(path, 1, 1, "playbook '" + playbook.name + "' needs at least one [[step]]");
  for (const Branch& branch : playbook.branches) {
    const bool decided = std::any_of(playbook.steps.begin(), playbook.steps.end(),
                                     [&](const Step& s) { return s.decides == branch.id; });
    if (!decided) throw Error(path, 1, 1, "no step decides branch '" + branch.id + "' (add decides = \"…\")");
  }
  return playbook;
}

PlaybookCatalog PlaybookCatalog::builtin() {
  PlaybookCatalog catalog;
  catalog.playbooks_ = builtin_playbooks();
  return catalog;
}

PlaybookCatalog PlaybookCatalog::load(const std::string& repo_dir) {
  PlaybookCatalog catalog = builtin();
  const std::filesystem::path directory =
      std::filesystem::path(repo_dir.empty() ? "." : repo_dir) / ".tocsin" / "playbooks";
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) return catalog;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const std::string path = file.string();
    Playbook playbook = parse_playbook(read_file(path), path);
    if (playbook.name != file.stem().string())
      throw Error(path, 1, 1, "playbook name '" + playbook.name + "' does not match its file name");
    auto same = std::find_if(catalog.playbooks_.begin(), catalog.playbooks_.end(),
                             [&](const Playbook& p) { return p.name == playbook.name; });
    if (same != catalog.playbooks_.end()) {
      *same = std::move(playbook);
    } else {
      catalog.playbooks_.push_back(std::move(playbook));
    }
  }
  return catalog;
}

const Playbook* PlaybookCatalog::find(std::string_view name) const {
  // Other names a playbook is known by. Incidents store the playbook's own name (opening takes
  // it from the Playbook found), so an alias never reaches a store and old stores keep working.
  // `compromised-ci-action`: issue 14's name for Playbook 3 as `ci audit --open-incidents` uses it.
  if (name == "compromised-ci-action") name = "compromised-ci";
  for (const Playbook& playbook : playbooks_)
    if (playbook.name == name) return &playbook;
  return nullptr;
}

const Playbook& PlaybookCatalog::get(std::string_view name) const {
  if (const Playbook* playbook = find(name)) return *playbook;
  std::string known;
  for (const Playbook& playbook : playbooks_) known += (known.empty() ? "" : ", ") + playbook.name;
  throw Error("unknown playbook '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace tocsin::incident
