#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "advisory/importer.h"
#include "advisory/parsers.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace {

// Inside a directory symbolic links are not followed; a file named on the command line may be one.
bool is_catalog(const std::filesystem::path& path, bool follow_link) {
  std::error_code error;
  if ((!follow_link && std::filesystem::is_symlink(path, error)) || !std::filesystem::is_regular_file(path, error) ||
      !ends_with(to_lower(path.string()), ".json"))
    return false;
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return looks_like_kev_catalog(head);
}

// The catalog files directly inside `dir` (symbolic links are not followed), sorted.
std::vector<std::string> catalogs_in(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (is_catalog(entry.path(), false)) found.push_back(entry.path().string());
  std::sort(found.begin(), found.end());
  return found;
}

class KevImporter : public Importer {
 public:
  std::string_view kind() const override { return "kev"; }

  // The catalog states its version in the first few hundred bytes; no need to parse it all. A
  // directory (a checkout of the catalog, with its schema, LICENSE, SNAPSHOT) is recognised by
  // the catalog file inside it.
  bool detects(const std::string& path) const override {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) return !catalogs_in(path).empty();
    return is_catalog(path, true);
  }

  void import(const std::string& requested, ImportSink& sink, const ImportOptions& options,
              ImportReport& report) const override {
    std::string path = requested;
    std::error_code error;
    if (std::filesystem::is_directory(requested, error)) {
      const std::vector<std::string> found = catalogs_in(requested);
      if (found.size() != 1)
        throw Error(requested, 0, 0,
                    found.empty() ? "no KEV catalog in this directory"
                                  : "several KEV catalogs in this directory; import one file");
      path = found.front();
      for (const auto& entry : std::filesystem::directory_iterator(requested, error))
        if (entry.path().string() != path) ++report.ignored_files;
      if (report.ignored_files != 0) report.ignored_note = "other files beside the catalog";
    }
    std::string content = read_file(path);
    KevCatalog catalog = parse_kev(path, content);
    report.bytes = content.size();
    report.snapshot = catalog.date_released.empty() ? catalog.catalog_version : catalog.date_released;
    for (const auto& entry : catalog.entries) sink.add_kev(entry);
    report.records = catalog.entries.size();
    if (catalog.declared_count != 0 && catalog.declared_count != catalog.entries.size())
      report.problem(Error(path, 0, 0,
                           "catalog declares count " + std::to_string(catalog.declared_count) + " but lists " +
                               std::to_string(catalog.entries.size()) + " vulnerabilities"),
                     options, "the listed entries were imported; the catalog may be truncated");
    if (options.progress) options.progress(1, 1);
  }
};

}  // namespace

bool looks_like_kev_catalog(std::string_view head) {
  // "catalogVersion" followed by ':' and a string: the catalog itself, not its JSON schema
  // (where the same key introduces an object).
  for (std::size_t at = head.find("\"catalogVersion\""); at != std::string_view::npos;
       at = head.find("\"catalogVersion\"", at + 1)) {
    std::size_t pos = at + 16;
    while (pos < head.size() && std::isspace(static_cast<unsigned char>(head[pos]))) ++pos;
    if (pos >= head.size() || head[pos] != ':') continue;
    ++pos;
    while (pos < head.size() && std::isspace(static_cast<unsigned char>(head[pos]))) ++pos;
    if (pos < head.size() && head[pos] == '"') return true;
  }
  return false;
}

std::unique_ptr<Importer> make_kev_importer() { return std::make_unique<KevImporter>(); }

}  // namespace tocsin::advisory
