// Pipfile.lock (pipenv; JSON, _meta.pipfile-spec 6 in current pipenv).
//
//   { "_meta": { "hash": {…}, "pipfile-spec": 6, "sources": [{ "name", "url" }] },
//     "default": { "name": { "version": "==1.2.3", "hashes": […], "markers": "…",
//                            "index": "pypi" } | { "git": URL, "ref": … } | { "path": "." } },
//     "develop": { … same … } }
//
// A package only in "develop" gets kFlagDev; one in both sections at the same version is
// recorded once, from "default", without it; pinned differently in the two, both are recorded
// (the develop one with kFlagDev): which one an environment gets depends on how pipenv is run
// (`pipenv sync` vs `pipenv sync --dev`), so both are scanned. Versions lose their "==" ("===" too); an entry with no
// version (git, path, editable) has an empty one. A non-default index is recorded as its URL from _meta.sources. Lines
// come from the raw text: the JSON DOM (core/json_dom.h) does not keep positions, so the text is scanned once for the
// keys of the two sections. No edges (the format records none) and no roots.
#include <map>
#include <set>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "lockfile/json_input.h"
#include "lockfile/python_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

// Offsets of the keys directly inside the top-level "default" and "develop" objects, found by
// one pass over already validated JSON. Keys are compared as written (no unescaping), which is
// what pipenv writes for package names.
std::map<std::string, std::map<std::string, std::size_t, std::less<>>, std::less<>> section_key_offsets(
    std::string_view text) {
  std::map<std::string, std::map<std::string, std::size_t, std::less<>>, std::less<>> offsets;
  int depth = 0;
  std::string section;  // the top-level key whose value we are in
  std::string last_string;
  std::size_t last_string_at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::size_t start = i + 1;
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      last_string = std::string(text.substr(start, std::min(i, text.size()) - start));
      last_string_at = start - 1;
    } else if (c == ':') {
      if (depth == 1) {
        section = last_string;
        offsets[""][last_string] = last_string_at;
      }
      if (depth == 2 && (section == "default" || section == "develop")) offsets[section][last_string] = last_string_at;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return offsets;
}

std::string strip_equals(std::string_view version) {
  if (starts_with(version, "===")) return std::string(version.substr(3));
  if (starts_with(version, "==")) return std::string(version.substr(2));
  return std::string(version);
}

class PipfileLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "Pipfile.lock"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::PyPI; }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content); line != 0)
      throw Error(path, line, 1, "git merge-conflict marker; resolve the conflict and run pipenv lock");
    // Python's json (pipenv) keeps the last of duplicate keys; a byte order mark is refused by
    // json.loads on a str, so it stays an error here too.
    PreparedJson prepared = prepare_json(path, content, "pipenv (Python json)", false);
    content = prepared.text;
    JsonDocument document(path, content);
    json::object root;
    if (document.root().get_object().get(root)) throw Error(path, 1, 1, "expected a JSON object");
    Lockfile lockfile;
    lockfile.path = path;
    lockfile.format = "Pipfile.lock";
    lockfile.ecosystem = Ecosystem::PyPI;
    lockfile.warnings = std::move(prepared.warnings);

    std::map<std::string, std::string, std::less<>> index_urls;
    json::object meta;
    if (!root["_meta"].get_object().get(meta)) {
      std::int64_t spec = 0;
      if (!meta["pipfile-spec"].get_int64().get(spec)) lockfile.version = std::to_string(spec);
      json::array sources;
      if (!meta["sources"].get_array().get(sources))
        for (json::element source : sources)
          index_urls[std::string(json_string(source, "name"))] = std::string(json_string(source, "url"));
    }

    LineIndex lines(content);
    auto offsets = section_key_offsets(content);
    std::map<std::string, std::string> in_default;  // name -> version
    for (std::string_view section : {"default", "develop"}) {
      json::element value;
      if (root[section].get(value)) continue;
      json::object packages;
      if (value.get_object().get(packages))
        throw Error(path, line_of(lines, offsets, "", section), 1,
                    "expected \"" + std::string(section) + "\" to be an object");
      for (auto [raw_name, entry] : packages) {
        int line = line_of(lines, offsets, section, raw_name);
        if (!is_valid_python_name(raw_name))
          throw Error(path, line, 1, "invalid package name '" + std::string(raw_name) + "'");
        if (!entry.is_object())
          throw Error(path, line, 1, "expected an object for package '" + std::string(raw_name) + "'");
        std::string name = normalize_python_name(raw_name);
        Package package = read_package(name, entry, index_urls, line, section == "develop");
        if (section == "default") {
          in_default.emplace(name, package.version);
        } else if (auto it = in_default.find(name); it != in_default.end() && it->second == package.version) {
          continue;
        }
        lockfile.packages.push_back(std::move(package));
      }
    }
    return lockfile;
  }

 private:
  template <typename Offsets>
  static int line_of(const LineIndex& lines, const Offsets& offsets, std::string_view section, std::string_view key) {
    auto in_section = offsets.find(section);
    if (in_section == offsets.end()) return 0;
    auto it = in_section->second.find(key);
    return it == in_section->second.end() ? 0 : lines.line_of(it->second);
  }

  static Package read_package(const std::string& name, json::element entry,
                              const std::map<std::string, std::string, std::less<>>& index_urls, int line, bool dev) {
    Package package;
    package.ecosystem = Ecosystem::PyPI;
    package.name = name;
    package.line = line;
    package.flags = dev ? kFlagDev : 0;
    package.version = strip_equals(json_string(entry, "version"));
    json::array hashes;
    if (!entry["hashes"].get_array().get(hashes)) {
      for (json::element hash : hashes) {
        std::string_view text;
        if (hash.get_string().get(text)) continue;
        if (!package.integrity.empty()) package.integrity += ' ';
        package.integrity.append(text);
      }
    }
    if (std::string_view git = json_string(entry, "git"); !git.empty()) {
      std::string_view ref = json_string(entry, "ref");
      package.source =
          (starts_with(git, "git+") ? "" : "git+") + std::string(git) + (ref.empty() ? "" : "#" + std::string(ref));
    } else if (std::string_view local = json_string(entry, "path"); !local.empty()) {
      package.source = std::string(local);
      package.is_local = true;
    } else if (std::string_view file = json_string(entry, "file"); !file.empty()) {
      package.source = std::string(file);
      package.is_local = starts_with(file, "file:") || file.find("://") == std::string_view::npos;
    } else if (std::string_view index = json_string(entry, "index"); !index.empty() && index != "pypi") {
      auto it = index_urls.find(index);
      package.source = it != index_urls.end() && !it->second.empty() ? it->second : std::string(index);
      if (package.source == "https://pypi.org/simple" || package.source == "https://pypi.org/simple/")
        package.source.clear();
    }
    return package;
  }
};

}  // namespace

std::unique_ptr<Reader> make_pipfile_lock_reader() { return std::make_unique<PipfileLockReader>(); }

}  // namespace tocsin::lockfile
