// Workflow files -> the model of ci.h. yaml/tree.h parses (libyaml); this file only walks the
// keys GitHub gives meaning to, so unknown keys cost nothing. Aliases are shared nodes of the
// tree; the walk counts every node it visits (an alias counted each time it is reached) and stops at
// kMaxYamlNodes, which keeps an alias bomb bounded.
#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "ci/ci.h"
#include "core/error.h"
#include "core/text.h"
#include "yaml/tree.h"

namespace tocsin::ci {
namespace {

namespace fs = std::filesystem;
using yaml::Node;

class Walker {
 public:
  Walker(const std::string& path, std::string_view source) : path_(path), source_(source) {}

  [[noreturn]] void fail(const Node* node, const std::string& message) const {
    throw Error(path_, node->line, node->column, message);
  }

  void count(const Node* node) {
    if (++visited_ > kMaxYamlNodes) fail(node, "document too large (alias expansion or size beyond the limit)");
  }

  static int line(const Node* node) { return node->line; }
  static int column(const Node* node) { return node->column; }

  Located located(const Node* node) {
    count(node);
    Located out;
    out.line = line(node);
    out.column = column(node);
    if (node->is_scalar()) out.value = node->value;
    return out;
  }

  // A mapping of scalars (with:, env:); non-scalar values keep an empty value.
  std::map<std::string, Located> scalar_map(const Node* node) {
    std::map<std::string, Located> out;
    if (!yaml::is_map(node)) return out;
    for (const auto& [key, value] : node->pairs) {
      count(key);
      if (!key->is_scalar()) continue;
      out[key->value] = located(value);
    }
    return out;
  }

  Permissions permissions(const Node* owner) {
    Permissions out;
    const Node* node = owner->get("permissions");
    if (!node) return out;
    count(node);
    out.present = true;
    out.line = line(node);
    out.column = column(node);
    if (node->is_scalar()) {
      out.shorthand = node->value;
    } else if (node->is_map()) {
      if (node->pairs.empty()) out.shorthand = "{}";
      out.scopes = scalar_map(node);
    } else if (node->is_null()) {
      out.shorthand = "{}";
    } else {
      fail(node, "permissions must be read-all, write-all or a mapping of scopes");
    }
    return out;
  }

  // The trailing comment on the source line of `node` (after its value).
  std::string trailing_comment(const Node* node) const {
    if (node->offset >= source_.size()) return "";
    std::size_t start = node->offset;
    std::size_t end = source_.find('\n', start);
    std::string_view rest = source_.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    // A '#' starts a comment only after white space (YAML); the value itself has none of those.
    for (std::size_t i = 1; i < rest.size(); ++i)
      if (rest[i] == '#' && (rest[i - 1] == ' ' || rest[i - 1] == '\t')) return std::string(trim(rest.substr(i + 1)));
    return "";
  }

  std::optional<ActionRef> uses(const Node* node, bool job_level, std::optional<Located>& text) {
    const Node* value = node->get("uses");
    if (!value) return std::nullopt;
    if (!value->is_scalar()) fail(value, "'uses' must be a string");
    text = located(value);
    ActionRef ref = parse_uses(value->value, job_level);
    ref.comment = trailing_comment(value);
    std::string_view comment = ref.comment;
    auto first_space = comment.find_first_of(" \t");
    std::string_view word = comment.substr(0, first_space);
    if (looks_like_version(word)) ref.comment_version = std::string(word);
    return ref;
  }

  Step step(const Node* node, std::size_t index) {
    count(node);
    if (!node->is_map()) fail(node, "a step must be a mapping");
    Step out;
    out.index = index;
    out.line = line(node);
    out.column = column(node);
    if (const Node* id = node->get("id"); yaml::is_scalar(id)) out.id = id->value;
    if (const Node* name = node->get("name"); yaml::is_scalar(name)) out.name = name->value;
    out.uses = uses(node, false, out.uses_text);
    if (const Node* run = node->get("run")) {
      if (!run->is_scalar()) fail(run, "'run' must be a string");
      out.run = located(run);
    }
    out.with = scalar_map(node->get("with"));
    out.env = scalar_map(node->get("env"));
    return out;
  }

  std::vector<Step> steps(const Node* node) {
    std::vector<Step> out;
    if (!node || node->is_null()) return out;
    if (!node->is_sequence()) fail(node, "'steps' must be a sequence");
    std::size_t index = 0;
    for (const Node* item : node->items) out.push_back(step(item, index++));
    return out;
  }

  Job job(const std::string& id, const Node* key, const Node* node) {
    count(node);
    Job out;
    out.id = id;
    out.line = line(key);
    out.column = column(key);
    if (!node->is_map()) fail(node, "job '" + id + "' must be a mapping");
    if (const Node* name = node->get("name"); yaml::is_scalar(name)) out.name = name->value;
    out.permissions = permissions(node);
    out.uses = uses(node, true, out.uses_text);
    out.with = scalar_map(node->get("with"));
    out.env = scalar_map(node->get("env"));
    const Node* environment = node->get("environment");
    if (yaml::is_scalar(environment))
      out.environment = located(environment);
    else if (yaml::is_map(environment) && yaml::is_scalar(environment->get("name")))
      out.environment = located(environment->get("name"));
    out.steps = steps(node->get("steps"));
    return out;
  }

  // branches/tags filters of the events written as a mapping (`push: {tags: [v*]}`).
  std::map<std::string, std::map<std::string, std::vector<std::string>>> trigger_filters(const Node* node) {
    std::map<std::string, std::map<std::string, std::vector<std::string>>> out;
    if (!yaml::is_map(node)) return out;
    for (const auto& [event, filters] : node->pairs) {
      if (!event->is_scalar() || !filters->is_map()) continue;
      for (const char* key : {"branches", "tags", "branches-ignore", "tags-ignore"}) {
        const Node* list = filters->get(key);
        if (!list) continue;
        count(list);
        auto& patterns = out[event->value][key];
        if (list->is_scalar()) patterns.push_back(list->value);
        if (list->is_sequence())
          for (const Node* item : list->items) {
            count(item);
            if (item->is_scalar()) patterns.push_back(item->value);
          }
      }
    }
    return out;
  }

  std::vector<Located> triggers(const Node* node) {
    std::vector<Located> out;
    if (!node) return out;
    if (node->is_scalar()) {
      out.push_back(located(node));
    } else if (node->is_sequence()) {
      for (const Node* item : node->items)
        if (item->is_scalar()) out.push_back(located(item));
    } else if (node->is_map()) {
      for (const auto& [event, filters] : node->pairs)
        if (event->is_scalar()) out.push_back(located(event));
    } else if (!node->is_null()) {
      fail(node, "'on' must be an event name, a list or a mapping of events");
    }
    return out;
  }

 private:
  const std::string& path_;
  std::string_view source_;
  std::size_t visited_ = 0;
};

// The `on` key: YAML 1.1 readers turn it into `true`; we keep the text, but accept both.
const Node* on_node(const Node* root) {
  for (const auto& [key, value] : root->pairs)
    if (key->is_scalar() && (key->value == "on" || key->value == "true")) return value;
  return nullptr;
}

std::vector<std::string> referenced_secrets(std::string_view text) {
  std::set<std::string> names;
  for (std::size_t at = text.find("secrets."); at != std::string_view::npos; at = text.find("secrets.", at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    std::size_t end = at + 8;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    if (end > at + 8) names.insert(std::string(text.substr(at + 8, end - at - 8)));
  }
  return {names.begin(), names.end()};
}

bool is_yaml_name(const std::string& name) { return ends_with(name, ".yml") || ends_with(name, ".yaml"); }

}  // namespace

std::string Step::label() const {
  if (!name.empty()) return name;
  if (!id.empty()) return id;
  if (uses) return uses->raw;
  return "step " + std::to_string(index + 1);
}

Workflow parse_workflow(const std::string& path, std::string_view content) {
  if (content.size() > kMaxWorkflowBytes)
    throw Error(path, 0, 0, "file too large for a workflow (" + std::to_string(content.size()) + " bytes)");
  yaml::Document document = yaml::Document::parse(path, content);
  const Node* root = document.root();
  if (!yaml::is_map(root)) throw Error(path, 1, 1, "expected a mapping (a workflow or an action)");
  Workflow out;
  out.path = path;
  out.source = std::string(content);
  Walker walker(path, out.source);
  const Node* runs = root->get("runs");
  if (runs && !root->get("jobs")) {
    // An action (action.yml). Only composite actions run steps of their own.
    out.kind = WorkflowKind::OtherAction;
    const Node* using_ = yaml::get(runs, "using");
    if (yaml::is_map(runs) && yaml::is_scalar(using_) && using_->value == "composite") {
      out.kind = WorkflowKind::CompositeAction;
      Job job;
      job.id = "(composite)";
      job.line = Walker::line(runs);
      job.column = Walker::column(runs);
      job.steps = walker.steps(runs->get("steps"));
      out.jobs.push_back(std::move(job));
    }
  } else {
    out.triggers = walker.triggers(on_node(root));
    out.trigger_filters = walker.trigger_filters(on_node(root));
    out.permissions = walker.permissions(root);
    out.env = walker.scalar_map(root->get("env"));
    const Node* jobs = root->get("jobs");
    if (!jobs) throw Error(path, 1, 1, "expected 'jobs' (a workflow) or 'runs' (an action)");
    if (!jobs->is_map()) walker.fail(jobs, "'jobs' must be a mapping");
    for (const auto& [key, value] : jobs->pairs) {
      if (!key->is_scalar()) walker.fail(key, "a job id must be a string");
      out.jobs.push_back(walker.job(key->value, key, value));
    }
  }
  out.secrets = referenced_secrets(out.source);
  return out;
}

std::vector<std::string> find_workflow_files(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code error;
  fs::path root(dir);
  // Every path below is `root` joined with names listed or written here (no link followed), so
  // the relative name is lexical: fs::relative would realpath() both sides for each file.
  auto add_if_file = [&](const fs::path& file) {
    std::error_code ignored;
    if (fs::is_regular_file(fs::symlink_status(file, ignored)))
      found.push_back(file.lexically_relative(root).generic_string());
  };
  fs::path workflows = root / ".github" / "workflows";
  if (fs::is_directory(workflows, error)) {
    for (fs::directory_iterator it(workflows, error), end; !error && it != end; it.increment(error))
      if (is_yaml_name(it->path().filename().string())) add_if_file(it->path());
  }
  for (const char* name : {"action.yml", "action.yaml"}) add_if_file(root / name);
  fs::path github = root / ".github";
  if (fs::is_directory(github, error)) {
    fs::recursive_directory_iterator it(github, fs::directory_options::skip_permission_denied, error), end;
    for (; !error && it != end; it.increment(error)) {
      if (it->is_symlink(error)) {
        if (it->is_directory(error)) it.disable_recursion_pending();
        continue;
      }
      std::string name = it->path().filename().string();
      if (name == "action.yml" || name == "action.yaml") add_if_file(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

WorkflowSet read_workflows(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw Error(dir, 0, 0, "not a directory");
  WorkflowSet set;
  for (const std::string& relative : find_workflow_files(dir)) {
    try {
      std::string content = read_file((fs::path(dir) / relative).string());
      set.workflows.push_back(parse_workflow(relative, content));
    } catch (const Error& e) {
      Diagnostic error = diagnostic_from_error(e, Severity::Error);
      error.location.path = relative;  // a read error names the full path; the set names files as found
      error.code = "workflow-unreadable";
      set.errors.push_back(std::move(error));
    }
  }
  return set;
}

}  // namespace tocsin::ci
