#include <algorithm>
#include <filesystem>

#include "advisory/importer.h"
#include "advisory/parsers.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace fs = std::filesystem;

namespace {

// advisory-db layout: crates/<crate>/RUSTSEC-YYYY-NNNN.md are crate advisories; rust/ holds
// toolchain advisories (std, cargo, rustdoc), which no lockfile lists, so they are counted and
// left out. Hidden directories (.git, .github, .duplicates) are never advisories.
class RustSecImporter : public Importer {
 public:
  std::string_view kind() const override { return "rustsec"; }

  bool detects(const std::string& path) const override {
    std::error_code error;
    return fs::is_directory(path, error) && fs::is_directory(fs::path(path) / "crates", error);
  }

  void import(const std::string& path, ImportSink& sink, const ImportOptions& options,
              ImportReport& report) const override {
    std::vector<fs::path> files = advisory_files(fs::path(path) / "crates", "RUSTSEC-");
    report.ignored_files = advisory_files(fs::path(path) / "rust", "").size();
    if (report.ignored_files != 0) report.ignored_note = "toolchain advisories under rust/ (not crates)";
    std::string newest_date;
    std::size_t done = 0;
    for (const auto& file : files) {
      try {
        std::string content = read_file(file.string());
        report.bytes += content.size();
        Advisory advisory = parse_rustsec(file.string(), content);
        newest_date = std::max(newest_date, advisory.published);
        sink.add_advisory(advisory);
        ++report.records;
      } catch (const Error& error) {
        report.problem(error, options);
      }
      if (options.progress) options.progress(++done, files.size());
    }
    report.snapshot = snapshot_of(path, newest_date);
  }

 private:
  static std::vector<fs::path> advisory_files(const fs::path& root, std::string_view prefix) {
    std::vector<fs::path> files;
    std::error_code error;
    if (!fs::is_directory(root, error)) return files;
    for (auto it = fs::recursive_directory_iterator(root, error); it != fs::recursive_directory_iterator();
         it.increment(error)) {
      if (error) break;
      std::string name = it->path().filename().string();
      if (it->is_directory() && starts_with(name, ".")) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && starts_with(name, prefix) && ends_with(name, ".md")) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  // A SNAPSHOT file ("<commit> <date>") written next to the checkout wins over the newest date.
  static std::string snapshot_of(const std::string& path, const std::string& newest_date) {
    std::error_code error;
    fs::path snapshot = fs::path(path) / "SNAPSHOT";
    if (fs::is_regular_file(snapshot, error)) {
      std::string text(trim(read_file(snapshot.string())));
      auto space = text.find(' ');
      if (space != std::string::npos) return std::string(trim(text.substr(space + 1)));
    }
    return newest_date;
  }
};

}  // namespace

std::unique_ptr<Importer> make_rustsec_importer() { return std::make_unique<RustSecImporter>(); }

}  // namespace tocsin::advisory
