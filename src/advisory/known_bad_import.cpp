#include <filesystem>

#include "advisory/importer.h"
#include "advisory/parsers.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace {

class KnownBadImporter : public Importer {
 public:
  std::string_view kind() const override { return "known-bad"; }

  bool detects(const std::string& path) const override {
    return std::filesystem::is_regular_file(path) && ends_with(to_lower(path), ".txt");
  }

  void import(const std::string& path, ImportSink& sink, const ImportOptions& options,
              ImportReport& report) const override {
    std::string content = read_file(path);
    report.bytes = content.size();
    std::vector<Error> errors;
    auto entries = parse_known_bad(path, content, Ecosystem::Npm, &errors);
    for (const auto& error : errors) report.problem(error, options);
    for (const auto& entry : entries) sink.add_known_bad(entry);
    report.records = entries.size();
    if (options.progress) options.progress(1, 1);
  }
};

}  // namespace

std::unique_ptr<Importer> make_known_bad_importer() { return std::make_unique<KnownBadImporter>(); }

}  // namespace tocsin::advisory
