#include <filesystem>
#include <fstream>

#include "advisory/importer.h"
#include "advisory/parsers.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace {

class KevImporter : public Importer {
 public:
  std::string_view kind() const override { return "kev"; }

  // The catalog states its version in the first few hundred bytes; no need to parse it all.
  bool detects(const std::string& path) const override {
    if (!std::filesystem::is_regular_file(path) || !ends_with(to_lower(path), ".json")) return false;
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("\"catalogVersion\"") != std::string::npos;
  }

  void import(const std::string& path, ImportSink& sink, const ImportOptions& options,
              ImportReport& report) const override {
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
                     options);
    if (options.progress) options.progress(1, 1);
  }
};

}  // namespace

std::unique_ptr<Importer> make_kev_importer() { return std::make_unique<KevImporter>(); }

}  // namespace tocsin::advisory
