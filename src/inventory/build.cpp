// Building the inventory: read every lockfile, then use the manifests beside it to say which
// packages are the roots and how each root depends on its direct dependencies (a Cargo.lock
// does not record dev/build dependencies; a yarn v1 lockfile or a requirements.txt records no
// roots at all). Lockfiles stay the source of truth for *what* is installed.
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "ci/ci.h"
#include "core/error.h"
#include "core/text.h"
#include "inventory/inventory.h"
#include "inventory/release_path.h"
#include "lockfile/python_names.h"
#include "version/version.h"

namespace tocsin::inventory {
namespace {

namespace fs = std::filesystem;
using lockfile::DepKind;
using lockfile::Edge;
using lockfile::Lockfile;
using lockfile::Package;
using manifest::Manifest;

// PEP 503 normalisation, so "Foo_Bar" in pyproject.toml meets "foo-bar" in a lockfile.
std::string comparable_name(Ecosystem ecosystem, std::string_view name) {
  if (ecosystem != Ecosystem::PyPI) return std::string(name);
  std::string out;
  for (char c : to_lower(name)) {
    bool separator = c == '-' || c == '_' || c == '.';
    if (separator) {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += c;
    }
  }
  return out;
}

// How strongly a manifest ties a root to a dependency: anything that ships beats build-only,
// which beats dev-only (a crate in both [dependencies] and [dev-dependencies] ships).
int shipping_rank(DepKind kind) {
  switch (kind) {
    case DepKind::Normal: return 4;
    case DepKind::Optional: return 3;
    case DepKind::Peer: return 2;
    case DepKind::Build: return 1;
    case DepKind::Dev: return 0;
  }
  return 0;
}

class ManifestCache {
 public:
  ManifestCache(std::string root_dir, std::vector<Manifest>& sink) : root_dir_(std::move(root_dir)), sink_(sink) {}

  // The manifest `filename` in `relative_dir` (relative to the root dir), or nullptr if absent.
  const Manifest* at(const std::string& relative_dir, const std::string& filename) {
    std::string relative = relative_dir.empty() || relative_dir == "." ? filename : relative_dir + "/" + filename;
    relative = fs::path(relative).lexically_normal().generic_string();
    auto found = cache_.find(relative);
    if (found != cache_.end()) return found->second.get();
    std::unique_ptr<Manifest> manifest;
    std::error_code error;
    fs::path full = root_dir_.empty() ? fs::path(relative) : fs::path(root_dir_) / relative;
    if (fs::is_regular_file(full, error)) {
      manifest = std::make_unique<Manifest>();
      manifest::read_manifest(full.string(), *manifest);
      manifest->path = relative;
      sink_.push_back(*manifest);
    }
    return (cache_[relative] = std::move(manifest)).get();
  }

  // Directories (relative) matching the workspace member patterns of a manifest in `base`.
  std::vector<std::string> expand_members(const std::string& base, const Manifest& workspace) {
    std::set<std::string> out;
    for (const std::string& pattern : workspace.workspace_members) expand(base, pattern, out);
    std::set<std::string> excluded;
    for (const std::string& pattern : workspace.workspace_exclude) expand(base, pattern, excluded);
    std::vector<std::string> members;
    for (const std::string& member : out)
      if (!excluded.count(member)) members.push_back(member);
    return members;
  }

 private:
  void expand(const std::string& base, const std::string& pattern, std::set<std::string>& out) {
    std::string joined = base.empty() || base == "." ? pattern : base + "/" + pattern;
    std::vector<std::string> current = {""};
    const std::string normalized = fs::path(joined).lexically_normal().generic_string();
    for (std::string_view segment : split(normalized, '/')) {
      if (segment.empty() || segment == ".") continue;
      std::vector<std::string> next;
      bool wildcard = segment.find_first_of("*?[") != std::string_view::npos;
      for (const std::string& prefix : current) {
        if (!wildcard) {
          next.push_back(prefix.empty() ? std::string(segment) : prefix + "/" + std::string(segment));
          continue;
        }
        std::error_code error;
        fs::path listing = root_dir_.empty() ? fs::path(prefix.empty() ? "." : prefix) : fs::path(root_dir_) / prefix;
        for (fs::directory_iterator it(listing, error), end; !error && it != end; it.increment(error)) {
          if (!it->is_directory(error)) continue;
          std::string name = it->path().filename().string();
          if (fnmatch(std::string(segment).c_str(), name.c_str(), FNM_PERIOD) == 0)
            next.push_back(prefix.empty() ? name : prefix + "/" + name);
        }
      }
      current = std::move(next);
    }
    for (std::string& path : current) out.insert(std::move(path));
  }

  std::string root_dir_;
  std::vector<Manifest>& sink_;
  std::map<std::string, std::unique_ptr<Manifest>> cache_;
};

// Re-labels the edges leaving `root` with the kinds its manifest declares.
void apply_manifest_kinds(Lockfile& lock, std::uint32_t root, const Manifest& manifest) {
  std::map<std::string, DepKind> declared;
  for (const manifest::Dependency& dependency : manifest.dependencies) {
    std::string key = comparable_name(lock.ecosystem, dependency.name);
    auto [it, inserted] = declared.emplace(key, dependency.kind);
    if (!inserted && shipping_rank(dependency.kind) > shipping_rank(it->second)) it->second = dependency.kind;
  }
  for (Edge& edge : lock.edges) {
    if (edge.from != root) continue;
    auto it = declared.find(comparable_name(lock.ecosystem, lock.packages[edge.to].name));
    if (it != declared.end()) edge.kind = it->second;
  }
}

std::string manifest_file_for(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::CratesIo: return "Cargo.toml";
    case Ecosystem::Npm: return "package.json";
    case Ecosystem::PyPI: return "pyproject.toml";
    case Ecosystem::GitHubActions: return "";  // workflows have no manifest
  }
  return "";
}

// Cargo.lock: roots are the workspace members; their Cargo.toml files say which edges are
// dev/build. Members whose manifest is missing keep the lockfile's view (all local packages).
void attach_cargo(Lockfile& lock, const std::string& dir, ManifestCache& manifests) {
  const Manifest* top = manifests.at(dir, "Cargo.toml");
  if (top == nullptr) return;
  std::map<std::string, const Manifest*> members;  // crate name -> its manifest (may be null)
  if (!top->name.empty()) members[top->name] = top;
  for (const std::string& member_dir : manifests.expand_members(dir, *top)) {
    const Manifest* member = manifests.at(member_dir, "Cargo.toml");
    std::string name = member != nullptr ? member->name : fs::path(member_dir).filename().string();
    if (!name.empty()) members[name] = member;
  }
  if (members.empty()) return;
  for (std::uint32_t i = 0; i < lock.packages.size(); ++i) {
    Package& package = lock.packages[i];
    if (!package.is_local) continue;
    auto it = members.find(package.name);
    package.is_root = it != members.end();
    if (package.is_root && it->second != nullptr) apply_manifest_kinds(lock, i, *it->second);
  }
}

// Links `root` to the packages its manifest declares (by name; among several versions of a
// name, those the requirement admits). Returns false when the manifest declares nothing.
bool link_root_by_manifest(Lockfile& lock, std::uint32_t root, const Manifest& manifest) {
  std::vector<Edge> added;
  for (const manifest::Dependency& dependency : manifest.dependencies) {
    std::vector<std::uint32_t> candidates;
    std::string wanted = comparable_name(lock.ecosystem, dependency.name);
    for (std::uint32_t i = 0; i < lock.packages.size(); ++i)
      if (i != root && !lock.packages[i].is_root && comparable_name(lock.ecosystem, lock.packages[i].name) == wanted)
        candidates.push_back(i);
    if (candidates.size() > 1 && !dependency.requirement.empty()) {
      std::vector<std::uint32_t> satisfying;
      for (std::uint32_t i : candidates) {
        try {
          if (version::satisfies(lock.ecosystem, lock.packages[i].version, dependency.requirement))
            satisfying.push_back(i);
        } catch (const Error&) {
          // Requirement forms we cannot evaluate (git URLs, workspace:) keep every candidate.
        }
      }
      if (!satisfying.empty()) candidates = satisfying;
    }
    for (std::uint32_t i : candidates) added.push_back({root, i, dependency.kind});
  }
  lock.edges.insert(lock.edges.end(), added.begin(), added.end());
  return !added.empty();
}

// The directory (relative to the lockfile's) of a root the lockfile records, if it says.
std::optional<std::string> root_directory(const Lockfile& lock, const Package& root) {
  if (lock.format == "pnpm-lock.yaml" && root.source.empty()) return root.name;  // importer path
  if (starts_with(root.source, "file:")) return root.source.substr(5);           // package-lock
  if (starts_with(root.source, "workspace:")) return root.source.substr(10);     // yarn Berry
  if (lock.format == "uv.lock") return root.source;                              // editable / virtual
  return std::nullopt;
}

// Roots the lockfile records (pnpm importers, package-lock's project and workspaces, Berry
// workspaces, uv projects): their manifest names them, says which edges are dev (Berry merges
// devDependencies into dependencies), and links roots the lockfile left without edges
// (package-lock v1 records no direct dependencies).
void attach_root_manifests(Lockfile& lock, const std::string& dir, ManifestCache& manifests) {
  for (std::uint32_t i = 0; i < lock.packages.size(); ++i) {
    if (!lock.packages[i].is_root || lock.format == "Cargo.lock") continue;
    std::optional<std::string> relative = root_directory(lock, lock.packages[i]);
    if (!relative) continue;
    std::string root_dir =
        relative->empty() || *relative == "." ? dir : (dir.empty() ? *relative : dir + "/" + *relative);
    const Manifest* manifest = manifests.at(root_dir, manifest_file_for(lock.ecosystem));
    if (manifest == nullptr) continue;
    Package& root = lock.packages[i];
    if (lock.format == "pnpm-lock.yaml" && !manifest->name.empty()) {
      root.source = "importer:" + *relative;
      root.name = manifest->name;
      root.version = manifest->version;
    }
    bool has_edges = std::any_of(lock.edges.begin(), lock.edges.end(), [i](const Edge& e) { return e.from == i; });
    if (has_edges)
      apply_manifest_kinds(lock, i, *manifest);
    else
      link_root_by_manifest(lock, i, *manifest);
  }
}

// Formats that record no root (yarn v1, requirements.txt, Pipfile.lock, poetry.lock): add one
// synthetic root for the project and link it to the direct dependencies — those the manifest
// names, or failing a manifest, every package nothing else depends on.
void add_synthetic_root(Lockfile& lock, const std::string& dir, ManifestCache& manifests) {
  if (std::any_of(lock.packages.begin(), lock.packages.end(), [](const Package& p) { return p.is_root; })) return;
  const Manifest* manifest = manifests.at(dir, manifest_file_for(lock.ecosystem));
  Package root;
  root.ecosystem = lock.ecosystem;
  root.name = manifest != nullptr && !manifest->name.empty() ? manifest->name : (dir.empty() ? std::string(".") : dir);
  root.version = manifest != nullptr ? manifest->version : "";
  root.is_root = true;
  root.is_local = true;
  root.synthetic = true;
  root.source = "project:" + (dir.empty() ? std::string(".") : dir);
  auto root_index = static_cast<std::uint32_t>(lock.packages.size());
  std::vector<bool> has_incoming(lock.packages.size(), false);
  for (const Edge& edge : lock.edges) has_incoming[edge.to] = true;
  lock.packages.push_back(std::move(root));
  if (manifest != nullptr && link_root_by_manifest(lock, root_index, *manifest)) return;
  for (std::uint32_t i = 0; i < root_index; ++i) {
    if (has_incoming[i]) continue;
    bool dev = (lock.packages[i].flags & lockfile::kFlagDev) != 0;
    lock.edges.push_back({root_index, i, dev ? DepKind::Dev : DepKind::Normal});
  }
}

std::string parent_dir(const std::string& relative_path) {
  std::string parent = fs::path(relative_path).parent_path().generic_string();
  return parent;
}

}  // namespace

namespace {

// Whether `path` (as given) lies inside `root` once both are made absolute and normal. Symlinks
// are resolved (weakly_canonical) so that a link cannot lead an include out of the repository.
bool inside(const fs::path& root, const fs::path& path) {
  std::error_code error;
  fs::path base = fs::weakly_canonical(root, error);
  if (error) return false;
  fs::path target = fs::weakly_canonical(path, error);
  if (error) return false;
  auto mismatch = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  return mismatch.first == base.end();
}

// The `-r` files of a requirements lockfile that should be read next (relative to the scan
// directory when `relative`), with a warning for each include that is not followed.
std::vector<LockfileArg> requirements_includes(const Lockfile& lock, const std::string& full_path, bool relative,
                                               const std::string& dir, int depth, std::vector<Diagnostic>& out) {
  std::vector<LockfileArg> next;
  std::string content;
  try {
    content = read_file(full_path);
  } catch (const Error&) {
    return next;  // it was just read; a vanished file is not worth a second error
  }
  fs::path boundary = relative ? fs::path(dir) : fs::path(full_path).parent_path();
  if (boundary.empty()) boundary = ".";
  for (const lockfile::RequirementsInclude& include : lockfile::requirements_txt_references(full_path, content)) {
    auto warn = [&](const char* code, const std::string& why, std::string hint = {}) {
      out.push_back(lockfile::warning_at(lock.path, include.line, include.column, code,
                                         std::string(include.constraint ? "-c " : "-r ") + include.written + ": " + why,
                                         std::move(hint)));
    };
    // Includes tocsin will not follow by itself can still be read when named on the command line
    // (which replaces discovery, hence "the others").
    const std::string name_it = "to read it, name it and the other lockfiles with --lockfile requirements.txt:FILE";
    if (include.constraint) {
      warn("constraints-file",
           "a constraints file pins versions but installs nothing by itself; it is not read as packages");
      continue;
    }
    if (include.path.empty()) {
      warn("include-not-followed", "a URL include is not fetched (tocsin works offline); its packages are not listed",
           "download it; " + name_it);
      continue;
    }
    if (depth >= kMaxRequirementsIncludeDepth) {
      warn("include-not-followed",
           "not followed: includes nested deeper than " + std::to_string(kMaxRequirementsIncludeDepth) + " levels",
           name_it);
      continue;
    }
    if (!inside(boundary, include.path)) {
      warn("include-not-followed", "not followed: it lies outside " + boundary.generic_string(), name_it);
      continue;
    }
    std::error_code error;
    if (!fs::is_regular_file(include.path, error)) {
      warn("include-not-followed",
           fs::exists(include.path, error) ? "not followed: not a regular file" : "not followed: no such file");
      continue;
    }
    std::string as_given = include.path;
    if (relative) as_given = fs::relative(include.path, dir, error).generic_string();
    next.push_back({"requirements.txt", as_given});
  }
  return next;
}

}  // namespace

Inventory build_inventory(const std::string& dir, const std::vector<LockfileArg>& explicit_files) {
  Inventory inventory;
  inventory.root_dir = dir;
  std::vector<LockfileArg> targets = explicit_files;
  if (targets.empty()) {
    if (dir.empty()) throw Error("no directory and no lockfile given");
    Discovery found = discover(dir);
    for (std::string& relative : found.lockfiles) targets.push_back({"", std::move(relative)});
    inventory.warnings = std::move(found.warnings);
    inventory.unreadable = std::move(found.unreadable);
    if (targets.empty())
      inventory.warnings.push_back(lockfile::warning_at(
          dir, 0, 0, "no-lockfile", "no lockfile found: nothing was checked",
          "tocsin reads Cargo.lock, package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, poetry.lock, "
          "uv.lock, Pipfile.lock and requirements*.txt"));
  }
  // Lockfiles named by absolute path (or with no directory) find their manifests beside them.
  ManifestCache in_project(dir, inventory.manifests);
  ManifestCache elsewhere("", inventory.manifests);
  std::set<std::string> read_paths;  // normalised full paths, so an include is read once
  std::vector<Diagnostic> include_warnings;
  // Targets grow while requirements includes are found; depth[i] is the include depth of targets[i].
  std::vector<int> depth(targets.size(), 0);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const LockfileArg target = targets[t];
    const lockfile::Reader* reader = nullptr;
    if (!target.type.empty()) {
      reader = lockfile::reader_for_type(target.type);
      if (reader == nullptr) throw Error(target.path, 0, 0, "unknown lockfile type '" + target.type + "'");
    }
    bool relative = !dir.empty() && fs::path(target.path).is_relative();
    std::string full = relative ? (fs::path(dir) / target.path).string() : target.path;
    if (!read_paths.insert(fs::path(full).lexically_normal().string()).second) continue;
    Lockfile lock = lockfile::read_lockfile(full, reader);
    lock.path = relative ? fs::path(target.path).lexically_normal().generic_string() : target.path;
    for (Diagnostic& warning : lock.warnings) {
      warning.location.path = lock.path;
      inventory.warnings.push_back(warning);
    }
    if (lock.format == "requirements.txt") {
      for (LockfileArg& include : requirements_includes(lock, full, relative, dir, depth[t], include_warnings)) {
        targets.push_back(std::move(include));
        depth.push_back(depth[t] + 1);
      }
    }
    ManifestCache& manifests = relative ? in_project : elsewhere;
    std::string lock_dir = parent_dir(lock.path);
    if (lock.format == "Cargo.lock") attach_cargo(lock, lock_dir, manifests);
    attach_root_manifests(lock, lock_dir, manifests);
    add_synthetic_root(lock, lock_dir, manifests);
    inventory.lockfiles.push_back(std::move(lock));
  }
  inventory.warnings.insert(inventory.warnings.end(), include_warnings.begin(), include_warnings.end());
  // GitHub Actions `uses:` as packages (src/ci/): only when discovering, as a named lockfile
  // list means "these files only". Unreadable workflows are left to `tocsin ci audit`.
  if (explicit_files.empty())
    for (Lockfile& actions : ci::actions_lockfiles(ci::read_workflows(dir)))
      inventory.lockfiles.push_back(std::move(actions));
  compute_release_path(inventory);
  return inventory;
}

}  // namespace tocsin::inventory
