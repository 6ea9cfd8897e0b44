// `release history --crates` / `--pypi`: what the registry serves set against what the project
// built. Neither document carries provenance the way npm's attestations do; the signal is a
// digest the project never produced (a publish from a stolen token) or a version nobody tagged.
#include <algorithm>
#include <filesystem>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;

bool tagged(const std::vector<std::string>& tags, const std::string& name, const std::string& version) {
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
    return tag == "v" + version || tag == version || tag == name + "@" + version;
  });
}

// The SHA-256 (hex) of DIR/NAME, nullopt when there is no such regular file. A name with a path
// separator or ".." never leaves DIR.
std::optional<std::string> local_sha256(const std::string& dir, const std::string& name) {
  if (dir.empty() || name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
      name == "." || name == "..")
    return std::nullopt;
  const fs::path path = fs::path(dir) / name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  return to_hex(digest_file(path.string()).sha256);
}

void finish(VersionRecord& r, bool artifacts_given, const std::optional<std::vector<std::string>>& tags,
            const char* mismatch) {
  if (r.digest_matches == false) r.flags.push_back(mismatch);
  if (artifacts_given && !r.digest_matches) r.flags.push_back("not-built-locally");
  if (r.yanked) r.flags.push_back("yanked");
  if (tags && !tagged(*tags, r.package, r.version)) r.flags.push_back("not-tagged");
}

}  // namespace

std::vector<VersionRecord> crates_history(const std::string& index_entry_file, const std::string& artifacts_dir,
                                          const std::optional<std::vector<std::string>>& tags) {
  const std::string content = read_file(index_entry_file);
  std::vector<VersionRecord> records;
  int number = 0;
  for (std::string_view line : split(content, '\n')) {
    ++number;
    if (trim(line).empty()) continue;
    const nlohmann::json entry = parse_json(index_entry_file + ":" + std::to_string(number), line);
    VersionRecord r;
    r.package = string_member(entry, "name");
    r.version = string_member(entry, "vers");
    const std::string cksum = to_lower(string_member(entry, "cksum"));
    if (r.package.empty() || r.version.empty() || cksum.size() != 64 || !from_hex(cksum))
      throw Error(index_entry_file, number, 1, "an index entry has \"name\", \"vers\" and a 64-hex \"cksum\"");
    if (!records.empty() && records.front().package != r.package)
      throw Error(index_entry_file, number, 1,
                  "entries of two crates (" + records.front().package + ", " + r.package + ")");
    const nlohmann::json* yanked = member(entry, "yanked");
    r.yanked = yanked && yanked->is_boolean() && yanked->get<bool>();
    if (auto local = local_sha256(artifacts_dir, r.package + "-" + r.version + ".crate"))
      r.digest_matches = *local == cksum;
    finish(r, !artifacts_dir.empty(), tags, "cksum-mismatch");
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<VersionRecord> pypi_history(const std::string& json_document, const std::string& artifacts_dir,
                                        const std::optional<std::vector<std::string>>& tags) {
  const nlohmann::json document = parse_json(json_document, read_file(json_document));
  const nlohmann::json* info = member(document, "info");
  const nlohmann::json* releases = member(document, "releases");
  const std::string name = info ? string_member(*info, "name") : "";
  if (name.empty() || releases == nullptr || !releases->is_object())
    throw Error(json_document, 1, 1, "a PyPI JSON API document has \"info\".\"name\" and a \"releases\" object");
  std::vector<VersionRecord> records;
  for (const auto& [version, files] : releases->items()) {
    if (!files.is_array() || files.empty()) continue;
    VersionRecord r;
    r.package = name;
    r.version = version;
    bool all_yanked = true;
    for (const nlohmann::json& file : files) {
      const std::string filename = string_member(file, "filename");
      r.files.push_back(filename);
      const std::string uploaded = string_member(file, "upload_time_iso_8601");
      if (!uploaded.empty() && (r.published.empty() || uploaded < r.published)) r.published = uploaded;
      const nlohmann::json* yanked = member(file, "yanked");
      all_yanked = all_yanked && yanked && yanked->is_boolean() && yanked->get<bool>();
      const nlohmann::json* digests = member(file, "digests");
      const std::string sha256 = digests ? to_lower(string_member(*digests, "sha256")) : "";
      if (auto local = local_sha256(artifacts_dir, filename))
        r.digest_matches = r.digest_matches.value_or(true) && *local == sha256;
    }
    r.yanked = all_yanked;
    finish(r, !artifacts_dir.empty(), tags, "sha256-mismatch");
    records.push_back(std::move(r));
  }
  std::stable_sort(records.begin(), records.end(),
                   [](const VersionRecord& a, const VersionRecord& b) { return a.published < b.published; });
  return records;
}

}  // namespace tocsin::release
