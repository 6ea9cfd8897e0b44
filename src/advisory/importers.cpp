#include <filesystem>

#include "advisory/importer.h"

namespace tocsin::advisory {

void ImportReport::problem(const Error& error, const ImportOptions& options, std::string hint) {
  if (options.strict) throw error;
  diagnostics.push_back(diagnostic_from_error(error, tocsin::Severity::Warning, std::move(hint)));
}

const std::vector<std::unique_ptr<Importer>>& importers() {
  // Detection order matters: the specific layouts first, OSV (any JSON / zip / directory) last.
  static const std::vector<std::unique_ptr<Importer>> all = [] {
    std::vector<std::unique_ptr<Importer>> list;
    list.push_back(make_rustsec_importer());
    list.push_back(make_kev_importer());
    list.push_back(make_known_bad_importer());
    list.push_back(make_osv_importer());
    return list;
  }();
  return all;
}

const Importer* importer_for_kind(std::string_view kind) {
  for (const auto& importer : importers())
    if (importer->kind() == kind) return importer.get();
  return nullptr;
}

const Importer* detect_importer(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw Error(path, 0, 0, "no such file or directory");
  for (const auto& importer : importers())
    if (importer->detects(path)) return importer.get();
  throw Error(path, 0, 0,
              "not a recognized feed (expected a RustSec checkout with crates/, OSV JSON file, directory or "
              "all.zip, a KEV catalog JSON, or a known-bad .txt list)");
}

}  // namespace tocsin::advisory
