// uv.lock (version = 1, with an optional `revision`; uv before 0.3 wrote [[distribution]]).
//
//   [[package]] name, version, source = { registry | git | url | path | directory | editable |
//               virtual = "…" }, dependencies = [{ name, version?, source?, marker?, extra? }],
//               sdist = { hash }, wheels = [{ hash }]
//   [package.optional-dependencies] extra = [{ name … }]   -> Optional edges
//   [package.dev-dependencies] group = [{ name … }]        -> Dev edges (PEP 735 groups too)
//
// The project and workspace members (editable / virtual sources) are roots: is_root and
// is_local. A virtual root may have no version. Path and directory sources are is_local.
// The default registry https://pypi.org/simple is written as an empty source. When forks lock
// several versions of one name, uv writes the dependency's `version` (and `source`) to say
// which one; the edge goes to the package matching all that is written.
// integrity: the sdist hash then the wheel hashes, separated by spaces.
#include <map>

#include "core/error.h"
#include "lockfile/python_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

std::string string_or(const toml::table& table, std::string_view key) {
  if (auto value = table[key].value<std::string>()) return *value;
  return {};
}

struct Source {
  std::string text;
  bool is_local = false;
  bool is_root = false;
};

Source source_of(const toml::table* source) {
  Source out;
  if (source == nullptr) return out;
  if (auto registry = (*source)["registry"].value<std::string>()) {
    if (*registry != "https://pypi.org/simple" && *registry != "https://pypi.org/simple/") out.text = *registry;
    out.is_local = registry->find("://") == std::string::npos;
  } else if (auto git = (*source)["git"].value<std::string>()) {
    out.text = "git+" + *git;
  } else if (auto url = (*source)["url"].value<std::string>()) {
    out.text = *url;
  } else {
    for (std::string_view key : {"path", "directory", "editable", "virtual"}) {
      auto value = (*source)[key].value<std::string>();
      if (!value) continue;
      out.text = *value;
      out.is_local = true;
      out.is_root = key == "editable" || key == "virtual";
      break;
    }
  }
  return out;
}

void append_hash(std::string& out, const toml::node* entry) {
  const toml::table* table = entry != nullptr ? entry->as_table() : nullptr;
  if (table == nullptr) return;
  std::string hash = string_or(*table, "hash");
  if (hash.empty()) return;
  if (!out.empty()) out += ' ';
  out += hash;
}

class UvLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "uv.lock"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::PyPI; }

  Lockfile read(const std::string& path, std::string_view content) const override {
    toml::table document = parse_python_toml(path, content);
    Lockfile lockfile;
    lockfile.path = path;
    lockfile.format = "uv.lock";
    lockfile.ecosystem = Ecosystem::PyPI;
    if (auto version = document["version"].value<std::int64_t>()) lockfile.version = std::to_string(*version);
    if (auto revision = document["revision"].value<std::int64_t>())
      lockfile.version += " revision " + std::to_string(*revision);

    const toml::node* package_node = document.get("package");
    if (package_node == nullptr) package_node = document.get("distribution");
    if (package_node == nullptr) return lockfile;
    const toml::array* packages = package_node->as_array();
    if (packages == nullptr)
      throw Error(path, toml_line(*package_node), toml_column(*package_node), "expected [[package]] tables");

    std::vector<const toml::table*> tables;
    for (const toml::node& node : *packages) {
      const toml::table* table = node.as_table();
      if (table == nullptr) throw Error(path, toml_line(node), toml_column(node), "expected a [[package]] table");
      lockfile.packages.push_back(read_package(path, *table));
      tables.push_back(table);
    }
    std::multimap<std::string, std::uint32_t> by_name;
    for (std::uint32_t i = 0; i < lockfile.packages.size(); ++i) by_name.emplace(lockfile.packages[i].name, i);

    for (std::uint32_t from = 0; from < tables.size(); ++from) {
      const toml::table& table = *tables[from];
      add_edges(path, lockfile, by_name, from, table["dependencies"].as_array(), DepKind::Normal);
      for (std::string_view key : {"optional-dependencies", "dev-dependencies"}) {
        const toml::table* groups = table[key].as_table();
        if (groups == nullptr) continue;
        DepKind kind = key == "dev-dependencies" ? DepKind::Dev : DepKind::Optional;
        for (const auto& [group, list] : *groups) add_edges(path, lockfile, by_name, from, list.as_array(), kind);
      }
    }
    return lockfile;
  }

 private:
  static Package read_package(const std::string& path, const toml::table& table) {
    Package package = python_package_from_table(path, table);
    Source source = source_of(table["source"].as_table());
    package.source = std::move(source.text);
    package.is_local = source.is_local;
    package.is_root = source.is_root;
    auto version = table["version"].value<std::string>();
    if (version) {
      package.version = *version;
    } else if (!package.is_root) {
      throw Error(path, package.line, 1,
                  "expected version = \"…\" in [[package]] '" + *table["name"].value<std::string>() + "'");
    }
    append_hash(package.integrity, table.get("sdist"));
    if (const toml::array* wheels = table["wheels"].as_array())
      for (const toml::node& wheel : *wheels) append_hash(package.integrity, &wheel);
    return package;
  }

  static void add_edges(const std::string& path, Lockfile& lockfile,
                        const std::multimap<std::string, std::uint32_t>& by_name, std::uint32_t from,
                        const toml::array* dependencies, DepKind kind) {
    if (dependencies == nullptr) return;
    for (const toml::node& node : *dependencies) {
      const toml::table* dependency = node.as_table();
      auto name = dependency != nullptr ? (*dependency)["name"].value<std::string>() : std::nullopt;
      if (!name) throw Error(path, toml_line(node), toml_column(node), "expected a dependency table { name = \"…\" }");
      std::string version = string_or(*dependency, "version");
      const toml::table* source_table = (*dependency)["source"].as_table();
      std::string source = source_table != nullptr ? source_of(source_table).text : std::string();
      bool found = false;
      auto [first, last] = by_name.equal_range(normalize_python_name(*name));
      for (auto it = first; it != last; ++it) {
        const Package& target = lockfile.packages[it->second];
        if (!version.empty() && target.version != version) continue;
        if (source_table != nullptr && target.source != source) continue;
        lockfile.edges.push_back({from, it->second, kind});
        found = true;
      }
      if (!found)
        throw Error(path, toml_line(node), toml_column(node),
                    "dependency '" + *name + (version.empty() ? "" : " " + version) + "' is not a locked package");
    }
  }
};

}  // namespace

std::unique_ptr<Reader> make_uv_lock_reader() { return std::make_unique<UvLockReader>(); }

}  // namespace tocsin::lockfile
