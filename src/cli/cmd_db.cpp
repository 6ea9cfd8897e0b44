// `tocsin db import|status|update`: build and inspect the local advisory database.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "advisory/database.h"
#include "advisory/update.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "core/diagnostic.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"

namespace tocsin::cli {

namespace {

using advisory::ImportReport;

// A one-line progress bar on stderr, only when stderr is a terminal (logs stay clean).
class ProgressBar {
 public:
  ProgressBar() : enabled_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { finish(); }

  void label(std::string text) {
    finish();
    label_ = std::move(text);
  }

  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr std::size_t kWidth = 30;
    std::size_t filled = done * kWidth / total;
    std::cerr << '\r' << '[' << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] " << done << '/'
              << total << ' ' << label_ << std::flush;
    drawn_ = true;
  }

  void finish() {
    if (drawn_) std::cerr << "\r\x1b[K" << std::flush;
    drawn_ = false;
  }

  std::function<void(std::size_t, std::size_t)> callback() {
    return [this](std::size_t done, std::size_t total) { update(done, total); };
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point last_{};
};

std::string human_bytes(std::size_t bytes) {
  char buffer[32];
  if (bytes >= (1u << 20))
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  else if (bytes >= 1024)
    std::snprintf(buffer, sizeof buffer, "%.1f KB", static_cast<double>(bytes) / 1024);
  else
    std::snprintf(buffer, sizeof buffer, "%zu B", bytes);
  return buffer;
}

// Prints one summary line per source plus its diagnostics; returns the exit code.
int print_reports(const std::vector<ImportReport>& reports) {
  int exit_code = kExitClean;
  for (const auto& report : reports) {
    for (const auto& diagnostic : report.diagnostics) std::cerr << format_diagnostic(diagnostic) << '\n';
    if (report.failed) {
      std::cout << report.kind << ' ' << report.path << ": FAILED, previous records of this source kept\n";
      exit_code = kExitError;
      continue;
    }
    std::cout << report.kind << ' ' << report.path << ": " << report.records << " records imported ("
              << human_bytes(report.bytes) << ")";
    if (!report.snapshot.empty()) std::cout << ", snapshot " << report.snapshot;
    std::cout << '\n';
    if (!report.diagnostics.empty())
      std::cout << "  skipped " << report.diagnostics.size() << " malformed file(s), see warnings above\n";
    for (const auto& [ecosystem, count] : report.skipped_ecosystems)
      std::cout << "  skipped " << count << " affected entr" << (count == 1 ? "y" : "ies")
                << " of unsupported ecosystem " << ecosystem << '\n';
    if (report.ignored_files != 0)
      std::cout << "  ignored " << report.ignored_files << ' ' << report.ignored_note << '\n';
  }
  return exit_code;
}

// --allow-shrink / --max-shrink, shared by import and update (see ImportOptions::allow_shrink).
struct ShrinkOptions {
  bool allow = false;
  double max = 0.5;
  void add_to(CLI::App* command) {
    command->add_flag("--allow-shrink", allow,
                      "Accept a source that comes back empty or shrinks by more than --max-shrink");
    command->add_option("--max-shrink", max, "Largest accepted shrink of a source, as a fraction (default 0.5)")
        ->check(CLI::Range(0.0, 1.0));
  }
  void apply(advisory::ImportOptions& options) const {
    options.allow_shrink = allow;
    options.max_shrink = max;
    options.on_lock_wait = [](const std::string& message) { std::cerr << message << "…\n"; };
  }
};

void register_import(CLI::App* db, Context& context, std::string& db_dir) {
  auto* command = db->add_subcommand("import", "Import advisory feeds from local files or directories");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto strict = std::make_shared<bool>(false);
  command
      ->add_option("paths", *paths,
                   "RustSec advisory-db checkout (has crates/), OSV JSON file / directory / all.zip, "
                   "CISA KEV catalog JSON, or known-bad .txt list")
      ->required();
  command->add_flag("--strict", *strict, "Stop at the first malformed file");
  command->add_option("--db", db_dir, "Database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin)");
  auto shrink = std::make_shared<ShrinkOptions>();
  shrink->add_to(command);
  command->callback([&context, &db_dir, paths, strict, shrink] {
    use_full_executable("tocsin db import");  // OSV archives need libzip
    std::vector<advisory::ImportRequest> requests;
    for (const auto& path : *paths) {
      advisory::ImportRequest request;
      request.path = path;
      request.importer = advisory::detect_importer(path);
      requests.push_back(std::move(request));
    }
    ProgressBar progress;
    advisory::ImportOptions options;
    options.strict = *strict;
    options.progress = progress.callback();
    shrink->apply(options);
    auto reports = advisory::import_into(advisory::default_database_dir(db_dir), requests, options);
    progress.finish();
    context.exit_code = print_reports(reports);
  });
}

nlohmann::ordered_json status_json(const advisory::DatabaseStatus& status, const std::vector<std::string>& warnings) {
  nlohmann::ordered_json out;
  out["database"] = status.file;
  out["sources"] = nlohmann::ordered_json::array();
  for (const auto& source : status.sources)
    out["sources"].push_back({{"key", source.key},
                              {"kind", source.kind},
                              {"path", source.path},
                              {"imported_at", source.imported_at},
                              {"snapshot", source.snapshot},
                              {"records", source.records},
                              {"diagnostics", source.diagnostics}});
  out["advisories"] = status.advisories;
  out["advisories_per_ecosystem"] = status.advisories_per_ecosystem;
  out["withdrawn"] = status.withdrawn;
  out["malicious"] = status.malicious;
  out["kev"] = {{"entries", status.kev_entries},
                {"catalog_version", status.kev_catalog_version},
                {"date_released", status.kev_date_released}};
  out["known_bad"] = status.known_bad;
  out["warnings"] = warnings;
  return out;
}

void register_status(CLI::App* db, Context& context, std::string& db_dir) {
  auto* command = db->add_subcommand("status", "Show what the advisory database holds and how old it is");
  auto format = std::make_shared<std::string>();
  auto now_text = std::make_shared<std::string>();
  add_format_option(command, *format, {"table", "json"});
  add_now_option(command, *now_text, "Current time");
  command->add_option("--db", db_dir, "Database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin)");
  command->callback([&context, &db_dir, format, now_text] {
    const std::int64_t now = tocsin::parse_now(*now_text);
    auto status = advisory::Database::open(advisory::default_database_dir(db_dir)).status();
    std::vector<std::string> warnings;
    if (status.kev_entries == 0) {
      warnings.push_back("no CISA KEV catalog imported: exploited-in-the-wild flags are unavailable");
    } else if (!status.kev_date_released.empty()) {
      const std::optional<std::int64_t> released = tocsin::parse_feed_time(status.kev_date_released);
      if (!released)
        throw Error("invalid timestamp '" + status.kev_date_released +
                    "' (expected RFC 3339, e.g. 2025-08-25T17:04:19Z)");
      std::int64_t age = now - *released;
      if (age > 86400)
        warnings.push_back("the CISA KEV catalog (released " + status.kev_date_released + ") is " +
                           std::to_string(age / 86400) + " day(s) old; run `tocsin db update`");
    }
    context.exit_code = kExitClean;
    if (*format == "json") {
      print_json(status_json(status, warnings));
      return;
    }
    std::cout << "database: " << escape_terminal(status.file) << "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& source : status.sources)
      rows.push_back({source.kind, source.path, std::to_string(source.records), source.snapshot, source.imported_at});
    std::cout << render_table({"KIND", "SOURCE", "RECORDS", "SNAPSHOT", "IMPORTED"}, rows) << '\n';
    rows.clear();
    for (const auto& [ecosystem, count] : status.advisories_per_ecosystem)
      rows.push_back({ecosystem, std::to_string(count)});
    std::cout << render_table({"ECOSYSTEM", "ADVISORIES"}, rows) << '\n';
    std::cout << "advisories: " << status.advisories << " (" << status.withdrawn << " withdrawn, " << status.malicious
              << " malicious)\n";
    std::cout << "KEV entries: " << status.kev_entries;
    if (!status.kev_catalog_version.empty())
      std::cout << " (catalog " << escape_terminal(status.kev_catalog_version) << ")";
    std::cout << "\nknown-bad entries: " << status.known_bad << '\n';
    for (const auto& warning : warnings) {
      Diagnostic diagnostic;  // named, not a braced temporary: GCC 12 -O3 warns falsely on that
      diagnostic.severity = Severity::Warning;
      diagnostic.location.path = status.file;
      diagnostic.message = warning;
      std::cerr << format_diagnostic(diagnostic) << '\n';
    }
  });
}

void register_update(CLI::App* db, Context& context, std::string& db_dir) {
  auto* command = db->add_subcommand(
      "update",
      "Download the OSV feeds (crates.io incl. RustSec, npm, PyPI) and the CISA KEV catalog, then swap them in "
      "atomically");
  auto mirror = std::make_shared<std::string>();
  auto strict = std::make_shared<bool>(false);
  command->add_option("--mirror", *mirror,
                      "Base URL serving crates.io/all.zip, npm/all.zip, PyPI/all.zip and "
                      "sites/default/files/feeds/known_exploited_vulnerabilities.json");
  command->add_flag("--strict", *strict, "Fail on any malformed record in the feeds");
  command->add_option("--db", db_dir, "Database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin)");
  auto shrink = std::make_shared<ShrinkOptions>();
  shrink->add_to(command);
  auto deadline = std::make_shared<long>(1800);
  command->add_option("--deadline", *deadline, "Seconds all downloads may take together (default 1800)")
      ->check(CLI::PositiveNumber);
  command->callback([&context, &db_dir, mirror, strict, shrink, deadline] {
    use_full_executable("tocsin db update");  // libcurl, and libzip for the archives
    ProgressBar progress;
    advisory::UpdateOptions options;
    options.mirror = *mirror;
    options.import.strict = *strict;
    options.import.progress = progress.callback();
    options.deadline_seconds = *deadline;
    shrink->apply(options.import);
    options.on_download = [&progress](std::string_view url) {
      progress.finish();
      std::cerr << "downloading " << url << '\n';
      progress.label(std::string(url));
    };
    auto reports = advisory::update_database(advisory::default_database_dir(db_dir), options);
    progress.finish();
    context.exit_code = print_reports(reports);
  });
}

}  // namespace

void register_db_command(CLI::App& app, Context& context) {
  auto* db = app.add_subcommand("db", "Manage the local advisory database (OSV, RustSec, CISA KEV, known-bad lists)");
  db->require_subcommand(1);
  static std::string db_dir;
  register_import(db, context, db_dir);
  register_status(db, context, db_dir);
  register_update(db, context, db_dir);
}

}  // namespace tocsin::cli
