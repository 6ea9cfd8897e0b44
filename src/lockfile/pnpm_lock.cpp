// pnpm-lock.yaml, lockfile versions 5.x (pnpm 5-7), 6.x (pnpm 8) and 9.x (pnpm 9-10).
//
// Model (chosen for vulnerability matching, which needs name and version):
//   - one Package per distinct (name, version, source). The peer variants of a package
//     ("/foo/1.0.0_react@17", "foo@1.0.0(react@18)") are one Package; their edges are merged.
//     A variant's flags count only when every variant has them (dev only if all variants are).
//   - every importer ("." for a single project, "apps/web" in a workspace) is a root Package
//     named by its path (version empty, is_root and is_local); its dependencies,
//     devDependencies and optionalDependencies become Normal/Dev/Optional edges.
//   - "link:" references from an importer point to the importer at that path, or to a local
//     Package (source "link:<path>") when the lockfile has no such importer.
//   - edges from a package: `dependencies` (Peer when the name is also in the package's
//     `peerDependencies`, else Normal) and `optionalDependencies` (Optional). In 9.x they come
//     from `snapshots`, in 5.x/6.x from the `packages` entries.
//   - Package::alias is set when every reference to a package uses another name (npm: aliases).
//   - Package::line is the line of the key under `packages:`.
// A file that starts with an env-lockfile document (pnpm 10: "---" env document "---" main
// document): the main document is the project's graph; the env document's packages (the
// package manager itself, e.g. @pnpm/exe.linux-x64, and config dependencies) run in every
// install, so they are listed too, under a root "env:<importer>" with Build edges.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/pnpm_keys.h"
#include "lockfile/pnpm_yaml.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

using pnpm::KeyStyle;
using pnpm::YamlEntry;
using pnpm::YamlKind;
using pnpm::YamlNode;

constexpr std::string_view kSupported = "5.x (pnpm 5-7), 6.x (pnpm 8) and 9.x (pnpm 9-10)";

std::string_view kind_name(YamlKind kind) {
  switch (kind) {
    case YamlKind::Null: return "nothing";
    case YamlKind::Scalar: return "a scalar";
    case YamlKind::Map: return "a mapping";
    case YamlKind::Seq: return "a sequence";
  }
  return "nothing";
}

std::string_view expected_key_form(KeyStyle style) {
  switch (style) {
    case KeyStyle::Slash: return "/name/1.2.3 or /@scope/name/1.2.3_peers";
    case KeyStyle::LeadAt: return "/name@1.2.3 or /@scope/name@1.2.3(peers)";
    case KeyStyle::BareAt: return "name@1.2.3 or @scope/name@1.2.3(peers)";
  }
  return "";
}

// "apps/web" + "../../packages/ui" -> "packages/ui"; "." for the workspace root.
std::string join_workspace_path(std::string_view base, std::string_view relative) {
  std::vector<std::string_view> parts;
  auto push = [&parts](std::string_view path) {
    for (std::string_view part : split(path, '/')) {
      if (part.empty() || part == ".") continue;
      if (part == ".." && !parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else {
        parts.push_back(part);
      }
    }
  };
  if (relative.empty() || relative[0] != '/') push(base);
  push(relative);
  std::string joined;
  for (std::string_view part : parts) {
    if (!joined.empty()) joined += '/';
    joined += part;
  }
  return joined.empty() ? "." : joined;
}

std::uint8_t read_flags(const YamlNode& entry) {
  std::uint8_t flags = 0;
  if (entry.scalar_of("dev") == "true") flags |= kFlagDev;
  if (entry.scalar_of("optional") == "true") flags |= kFlagOptional;
  return flags;
}

class Builder {
 public:
  // `out` may already hold the packages of another document (pnpm 10's env lockfile): the
  // per-package state below is indexed like out.packages, and leaves those packages alone.
  Builder(const std::string& path, KeyStyle style, Lockfile& out) : path_(path), style_(style), out_(out) {
    named_directly_.assign(out.packages.size(), true);
    alias_.resize(out.packages.size());
    flags_seen_.assign(out.packages.size(), true);
  }

  void add_importer(const std::string& importer_path, const YamlEntry* entry, int line, std::string source = "") {
    Package root;
    root.name = source.empty() ? importer_path : source + ":" + importer_path;
    root.source = std::move(source);
    root.line = entry != nullptr ? entry->line : line;
    root.is_root = true;
    root.is_local = true;
    importer_index_[importer_path] = add(std::move(root));
  }

  // Registers the packages of a `packages:` mapping. 9.x entries hold metadata only.
  void add_packages(const YamlNode& packages, bool entries_hold_flags) {
    for (const YamlEntry& entry : packages.entries) {
      const YamlNode& details = expect_map(entry, "package details");
      std::uint32_t index = add_package_entry(entry, details);
      if (entries_hold_flags) merge_flags(index, read_flags(details));
      metadata_by_id_.emplace(std::string(pnpm::package_id(entry.key, style_)), &details);
    }
  }

  // 9.x: snapshots hold the edges and flags of each peer variant.
  void add_snapshots(const YamlNode& snapshots) {
    for (const YamlEntry& entry : snapshots.entries) {
      const YamlNode& details = expect_map(entry, "snapshot details");
      std::uint32_t index = lookup(entry.key);
      if (index == kNone) index = add_package_entry(entry, YamlNode{});
      merge_flags(index, read_flags(details));
      add_package_edges(index, entry.key, details);
    }
  }

  // 5.x/6.x: the `packages` entries hold the edges.
  void add_package_edges_from(const YamlNode& packages) {
    for (const YamlEntry& entry : packages.entries) add_package_edges(lookup(entry.key), entry.key, entry.value);
  }

  void add_importer_edges(const std::string& importer_path, const YamlNode& importer) {
    std::uint32_t from = importer_index_.at(importer_path);
    add_importer_section(from, importer_path, importer.find("dependencies"), DepKind::Normal);
    add_importer_section(from, importer_path, importer.find("devDependencies"), DepKind::Dev);
    add_importer_section(from, importer_path, importer.find("optionalDependencies"), DepKind::Optional);
    // pnpm 10's env lockfile: the package manager itself and config dependencies. They run in
    // every install (CI included) but are not part of what the project ships: Build.
    add_importer_section(from, importer_path, importer.find("packageManagerDependencies"), DepKind::Build);
    add_importer_section(from, importer_path, importer.find("configDependencies"), DepKind::Build);
  }

  void finish() {
    for (std::size_t i = 0; i < out_.packages.size(); ++i)
      if (!named_directly_[i] && !alias_[i].empty()) out_.packages[i].alias = alias_[i];
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  const YamlNode& expect_map(const YamlEntry& entry, std::string_view what) {
    if (entry.value.is_map()) return entry.value;
    if (entry.value.kind == YamlKind::Null) return empty_;
    throw Error(path_, entry.value.line, entry.value.column,
                "expected " + std::string(what) + " (a mapping) for '" + entry.key + "', found " +
                    std::string(kind_name(entry.value.kind)));
  }

  std::uint32_t add(Package package) {
    out_.packages.push_back(std::move(package));
    named_directly_.push_back(false);
    alias_.emplace_back();
    flags_seen_.push_back(false);
    return static_cast<std::uint32_t>(out_.packages.size() - 1);
  }

  std::uint32_t add_package_entry(const YamlEntry& entry, const YamlNode& details) {
    std::optional<pnpm::DepPath> parsed = pnpm::parse_dep_path(entry.key, style_);
    Package package;
    if (parsed) {
      package.name = std::string(parsed->name);
      package.version = std::string(parsed->version);
    }
    // Non-registry entries (git, tarball, directory) name themselves.
    if (std::string_view name = details.scalar_of("name"); !name.empty()) package.name = std::string(name);
    if (std::string_view version = details.scalar_of("version"); !version.empty())
      package.version = std::string(version);
    std::string_view id = pnpm::package_id(entry.key, style_);
    bool local_key = starts_with(id, "file:") || starts_with(id, "link:");
    if (local_key && package.name.empty()) {
      // A directory or tarball dependency always names itself in pnpm's own files; a hand-edited
      // entry without `name` is still listed (local, never matched against a registry), by the
      // last segment of its path.
      std::string_view target = id.substr(5);
      while (!target.empty() && target.back() == '/') target.remove_suffix(1);
      std::size_t slash = target.rfind('/');
      package.name = std::string(slash == std::string_view::npos ? target : target.substr(slash + 1));
      out_.warnings.push_back(
          warning_at(path_, entry.line, entry.column, "local-package-unnamed",
                     "local package '" + entry.key + "' has no 'name' field; listed as '" + package.name + "'",
                     "expected a 'name' field, which pnpm writes for every directory or tarball package"));
    }
    if (package.name.empty() || (package.version.empty() && !local_key))
      throw Error(path_, entry.line, entry.column,
                  "cannot read package key '" + entry.key + "': expected " + std::string(expected_key_form(style_)) +
                      ", or 'name' and 'version' fields in the entry");
    package.line = entry.line;
    read_resolution(details, package);
    if (local_key) package.is_local = true;
    if (starts_with(id, "file:") || starts_with(package.version, "file:") || starts_with(package.version, "link:"))
      package.is_local = true;

    std::string identity = package.name + '\0' + package.version + '\0' + package.source;
    auto [it, inserted] = by_identity_.emplace(std::move(identity), kNone);
    if (inserted) it->second = add(std::move(package));
    by_key_.emplace(std::string(id), it->second);
    std::string_view raw = entry.key;
    if (!raw.empty() && raw[0] == '/') raw.remove_prefix(1);
    by_key_.emplace(std::string(raw), it->second);
    return it->second;
  }

  void read_resolution(const YamlNode& details, Package& package) {
    const YamlNode* resolution = details.find("resolution");
    if (resolution == nullptr || !resolution->is_map()) return;
    package.integrity = std::string(resolution->scalar_of("integrity"));
    std::string_view type = resolution->scalar_of("type");
    if (type == "git") {
      std::string_view repo = resolution->scalar_of("repo");
      package.source = (starts_with(repo, "git+") ? "" : "git+") + std::string(repo) + "#" +
                       std::string(resolution->scalar_of("commit"));
    } else if (std::string_view directory = resolution->scalar_of("directory"); !directory.empty()) {
      package.source = "file:" + std::string(directory);
      package.is_local = true;
    } else if (std::string_view tarball = resolution->scalar_of("tarball"); !tarball.empty()) {
      package.source = std::string(tarball);
      if (starts_with(tarball, "file:")) package.is_local = true;
    }
  }

  void merge_flags(std::uint32_t index, std::uint8_t flags) {
    Package& package = out_.packages[index];
    package.flags = flags_seen_[index] ? static_cast<std::uint8_t>(package.flags & flags) : flags;
    flags_seen_[index] = true;
  }

  std::uint32_t lookup(std::string_view key) const {
    std::string_view raw = key;
    if (!raw.empty() && raw[0] == '/') raw.remove_prefix(1);
    if (auto it = by_key_.find(std::string(raw)); it != by_key_.end()) return it->second;
    if (auto it = by_key_.find(std::string(pnpm::package_id(key, style_))); it != by_key_.end()) return it->second;
    return kNone;
  }

  void add_package_edges(std::uint32_t from, std::string_view key, const YamlNode& details) {
    const YamlNode* metadata = &details;
    if (style_ == KeyStyle::BareAt) {
      auto it = metadata_by_id_.find(std::string(pnpm::package_id(key, style_)));
      metadata = it != metadata_by_id_.end() ? it->second : &empty_;
    }
    const YamlNode* peers = metadata->find("peerDependencies");
    if (const YamlNode* deps = details.find("dependencies"); deps != nullptr && deps->is_map()) {
      for (const YamlEntry& dep : deps->entries) {
        bool peer = peers != nullptr && peers->find(dep.key) != nullptr;
        add_reference(from, ".", dep, dep.value, peer ? DepKind::Peer : DepKind::Normal, false);
      }
    }
    if (const YamlNode* deps = details.find("optionalDependencies"); deps != nullptr && deps->is_map())
      for (const YamlEntry& dep : deps->entries) add_reference(from, ".", dep, dep.value, DepKind::Optional, false);
  }

  void add_importer_section(std::uint32_t from, const std::string& importer_path, const YamlNode* section,
                            DepKind kind) {
    if (section == nullptr || !section->is_map()) return;
    for (const YamlEntry& dep : section->entries) {
      // 5.x: "name: 1.2.3"; 6.x, 9.x and 5.4-inlineSpecifiers: "name: {specifier, version}".
      const YamlNode* reference = dep.value.is_map() ? dep.value.find("version") : &dep.value;
      if (reference == nullptr) throw Error(path_, dep.line, dep.column, "dependency '" + dep.key + "' has no version");
      add_reference(from, importer_path, dep, *reference, kind, true);
    }
  }

  void add_reference(std::uint32_t from, const std::string& base, const YamlEntry& dep, const YamlNode& reference,
                     DepKind kind, bool from_importer) {
    if (!reference.is_scalar())
      throw Error(
          path_, reference.line, reference.column,
          "expected a version for dependency '" + dep.key + "', found " + std::string(kind_name(reference.kind)));
    std::string_view ref = reference.scalar;
    if (starts_with(ref, "link:")) {
      // A link from a package (not an importer) is relative to a directory the lockfile does not record.
      if (from_importer) add_edge(from, link_target(dep.key, join_workspace_path(base, ref.substr(5)), dep), kind);
      return;
    }
    std::string key = pnpm::ref_to_dep_path(ref, dep.key, style_);
    std::uint32_t to = lookup(key);
    // An importer's `file:./x` names the key pnpm writes as `file:x`.
    if (to == kNone && starts_with(key, "file:./")) to = lookup("file:" + key.substr(7));
    if (to == kNone) to = add_dangling(dep, reference, key);
    if (to == kNone) return;
    if (out_.packages[to].name == dep.key) {
      named_directly_[to] = true;
    } else if (alias_[to].empty()) {
      alias_[to] = dep.key;
    }
    add_edge(from, to, kind);
  }

  // A reference to a key that `packages:`/`snapshots:` lack (a hand-trimmed or badly merged
  // lockfile). pnpm would fail to install; a scanner must not hide what the reference names, so
  // the package is listed from the key itself (at the reference's line) with a warning, and
  // the rest of the file is read as usual. A key that names no version is only warned about.
  std::uint32_t add_dangling(const YamlEntry& dep, const YamlNode& reference, const std::string& key) {
    std::optional<pnpm::DepPath> parsed = pnpm::parse_dep_path(key, style_);
    bool listed = parsed && !parsed->name.empty() && !parsed->version.empty();
    out_.warnings.push_back(warning_at(path_, reference.line, reference.column, "dangling-dependency",
                                       "dependency '" + dep.key + "' resolves to '" + key +
                                           "', which has no entry under packages:" +
                                           (listed ? "; listed from the reference, without integrity or dependencies"
                                                   : "; it names no version and is left out"),
                                       "expected a '" + key +
                                           "' entry under packages: (a hand-trimmed or badly merged lockfile); "
                                           "`pnpm install` writes it again"));
    if (!listed) return kNone;
    if (auto it = dangling_.find(key); it != dangling_.end()) return it->second;
    Package package;
    package.name = std::string(parsed->name);
    package.version = std::string(parsed->version);
    package.line = reference.line;
    std::uint32_t index = add(std::move(package));
    dangling_.emplace(key, index);
    return index;
  }

  std::uint32_t link_target(const std::string& name, const std::string& target, const YamlEntry& dep) {
    if (auto it = importer_index_.find(target); it != importer_index_.end()) return it->second;
    if (auto it = link_index_.find(target); it != link_index_.end()) return it->second;
    Package local;
    local.name = name;
    local.source = "link:" + target;
    local.line = dep.line;
    local.is_local = true;
    std::uint32_t index = add(std::move(local));
    named_directly_[index] = true;
    link_index_.emplace(target, index);
    return index;
  }

  void add_edge(std::uint32_t from, std::uint32_t to, DepKind kind) {
    std::uint64_t pair = (static_cast<std::uint64_t>(from) << 32) | to;
    std::uint8_t bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(kind));
    std::uint8_t& seen = edge_kinds_[pair];
    if (seen & bit) return;
    seen |= bit;
    out_.edges.push_back(Edge{from, to, kind});
  }

  const std::string& path_;
  KeyStyle style_;
  Lockfile& out_;
  YamlNode empty_{YamlKind::Map};
  std::unordered_map<std::string, std::uint32_t> by_identity_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  std::unordered_map<std::string, const YamlNode*> metadata_by_id_;
  std::unordered_map<std::string, std::uint32_t> importer_index_;
  std::unordered_map<std::string, std::uint32_t> link_index_;
  std::unordered_map<std::string, std::uint32_t> dangling_;
  std::unordered_map<std::uint64_t, std::uint8_t> edge_kinds_;
  std::vector<bool> named_directly_;
  std::vector<std::string> alias_;
  std::vector<bool> flags_seen_;
};

// The main document: the only one, or (env lockfile first) the last that has lockfileVersion.
const YamlNode& main_document(const std::string& path, const std::vector<YamlNode>& documents) {
  if (documents.empty()) throw Error(path, 1, 1, "empty pnpm-lock.yaml: expected 'lockfileVersion' and packages");
  for (auto it = documents.rbegin(); it != documents.rend(); ++it)
    if (it->is_map() && it->find("lockfileVersion") != nullptr) return *it;
  return documents.back();
}

KeyStyle key_style(const std::string& path, const YamlNode& document) {
  const YamlNode* version = document.find("lockfileVersion");
  if (version == nullptr)
    throw Error(path, document.line, document.column, "missing 'lockfileVersion': is this a pnpm-lock.yaml?");
  std::string_view text = version->is_scalar() ? std::string_view(version->scalar) : std::string_view();
  std::string_view major = text.substr(0, text.find('.'));
  if (major == "5") return KeyStyle::Slash;
  if (major == "6") return KeyStyle::LeadAt;
  if (major == "9") return KeyStyle::BareAt;
  throw Error(path, version->line, version->column,
              "unsupported lockfileVersion '" + std::string(text) + "'; supported: " + std::string(kSupported));
}

class PnpmLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "pnpm-lock.yaml"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::Npm; }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content); line != 0)
      throw Error(path, line, 1,
                  "git merge conflict marker: resolve the conflict (or run `pnpm install`, which merges "
                  "conflicted lockfiles) before reading pnpm-lock.yaml");
    std::vector<YamlNode> documents = pnpm::parse_pnpm_yaml(path, content);
    const YamlNode& document = main_document(path, documents);
    if (!document.is_map())
      throw Error(path, document.line, document.column,
                  "expected a mapping with 'lockfileVersion' at the top of pnpm-lock.yaml, found " +
                      std::string(kind_name(document.kind)));
    KeyStyle style = key_style(path, document);

    Lockfile lockfile;
    lockfile.path = path;
    lockfile.format = "pnpm-lock.yaml";
    lockfile.version = document.scalar_of("lockfileVersion");
    lockfile.ecosystem = Ecosystem::Npm;
    // pnpm 10 writes the env lockfile (the package manager and config dependencies, which run
    // in every install) as a document before the main one: its packages are listed too, under a
    // root of their own ("env:."), reached through Build edges.
    for (const YamlNode& other : documents)
      if (&other != &document && other.is_map() && other.find("lockfileVersion") != nullptr)
        read_document(path, other, key_style(path, other), lockfile, "env");
    read_document(path, document, style, lockfile, "");
    return lockfile;
  }

 private:
  static void read_document(const std::string& path, const YamlNode& document, KeyStyle style, Lockfile& lockfile,
                            const std::string& root_source) {
    Builder builder(path, style, lockfile);

    // Importers first, so that link: references find them.
    const YamlNode* importers = document.find("importers");
    if (importers != nullptr && importers->is_map()) {
      for (const YamlEntry& importer : importers->entries)
        builder.add_importer(importer.key, &importer, 0, root_source);
    } else {
      builder.add_importer(".", nullptr, document.line, root_source);
    }

    const YamlNode* packages = document.find("packages");
    if (packages != nullptr && packages->is_map()) builder.add_packages(*packages, style != KeyStyle::BareAt);
    const YamlNode* snapshots = document.find("snapshots");
    if (style == KeyStyle::BareAt && snapshots != nullptr && snapshots->is_map()) builder.add_snapshots(*snapshots);
    if (style != KeyStyle::BareAt && packages != nullptr && packages->is_map())
      builder.add_package_edges_from(*packages);

    if (importers != nullptr && importers->is_map()) {
      for (const YamlEntry& importer : importers->entries)
        if (importer.value.is_map()) builder.add_importer_edges(importer.key, importer.value);
    } else {
      builder.add_importer_edges(".", document);
    }
    builder.finish();
  }
};

}  // namespace

std::unique_ptr<Reader> make_pnpm_lock_reader() { return std::make_unique<PnpmLockReader>(); }

}  // namespace tocsin::lockfile
