#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "advisory/importer.h"
#include "advisory/parsers.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace fs = std::filesystem;

namespace {

// A single OSV record is a few hundred KB at most; anything far larger in an archive is either
// damage or a decompression bomb, and is reported instead of inflated.
constexpr zip_uint64_t kMaxEntryBytes = 64u << 20;

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

class OsvImporter : public Importer {
 public:
  std::string_view kind() const override { return "osv"; }

  bool detects(const std::string& path) const override {
    std::error_code error;
    if (fs::is_directory(path, error)) return true;
    std::string lower = to_lower(path);
    return fs::is_regular_file(path, error) && (ends_with(lower, ".json") || ends_with(lower, ".zip"));
  }

  void import(const std::string& path, ImportSink& sink, const ImportOptions& options,
              ImportReport& report) const override {
    if (fs::is_directory(path)) {
      import_directory(path, sink, options, report);
    } else if (ends_with(to_lower(path), ".zip")) {
      import_zip(path, sink, options, report);
    } else {
      // A lone file is the whole source: if it is bad there is nothing to import.
      std::string content = read_file(path);
      import_record(path, content, sink, report);
      if (options.progress) options.progress(1, 1);
    }
  }

 private:
  static void import_record(const std::string& name, std::string_view content, ImportSink& sink, ImportReport& report) {
    report.bytes += content.size();
    Advisory advisory = parse_osv(name, content, &report.skipped_ecosystems);
    if (advisory.affected.empty()) {
      // Only ecosystems tocsin does not scan (already counted in skipped_ecosystems).
      return;
    }
    report.snapshot = std::max(report.snapshot, advisory.modified);
    sink.add_advisory(advisory);
    ++report.records;
  }

  static void import_directory(const std::string& path, ImportSink& sink, const ImportOptions& options,
                               ImportReport& report) {
    std::vector<fs::path> files;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(path, error); it != fs::recursive_directory_iterator();
         it.increment(error)) {
      if (error) throw Error(path, 0, 0, "cannot list directory: " + error.message());
      std::string name = it->path().filename().string();
      if (it->is_directory() && starts_with(name, ".")) {
        it.disable_recursion_pending();
        continue;
      }
      // A symbolic link inside a feed directory is not followed: a checkout must not make tocsin
      // read files outside it (for a directory link, recursion does not follow it either).
      if (it->is_symlink(error)) {
        ++report.ignored_files;
        continue;
      }
      if (!it->is_regular_file()) continue;
      if (ends_with(to_lower(name), ".json"))
        files.push_back(it->path());
      else
        ++report.ignored_files;
    }
    if (report.ignored_files != 0)
      report.ignored_note = "files that are not .json or are symbolic links (not followed)";
    std::sort(files.begin(), files.end());
    std::size_t done = 0;
    for (const auto& file : files) {
      try {
        std::string content = read_file(file.string());
        import_record(file.string(), content, sink, report);
      } catch (const Error& problem) {
        report.problem(problem, options);
      }
      if (options.progress) options.progress(++done, files.size());
    }
  }

  static void import_zip(const std::string& path, ImportSink& sink, const ImportOptions& options,
                         ImportReport& report) {
    int code = 0;
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!archive) {
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      throw Error(path, 0, 0, "cannot open zip archive: " + reason);
    }
    zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    check_archive_budget(path, archive.get(), count, options);
    std::string content;
    for (zip_int64_t index = 0; index < count; ++index) {
      zip_stat_t stat;
      zip_stat_init(&stat);
      auto entry_index = static_cast<zip_uint64_t>(index);
      if (zip_stat_index(archive.get(), entry_index, 0, &stat) != 0) {
        report.problem(Error(path, 0, 0, "cannot read entry #" + std::to_string(index)), options);
        continue;
      }
      std::string name = path + ":" + (stat.name != nullptr ? stat.name : "?");
      if (stat.name == nullptr || !ends_with(to_lower(stat.name), ".json")) {
        ++report.ignored_files;
        report.ignored_note = "archive entries that are not .json";
        continue;
      }
      try {
        read_entry(archive.get(), entry_index, stat, name, content);
        import_record(name, content, sink, report);
      } catch (const Error& problem) {
        report.problem(problem, options);
      }
      if (options.progress) options.progress(static_cast<std::size_t>(index + 1), static_cast<std::size_t>(count));
    }
  }

  // The sizes the entries declare bound what read_entry inflates, so their sum is checked
  // before anything is inflated: a 500 KB archive must not become a 500 MB database.
  static void check_archive_budget(const std::string& path, zip_t* archive, zip_int64_t count,
                                   const ImportOptions& options) {
    std::error_code error;
    const std::uint64_t archive_bytes = fs::file_size(path, error);
    const std::uint64_t budget =
        std::max<std::uint64_t>(options.archive_budget_floor, archive_bytes * options.max_archive_ratio);
    std::uint64_t declared = 0;
    for (zip_int64_t index = 0; index < count; ++index) {
      zip_stat_t stat;
      zip_stat_init(&stat);
      if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0) continue;
      if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.name == nullptr || !ends_with(to_lower(stat.name), ".json"))
        continue;
      declared += std::min<std::uint64_t>(stat.size, kMaxEntryBytes + 1);
      if (declared > budget)
        throw Error(path, 0, 0,
                    "archive declares more than " + std::to_string(budget >> 20) + " MiB of JSON (" +
                        std::to_string(options.max_archive_ratio) + " times its size, at least " +
                        std::to_string(options.archive_budget_floor >> 20) +
                        " MiB): refused as a likely decompression bomb");
    }
  }

  static void read_entry(zip_t* archive, zip_uint64_t index, const zip_stat_t& stat, const std::string& name,
                         std::string& content) {
    if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxEntryBytes)
      throw Error(name, 0, 0, "archive entry has no size or is larger than 64 MiB");
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive, index, 0));
    if (!file) throw Error(name, 0, 0, std::string("cannot open archive entry: ") + zip_strerror(archive));
    content.resize(stat.size);
    zip_uint64_t filled = 0;
    while (filled < stat.size) {
      zip_int64_t got = zip_fread(file.get(), content.data() + filled, stat.size - filled);
      if (got < 0) throw Error(name, 0, 0, std::string("corrupt archive entry: ") + zip_file_strerror(file.get()));
      if (got == 0) break;
      filled += static_cast<zip_uint64_t>(got);
    }
    if (filled != stat.size) throw Error(name, 0, 0, "archive entry is truncated");
    // zip_fclose verifies the CRC; a mismatch means damaged data.
    if (zip_fclose(file.release()) != 0) throw Error(name, 0, 0, "archive entry fails its CRC check");
  }
};

}  // namespace

std::unique_ptr<Importer> make_osv_importer() { return std::make_unique<OsvImporter>(); }

}  // namespace tocsin::advisory
