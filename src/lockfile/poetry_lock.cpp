// poetry.lock (lock-version 1.x and 2.x).
//
//   [[package]] name, version, optional, category ("main"/"dev", poetry < 1.2),
//               groups = ["main", "dev"] (lock-version 2.1), files = [{file, hash}] (lock 2.0+)
//   [package.source] type = git/directory/file/url/legacy, url, reference, resolved_reference
//   [package.dependencies] name = "constraint" | {version, optional, markers} | [{…}, {…}]
//   [metadata] lock-version; [metadata.files] name = [{file, hash}] (lock-version 1.x)
//
// category "dev", or groups without "main", sets kFlagDev; optional = true sets kFlagOptional.
// Dependencies become edges to every locked package of that normalized name (poetry may lock
// several versions of one name under different markers, and the lock does not say which one a
// dependent gets); a dependency declared optional = true (only pulled in by an extra) is an
// Optional edge. Dependencies not in the lock (excluded by markers) give no edge.
// Git sources are written "git+URL#resolved_reference"; directory and file sources are is_local.
#include <map>

#include "core/error.h"
#include "lockfile/python_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

std::string string_or(const toml::table& table, std::string_view key, std::string fallback = {}) {
  if (auto value = table[key].value<std::string>()) return *value;
  return fallback;
}

// Joins the hashes of a [{file, hash}] array with spaces.
std::string hashes_of(const toml::array* files) {
  std::string out;
  if (files == nullptr) return out;
  for (const toml::node& file : *files) {
    const toml::table* entry = file.as_table();
    if (entry == nullptr) continue;
    std::string hash = string_or(*entry, "hash");
    if (hash.empty()) continue;
    if (!out.empty()) out += ' ';
    out += hash;
  }
  return out;
}

std::string source_of(const toml::table& source, bool& is_local) {
  std::string type = string_or(source, "type");
  std::string url = string_or(source, "url");
  if (type == "git") {
    std::string reference = string_or(source, "resolved_reference", string_or(source, "reference"));
    return "git+" + url + (reference.empty() ? "" : "#" + reference);
  }
  is_local = type == "directory" || type == "file";
  return url;
}

bool dependency_is_optional(const toml::node& spec) {
  auto optional_entry = [](const toml::node& entry) {
    const toml::table* table = entry.as_table();
    return table != nullptr && (*table)["optional"].value_or(false);
  };
  if (const toml::array* alternatives = spec.as_array()) {
    if (alternatives->empty()) return false;
    for (const toml::node& entry : *alternatives)
      if (!optional_entry(entry)) return false;
    return true;
  }
  return optional_entry(spec);
}

class PoetryLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "poetry.lock"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::PyPI; }

  Lockfile read(const std::string& path, std::string_view content) const override {
    toml::table document = parse_python_toml(path, content);
    Lockfile lockfile;
    lockfile.path = path;
    lockfile.format = "poetry.lock";
    lockfile.ecosystem = Ecosystem::PyPI;
    const toml::table* metadata = document["metadata"].as_table();
    if (metadata != nullptr) lockfile.version = string_or(*metadata, "lock-version");
    const toml::table* legacy_files = metadata != nullptr ? (*metadata)["files"].as_table() : nullptr;
    std::map<std::string, std::string> legacy_hashes;
    if (legacy_files != nullptr)
      for (const auto& [name, files] : *legacy_files)
        legacy_hashes[normalize_python_name(name.str())] = hashes_of(files.as_array());

    const toml::node* package_node = document.get("package");
    if (package_node == nullptr) return lockfile;
    const toml::array* packages = package_node->as_array();
    if (packages == nullptr)
      throw Error(path, toml_line(*package_node), toml_column(*package_node), "expected [[package]] tables");

    std::multimap<std::string, std::uint32_t> by_name;
    std::vector<const toml::table*> tables;
    for (const toml::node& node : *packages) {
      const toml::table* table = node.as_table();
      if (table == nullptr) throw Error(path, toml_line(node), toml_column(node), "expected a [[package]] table");
      Package package = read_package(path, *table);
      if (package.integrity.empty())
        if (auto it = legacy_hashes.find(package.name); it != legacy_hashes.end()) package.integrity = it->second;
      by_name.emplace(package.name, static_cast<std::uint32_t>(lockfile.packages.size()));
      lockfile.packages.push_back(std::move(package));
      tables.push_back(table);
    }
    for (std::uint32_t from = 0; from < tables.size(); ++from) {
      const toml::table* dependencies = (*tables[from])["dependencies"].as_table();
      if (dependencies == nullptr) continue;
      for (const auto& [name, spec] : *dependencies) {
        DepKind kind = dependency_is_optional(spec) ? DepKind::Optional : DepKind::Normal;
        auto [first, last] = by_name.equal_range(normalize_python_name(name.str()));
        for (auto it = first; it != last; ++it) lockfile.edges.push_back({from, it->second, kind});
      }
    }
    return lockfile;
  }

 private:
  static Package read_package(const std::string& path, const toml::table& table) {
    Package package = python_package_from_table(path, table);
    auto version = table["version"].value<std::string>();
    if (!version)
      throw Error(path, package.line, 1,
                  "expected version = \"…\" in [[package]] '" + *table["name"].value<std::string>() + "'");
    package.version = *version;
    if (const toml::table* source = table["source"].as_table()) package.source = source_of(*source, package.is_local);
    package.integrity = hashes_of(table["files"].as_array());
    if (string_or(table, "category") == "dev") package.flags |= kFlagDev;
    if (const toml::array* groups = table["groups"].as_array()) {
      bool main = false;
      for (const toml::node& group : *groups) main = main || group.value_or(std::string_view{}) == "main";
      if (!main && !groups->empty()) package.flags |= kFlagDev;
    }
    if (table["optional"].value_or(false)) package.flags |= kFlagOptional;
    return package;
  }
};

}  // namespace

std::unique_ptr<Reader> make_poetry_lock_reader() { return std::make_unique<PoetryLockReader>(); }

}  // namespace tocsin::lockfile
