// Workflow files -> the model of ci.h. yaml-cpp parses; this file only walks the keys GitHub
// gives meaning to, so unknown keys cost nothing. Aliases are shared nodes in yaml-cpp's graph;
// the walk counts every node it visits (an alias counted each time it is reached) and stops at
// kMaxYamlNodes, which keeps an alias bomb bounded.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "ci/ci.h"
#include "core/error.h"
#include "core/text.h"

namespace tocsin::ci {
namespace {

namespace fs = std::filesystem;

// yaml-cpp throws InvalidNode when the type of an absent key of a const node is asked.
bool is_scalar(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }
bool is_map(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }

class Walker {
 public:
  Walker(const std::string& path, std::string_view source) : path_(path), source_(source) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    YAML::Mark mark = node.Mark();
    throw Error(path_, mark.line + 1, mark.column + 1, message);
  }

  void count(const YAML::Node& node) {
    if (++visited_ > kMaxYamlNodes) fail(node, "document too large (alias expansion or size beyond the limit)");
  }

  static int line(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }
  static int column(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().column + 1; }

  Located located(const YAML::Node& node) {
    count(node);
    Located out;
    out.line = line(node);
    out.column = column(node);
    if (node.IsScalar()) out.value = node.Scalar();
    return out;
  }

  // A mapping of scalars (with:, env:); non-scalar values keep an empty value.
  std::map<std::string, Located> scalar_map(const YAML::Node& node) {
    std::map<std::string, Located> out;
    if (!is_map(node)) return out;
    for (auto it = node.begin(); it != node.end(); ++it) {
      count(it->first);
      if (!it->first.IsScalar()) continue;
      out[it->first.Scalar()] = located(it->second);
    }
    return out;
  }

  Permissions permissions(const YAML::Node& owner) {
    Permissions out;
    YAML::Node node = owner["permissions"];
    if (!node.IsDefined()) return out;
    count(node);
    out.present = true;
    out.line = line(node);
    out.column = column(node);
    if (node.IsScalar()) {
      out.shorthand = node.Scalar();
    } else if (node.IsMap()) {
      if (node.size() == 0) out.shorthand = "{}";
      out.scopes = scalar_map(node);
    } else if (node.IsNull()) {
      out.shorthand = "{}";
    } else {
      fail(node, "permissions must be read-all, write-all or a mapping of scopes");
    }
    return out;
  }

  // The trailing comment on the source line of `node` (after its value).
  std::string trailing_comment(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= source_.size()) return "";
    std::size_t start = static_cast<std::size_t>(mark.pos);
    std::size_t end = source_.find('\n', start);
    std::string_view rest = source_.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    // A '#' starts a comment only after white space (YAML); the value itself has none of those.
    for (std::size_t i = 1; i < rest.size(); ++i)
      if (rest[i] == '#' && (rest[i - 1] == ' ' || rest[i - 1] == '\t')) return std::string(trim(rest.substr(i + 1)));
    return "";
  }

  std::optional<ActionRef> uses(const YAML::Node& node, bool job_level, std::optional<Located>& text) {
    YAML::Node value = node["uses"];
    if (!value.IsDefined()) return std::nullopt;
    if (!value.IsScalar()) fail(value, "'uses' must be a string");
    text = located(value);
    ActionRef ref = parse_uses(value.Scalar(), job_level);
    ref.comment = trailing_comment(value);
    std::string_view comment = ref.comment;
    auto first_space = comment.find_first_of(" \t");
    std::string_view word = comment.substr(0, first_space);
    if (looks_like_version(word)) ref.comment_version = std::string(word);
    return ref;
  }

  Step step(const YAML::Node& node, std::size_t index) {
    count(node);
    if (!node.IsMap()) fail(node, "a step must be a mapping");
    Step out;
    out.index = index;
    out.line = line(node);
    out.column = column(node);
    if (is_scalar(node["id"])) out.id = node["id"].Scalar();
    if (is_scalar(node["name"])) out.name = node["name"].Scalar();
    out.uses = uses(node, false, out.uses_text);
    YAML::Node run = node["run"];
    if (run.IsDefined()) {
      if (!run.IsScalar()) fail(run, "'run' must be a string");
      out.run = located(run);
    }
    out.with = scalar_map(node["with"]);
    out.env = scalar_map(node["env"]);
    return out;
  }

  std::vector<Step> steps(const YAML::Node& node) {
    std::vector<Step> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsSequence()) fail(node, "'steps' must be a sequence");
    std::size_t index = 0;
    for (const YAML::Node& item : node) out.push_back(step(item, index++));
    return out;
  }

  Job job(const std::string& id, const YAML::Node& key, const YAML::Node& node) {
    count(node);
    Job out;
    out.id = id;
    out.line = line(key);
    out.column = column(key);
    if (!node.IsMap())
      fail(node.IsDefined() && !node.Mark().is_null() ? node : key, "job '" + id + "' must be a mapping");
    if (is_scalar(node["name"])) out.name = node["name"].Scalar();
    out.permissions = permissions(node);
    out.uses = uses(node, true, out.uses_text);
    out.with = scalar_map(node["with"]);
    out.env = scalar_map(node["env"]);
    YAML::Node environment = node["environment"];
    if (is_scalar(environment))
      out.environment = located(environment);
    else if (is_map(environment) && is_scalar(environment["name"]))
      out.environment = located(environment["name"]);
    out.steps = steps(node["steps"]);
    return out;
  }

  // branches/tags filters of the events written as a mapping (`push: {tags: [v*]}`).
  std::map<std::string, std::map<std::string, std::vector<std::string>>> trigger_filters(const YAML::Node& node) {
    std::map<std::string, std::map<std::string, std::vector<std::string>>> out;
    if (!is_map(node)) return out;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar() || !is_map(it->second)) continue;
      for (const char* key : {"branches", "tags", "branches-ignore", "tags-ignore"}) {
        YAML::Node list = it->second[key];
        if (!list.IsDefined()) continue;
        count(list);
        auto& patterns = out[it->first.Scalar()][key];
        if (list.IsScalar()) patterns.push_back(list.Scalar());
        if (list.IsSequence())
          for (const YAML::Node& item : list) {
            count(item);
            if (item.IsScalar()) patterns.push_back(item.Scalar());
          }
      }
    }
    return out;
  }

  std::vector<Located> triggers(const YAML::Node& node) {
    std::vector<Located> out;
    if (node.IsScalar()) {
      out.push_back(located(node));
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node)
        if (item.IsScalar()) out.push_back(located(item));
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it)
        if (it->first.IsScalar()) out.push_back(located(it->first));
    } else if (node.IsDefined() && !node.IsNull()) {
      fail(node, "'on' must be an event name, a list or a mapping of events");
    }
    return out;
  }

 private:
  const std::string& path_;
  std::string_view source_;
  std::size_t visited_ = 0;
};

// The `on` key: YAML 1.1 readers turn it into `true`; yaml-cpp keeps the text, but accept both.
YAML::Node on_node(const YAML::Node& root) {
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it->first.IsScalar() && (it->first.Scalar() == "on" || it->first.Scalar() == "true")) return it->second;
  return YAML::Node(YAML::NodeType::Undefined);
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(content));
  } catch (const YAML::Exception& e) {
    throw Error(path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1, e.msg);
  }
  if (!root.IsMap()) throw Error(path, 1, 1, "expected a mapping (a workflow or an action)");
  Workflow out;
  out.path = path;
  out.source = std::string(content);
  Walker walker(path, out.source);
  try {
    YAML::Node runs = root["runs"];
    if (runs.IsDefined() && !root["jobs"].IsDefined()) {
      // An action (action.yml). Only composite actions run steps of their own.
      out.kind = WorkflowKind::OtherAction;
      if (is_map(runs) && is_scalar(runs["using"]) && runs["using"].Scalar() == "composite") {
        out.kind = WorkflowKind::CompositeAction;
        Job job;
        job.id = "(composite)";
        job.line = Walker::line(runs);
        job.column = Walker::column(runs);
        job.steps = walker.steps(runs["steps"]);
        out.jobs.push_back(std::move(job));
      }
    } else {
      out.triggers = walker.triggers(on_node(root));
      out.trigger_filters = walker.trigger_filters(on_node(root));
      out.permissions = walker.permissions(root);
      out.env = walker.scalar_map(root["env"]);
      YAML::Node jobs = root["jobs"];
      if (!jobs.IsDefined()) throw Error(path, 1, 1, "expected 'jobs' (a workflow) or 'runs' (an action)");
      if (!jobs.IsMap()) walker.fail(jobs, "'jobs' must be a mapping");
      for (auto it = jobs.begin(); it != jobs.end(); ++it) {
        if (!it->first.IsScalar()) walker.fail(it->first, "a job id must be a string");
        out.jobs.push_back(walker.job(it->first.Scalar(), it->first, it->second));
      }
    }
  } catch (const YAML::Exception& e) {
    throw Error(path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1, e.msg);
  }
  out.secrets = referenced_secrets(out.source);
  return out;
}

std::vector<std::string> find_workflow_files(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code error;
  fs::path root(dir);
  auto add_if_file = [&](const fs::path& file) {
    std::error_code ignored;
    if (fs::is_regular_file(fs::symlink_status(file, ignored)))
      found.push_back(fs::relative(file, root, ignored).generic_string());
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
      set.errors.push_back({relative, e.line(), e.column(), e.message()});
    }
  }
  return set;
}

}  // namespace tocsin::ci
