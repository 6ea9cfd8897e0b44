// Importers: one per feed kind, each in its own file (src/advisory/<kind>_import.cpp) and
// registered by one line in importers.cpp. An importer reads files and streams records into an
// ImportSink (the database writer); it never decides what is kept on disk.
//
// Bad input: every unreadable or malformed file becomes a Diagnostic (core/diagnostic.h) naming the
// file, line, column and the reason, a Warning saying what was skipped. With `strict` the first one
// is thrown as a tocsin::Error; otherwise it is recorded in the report and the remaining files are
// imported. A source that cannot be read at all (a truncated zip, a
// missing path) always throws: the database then keeps that source's previous records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "core/diagnostic.h"
#include "core/error.h"

namespace tocsin::advisory {

class ImportSink {
 public:
  virtual ~ImportSink() = default;
  virtual void add_advisory(const Advisory& advisory) = 0;
  virtual void add_kev(const KevEntry& entry) = 0;
  virtual void add_known_bad(const KnownBad& entry) = 0;
};

struct ImportOptions {
  bool strict = false;
  // A source unreadable as a whole (missing file, corrupt archive) aborts the whole import even
  // when not strict: `db update` wants all feeds or none.
  bool all_sources_or_nothing = false;
  // Called as work advances (files or archive entries done, total); may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;

  // Shrink guard: a source whose new record count is 0, or below (1 - max_shrink) × its
  // previous count, is refused (its previous records are kept) unless allow_shrink. An empty or
  // all-malformed feed must not silently wipe a source and open the KEV gate.
  bool allow_shrink = false;
  double max_shrink = 0.5;

  // Writers take an exclusive lock (<dir>/advisories.db.lock) for the copy-change-rename; a
  // second writer waits up to this long, then fails naming the holder. 0: fail at once.
  int lock_wait_seconds = 300;
  std::function<void(const std::string& message)> on_lock_wait;  // called once when waiting; may be empty

  // Total uncompressed bytes one zip archive may declare: max_archive_ratio times the archive's
  // size, but at least archive_budget_floor (a zip bomb of many small entries is refused before
  // anything is inflated). OSV's real all.zip archives inflate about tenfold.
  std::uint64_t max_archive_ratio = 100;
  std::uint64_t archive_budget_floor = 256ull << 20;
};

struct ImportReport {
  std::string kind;    // importer kind: "osv", "rustsec", "kev", "known-bad"
  std::string path;    // what was imported
  std::string source;  // the source key under which records are stored (kind:absolute path)
  std::size_t records = 0;
  std::size_t bytes = 0;  // input bytes parsed
  std::string snapshot;   // data date of the feed (newest modified / catalog release / SNAPSHOT)
  std::map<std::string, std::size_t> skipped_ecosystems;  // OSV ecosystem name -> affected entries
  std::size_t ignored_files = 0;                          // files that are not part of the feed
  std::string ignored_note;                               // why they were ignored
  // Warnings: files skipped or doubtful; one Error when the source failed as a whole.
  std::vector<Diagnostic> diagnostics;
  bool failed = false;  // the source could not be read at all; its previous records were kept

  // Records `error` as a warning with `hint` (what happened to the input), or throws it when
  // `options.strict`.
  void problem(const Error& error, const ImportOptions& options, std::string hint = "the file was skipped");
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual std::string_view kind() const = 0;
  // Whether `path` (file or directory) looks like this importer's input.
  virtual bool detects(const std::string& path) const = 0;
  virtual void import(const std::string& path, ImportSink& sink, const ImportOptions& options,
                      ImportReport& report) const = 0;
};

// All importers, in detection order.
const std::vector<std::unique_ptr<Importer>>& importers();
const Importer* importer_for_kind(std::string_view kind);
// Throws Error(path, 0, 0, …) when the path is missing or no importer recognizes it.
const Importer* detect_importer(const std::string& path);

// True when the first bytes of a JSON file are a CISA KEV catalog ("catalogVersion": "…"), not
// its JSON schema.
bool looks_like_kev_catalog(std::string_view head);

std::unique_ptr<Importer> make_rustsec_importer();
std::unique_ptr<Importer> make_kev_importer();
std::unique_ptr<Importer> make_known_bad_importer();
std::unique_ptr<Importer> make_osv_importer();

}  // namespace tocsin::advisory
