// `release history --npm`: every published version against the provenance the project's CI
// attaches. A version published with a stolen token (Shai-Hulud, the Nx s1ngularity publish)
// lacks it, or carries provenance from somewhere else.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "config/release_section.h"
#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSlsaPrefix = "https://slsa.dev/provenance/";
constexpr std::string_view kPublishPrefix = "https://github.com/npm/attestation/tree/main/specs/publish/";

std::string url_encode_name(std::string_view name) {
  std::string out;
  for (char c : name) out += c == '/' ? std::string("%2f") : std::string(1, c);
  return out;
}

// The registry's attestation document for NAME@VERSION, named after the last segment of
// dist.attestations.url, or NAME@VERSION.json with the scope's '/' written %2f.
std::optional<std::string> find_attestation_file(const std::string& dir, const std::string& name,
                                                 const std::string& version, const std::string& url) {
  std::vector<std::string> candidates;
  if (const auto slash = url.rfind('/'); slash != std::string::npos && slash + 1 < url.size())
    candidates.push_back(url.substr(slash + 1) + ".json");
  candidates.push_back(url_encode_name(name) + "@" + version + ".json");
  candidates.push_back(name.substr(name.find('/') + 1) + "@" + version + ".json");
  for (const std::string& candidate : candidates) {
    if (candidate.find("..") != std::string::npos) continue;
    const fs::path path = fs::path(dir) / candidate;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path.string();
  }
  return std::nullopt;
}

// "sha512-BASE64" -> raw digest, empty when another algorithm or malformed.
std::string integrity_sha512(std::string_view integrity) {
  for (std::string_view part : split(integrity, ' ')) {
    if (!starts_with(part, "sha512-")) continue;
    if (auto raw = base64_decode(part.substr(7)); raw && raw->size() == 64) return *raw;
  }
  return {};
}

int compare_versions(const std::string& a, const std::string& b) {
  auto numbers = [](const std::string& v) {
    std::vector<long> out;
    for (std::string_view part : split(std::string_view(v).substr(0, v.find_first_of("-+")), '.'))
      out.push_back(std::strtol(std::string(part).c_str(), nullptr, 10));
    return out;
  };
  auto na = numbers(a), nb = numbers(b);
  if (na != nb) return na < nb ? -1 : 1;
  return a.compare(b);
}

}  // namespace

std::optional<Expectation> expectation_from_config(const config::ReleaseSection& section, const std::string& path) {
  if (section.repository.empty()) {
    if (section.workflow.empty()) return std::nullopt;  // no [release], or only require_signed_tags
    throw Error(path, 0, 0, "[release] needs repository = \"owner/repo\"");
  }
  Expectation expectation;
  expectation.repository = normalize_repository(section.repository);
  expectation.workflow = section.workflow;
  expectation.origin = path + " [release]";
  return expectation;
}

std::optional<Expectation> expectation_from_ci_trust(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  static const std::regex subject(R"(repo:([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+):)");
  static const std::regex workflow(R"((\.github/workflows/[A-Za-z0-9_./-]+\.ya?ml))");
  const std::string text = read_file(path);
  for (std::string_view line : split(text, '\n')) {
    const std::string l(line);
    std::smatch m;
    if (!std::regex_search(l, m, subject)) continue;
    Expectation expectation;
    expectation.repository = normalize_repository(m[1].str());
    expectation.origin = path + " (OIDC subject)";
    if (std::smatch w; std::regex_search(l, w, workflow)) expectation.workflow = w[1].str();
    return expectation;
  }
  return std::nullopt;
}

std::vector<VersionRecord> npm_history(const HistoryOptions& options, const TrustedRoot& root) {
  const std::string& path = options.package_document;
  const nlohmann::json document = parse_json(path, read_file(path));
  const std::string name = string_member(document, "name");
  const nlohmann::json* versions = member(document, "versions");
  if (name.empty() || versions == nullptr || !versions->is_object())
    throw Error(path, 1, 1, "an npm package document has \"name\" and a \"versions\" object");
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json* times = member(document, "time");
  if (times == nullptr) times = &empty;

  std::vector<VersionRecord> records;
  for (const auto& [version, manifest] : versions->items()) {
    VersionRecord record;
    record.package = name;
    record.version = version;
    record.published = string_member(*times, version);
    const nlohmann::json* dist = member(manifest, "dist");
    const std::string integrity = dist ? string_member(*dist, "integrity") : "";
    std::string url;
    if (const nlohmann::json* attestations = dist ? member(*dist, "attestations") : nullptr)
      url = string_member(*attestations, "url");
    const auto file = find_attestation_file(options.attestations_dir, name, version, url);
    if (file) {
      const std::string content = read_file(*file);
      const nlohmann::json attestations_doc = parse_json(*file, content);
      const nlohmann::json* list = member(attestations_doc, "attestations");
      if (list == nullptr || !list->is_array()) throw Error(*file, 1, 1, "no \"attestations\" array");
      ArtifactDigests digests;
      digests.sha512 = integrity_sha512(integrity);
      for (const nlohmann::json& attestation : *list) {
        const std::string predicate = string_member(attestation, "predicateType");
        const nlohmann::json* bundle_json = member(attestation, "bundle");
        if (bundle_json == nullptr) continue;
        const Bundle bundle = read_bundle(*file, bundle_json->dump());
        const Verification v = verify_bundle(bundle, digests.sha512.empty() ? nullptr : &digests, {}, root);
        if (starts_with(predicate, kSlsaPrefix)) {
          record.provenance = true;
          record.verified = v.verified();
          record.failed_checks = v.failed_checks();
          if (v.statement) {
            record.repository = v.statement->provenance.repository;
            record.workflow = v.statement->provenance.workflow;
            record.ref = v.statement->provenance.ref;
          }
          for (const Check& check : v.checks)
            if (check.name == "artifact-digest") record.digest_matches = check.passed;
        } else if (starts_with(predicate, kPublishPrefix)) {
          record.publish_attestation_verified = v.verified();
        }
      }
    }
    records.push_back(std::move(record));
  }
  // Publish order: the document's time, then the version order for equal or missing times.
  std::stable_sort(records.begin(), records.end(), [](const VersionRecord& a, const VersionRecord& b) {
    if (a.published != b.published) return a.published < b.published;
    return compare_versions(a.version, b.version) < 0;
  });

  for (std::size_t i = 0; i < records.size(); ++i) {
    VersionRecord& r = records[i];
    if (!r.provenance && i > 0 && i + 1 < records.size() && records[i - 1].provenance && records[i + 1].provenance)
      r.flags.push_back("missing-provenance");
    if (r.provenance && !r.verified) r.flags.push_back("unverified-provenance");
    if (r.publish_attestation_verified == false) r.flags.push_back("unverified-publish-attestation");
    if (r.digest_matches == false) r.flags.push_back("digest-mismatch");
    if (r.provenance && options.expected) {
      if (r.repository != options.expected->repository) r.flags.push_back("unexpected-repository");
      if (!options.expected->workflow.empty() && r.workflow != options.expected->workflow)
        r.flags.push_back("unexpected-workflow");
    }
    if (options.tags) {
      const std::vector<std::string>& tags = *options.tags;
      const bool tagged = std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
        return tag == "v" + r.version || tag == r.version || tag == name + "@" + r.version;
      });
      if (!tagged) r.flags.push_back("not-tagged");
    }
  }
  return records;
}

}  // namespace tocsin::release
