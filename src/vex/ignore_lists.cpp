#include "vex/ignore_lists.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "core/toml.h"

namespace tocsin::vex {
namespace {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int column_of(const toml::node& node) { return static_cast<int>(node.source().begin.column); }

toml::table parse_toml(const std::string& path, std::string_view content) {
  if (int conflict = find_conflict_marker(content)) throw Error(path, conflict, 1, "unresolved merge-conflict marker");
  return tocsin::parse_toml(path, content);
}

// [advisories] ignore = [...] where each item is a string or, when `tables_allowed`, a table
// with `id` (and optional `reason`).
IgnoreList read_advisories_ignore(IgnoreListKind kind, const std::string& path, std::string_view content,
                                  bool tables_allowed) {
  IgnoreList list{kind, path, {}};
  toml::table root = parse_toml(path, content);
  const toml::node* advisories = root.get("advisories");
  if (!advisories) return list;
  if (!advisories->is_table())
    throw Error(path, line_of(*advisories), column_of(*advisories), "'advisories' must be a table ([advisories])");
  const toml::node* ignore = advisories->as_table()->get("ignore");
  if (!ignore) return list;
  if (!ignore->is_array())
    throw Error(path, line_of(*ignore), column_of(*ignore), "'advisories.ignore' must be an array");
  for (const toml::node& item : *ignore->as_array()) {
    IgnoreEntry entry;
    entry.line = line_of(item);
    entry.column = column_of(item);
    if (auto id = item.value<std::string>()) {
      entry.id = *id;
    } else if (tables_allowed && item.is_table()) {
      const toml::table& table = *item.as_table();
      auto id_value = table["id"].value<std::string>();
      if (!id_value) throw Error(path, entry.line, entry.column, "an ignore table needs id = \"RUSTSEC-…\" (a string)");
      entry.id = *id_value;
      entry.reason = table["reason"].value_or(std::string());
    } else {
      throw Error(path, entry.line, entry.column,
                  tables_allowed ? "an ignore entry must be an advisory id string or { id = \"…\", reason = \"…\" }"
                                 : "an ignore entry must be an advisory id string");
    }
    entry.id = std::string(trim(entry.id));
    list.entries.push_back(std::move(entry));
  }
  return list;
}

std::optional<std::int64_t> toml_time(const toml::node& node, std::string& text) {
  if (auto date_time = node.as_date_time()) {
    const toml::date_time& value = date_time->get();
    std::string offset = "Z";
    if (value.offset && value.offset->minutes != 0) {
      int minutes = value.offset->minutes;
      offset = fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
    }
    text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", value.date.year, value.date.month, value.date.day,
                       value.time.hour, value.time.minute, value.time.second, offset);
    return parse_rfc3339(text);
  }
  if (auto date = node.as_date()) {
    const toml::date& value = date->get();
    text = fmt::format("{:04}-{:02}-{:02}", value.year, value.month, value.day);
    return parse_rfc3339(text, true);
  }
  if (auto string = node.value<std::string>()) {
    text = *string;
    return parse_rfc3339(text, true);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ignore_list_kind_name(IgnoreListKind kind) {
  switch (kind) {
    case IgnoreListKind::CargoAudit: return "cargo-audit";
    case IgnoreListKind::CargoDeny: return "cargo-deny";
    case IgnoreListKind::OsvScanner: return "osv-scanner";
  }
  return "?";
}

IgnoreList read_cargo_audit_toml(const std::string& path, std::string_view content) {
  return read_advisories_ignore(IgnoreListKind::CargoAudit, path, content, false);
}

IgnoreList read_deny_toml(const std::string& path, std::string_view content) {
  return read_advisories_ignore(IgnoreListKind::CargoDeny, path, content, true);
}

IgnoreList read_osv_scanner_toml(const std::string& path, std::string_view content) {
  IgnoreList list{IgnoreListKind::OsvScanner, path, {}};
  toml::table root = parse_toml(path, content);
  const toml::node* ignored = root.get("IgnoredVulns");
  if (!ignored) return list;
  if (!ignored->is_array())
    throw Error(path, line_of(*ignored), column_of(*ignored),
                "'IgnoredVulns' must be an array of tables ([[IgnoredVulns]])");
  for (const toml::node& item : *ignored->as_array()) {
    if (!item.is_table())
      throw Error(path, line_of(item), column_of(item), "each [[IgnoredVulns]] entry must be a table");
    const toml::table& table = *item.as_table();
    IgnoreEntry entry;
    entry.line = line_of(item);
    entry.column = column_of(item);
    auto id = table["id"].value<std::string>();
    if (!id) throw Error(path, entry.line, entry.column, "[[IgnoredVulns]] needs id = \"GHSA-…\" (a string)");
    entry.id = std::string(trim(*id));
    entry.reason = table["reason"].value_or(std::string());
    if (const toml::node* until = table.get("ignoreUntil")) {
      entry.ignore_until = toml_time(*until, entry.ignore_until_text);
      if (!entry.ignore_until)
        throw Error(path, line_of(*until), column_of(*until),
                    "ignoreUntil must be a date or date-time (2024-01-31 or 2024-01-31T00:00:00Z)");
    }
    list.entries.push_back(std::move(entry));
  }
  return list;
}

std::vector<IgnoreList> load_ignore_lists(const std::string& dir, std::vector<Diagnostic>* failures) {
  struct Candidate {
    const char* relative;
    IgnoreList (*read)(const std::string&, std::string_view);
  };
  static constexpr Candidate kCandidates[] = {{".cargo/audit.toml", read_cargo_audit_toml},
                                              {"deny.toml", read_deny_toml},
                                              {"osv-scanner.toml", read_osv_scanner_toml}};
  std::vector<IgnoreList> lists;
  for (const auto& candidate : kCandidates) {
    std::filesystem::path full = std::filesystem::path(dir) / candidate.relative;
    std::error_code error;
    const bool regular = std::filesystem::is_regular_file(full, error);
    try {
      // A file that is there but cannot even be looked at is not the same as no file.
      if (error && error != std::errc::no_such_file_or_directory && error != std::errc::not_a_directory)
        throw Error(full.string(), 0, 0, "cannot read: " + error.message());
      if (!regular) continue;
      IgnoreList list = candidate.read(full.string(), read_file(full.string()));
      list.path = candidate.relative;
      lists.push_back(std::move(list));
    } catch (const Error& e) {
      if (failures == nullptr) throw;
      failures->push_back(diagnostic_from_error(
          e, Severity::Error, "fix the file; its ignores are not compared with the VEX statements until then"));
    }
  }
  return lists;
}

}  // namespace tocsin::vex
