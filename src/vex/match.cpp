#include "vex/match.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/time.h"
#include "vex/purl.h"

namespace tocsin::vex {
namespace {

bool equals_ignore_case(const std::string& a, const std::string& b) { return to_lower(a) == to_lower(b); }

// The purls a component can be matched by: its @id and its "purl" identifier.
std::vector<Purl> component_purls(const Component& component) {
  std::vector<Purl> out;
  if (auto purl = try_parse_purl(component.id)) out.push_back(*purl);
  for (const auto& [type, identifier] : component.identifiers)
    if (type == "purl")
      if (auto purl = try_parse_purl(identifier)) out.push_back(*purl);
  return out;
}

bool component_covers(const Component& component, const PackageQuery& package) {
  for (const auto& purl : component_purls(component))
    if (purl_covers(purl, package.ecosystem, package.name, package.version)) return true;
  return false;
}

std::string product_key(const Product& product) {
  if (!product.id.empty()) return product.id;
  for (const auto& [type, identifier] : product.identifiers)
    if (type == "purl") return identifier;
  return {};
}

}  // namespace

bool statement_names_vulnerability(const Statement& statement, const std::string& id,
                                   const std::vector<std::string>& aliases) {
  std::vector<const std::string*> names = {&statement.vulnerability.name};
  if (!statement.vulnerability.id.empty()) names.push_back(&statement.vulnerability.id);
  for (const auto& alias : statement.vulnerability.aliases) names.push_back(&alias);
  auto known = [&](const std::string& candidate) {
    if (candidate.empty()) return false;
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string* name) { return equals_ignore_case(*name, candidate); });
  };
  return known(id) || std::any_of(aliases.begin(), aliases.end(), known);
}

const Product* covering_product(const Statement& statement, const PackageQuery& package, bool* via_subcomponent) {
  for (const auto& product : statement.products) {
    if (component_covers(product, package)) {
      if (via_subcomponent) *via_subcomponent = false;
      return &product;
    }
    for (const auto& sub : product.subcomponents) {
      if (component_covers(sub, package)) {
        if (via_subcomponent) *via_subcomponent = true;
        return &product;
      }
    }
  }
  return nullptr;
}

std::optional<ApplicableStatement> find_applicable_statement(const std::vector<LoadedDocument>& documents,
                                                             const PackageQuery& package, const std::string& id,
                                                             const std::vector<std::string>& aliases) {
  std::optional<ApplicableStatement> best;
  for (const auto& loaded : documents) {
    for (const auto& statement : loaded.document.statements) {
      if (!statement.status || !statement_names_vulnerability(statement, id, aliases)) continue;
      bool via_subcomponent = false;
      const Product* product = covering_product(statement, package, &via_subcomponent);
      if (!product) continue;
      auto timestamp = effective_timestamp(statement, loaded.document);
      // Later in load order wins ties; a statement without any timestamp never beats a dated one.
      if (best && best->timestamp.value_or(INT64_MIN) > timestamp.value_or(INT64_MIN)) continue;
      ApplicableStatement found;
      found.document = &loaded;
      found.statement = &statement;
      found.status = *statement.status;
      found.justification = statement.justification;
      found.source_path = loaded.path;
      found.matched_product = product_key(*product);
      found.via_subcomponent = via_subcomponent;
      found.timestamp = timestamp;
      found.suppresses = status_suppresses(*statement.status);
      best = found;
    }
  }
  return best;
}

Document merge_documents(const std::vector<LoadedDocument>& documents, const MergeOptions& options) {
  if (documents.empty()) throw Error("at least one VEX document is needed to merge");
  Document merged;
  merged.author = options.author.empty() ? "Unknown Author" : options.author;
  merged.timestamp_unix = options.now;
  merged.timestamp = format_rfc3339(options.now);
  merged.version = 1;
  if (!options.id.empty()) {
    merged.id = options.id;
  } else {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < documents.size(); ++i)
      ids.push_back(documents[i].document.id.empty() ? fmt::format("VEX-DOC-{}", i) : documents[i].document.id);
    std::sort(ids.begin(), ids.end());
    std::string joined;
    for (std::size_t i = 0; i < ids.size(); ++i) joined += (i ? ":" : "") + ids[i];
    // go-vex names the merge "merged-vex-<sha256>", which is not an IRI as the OpenVEX schema
    // requires of @id (format "iri"); the same name under the namespace vexctl uses for its own
    // generated ids (https://openvex.dev/docs/public/vex-<sha256>, canonical_id) is one.
    merged.id = "https://openvex.dev/docs/public/merged-vex-" + sha256_hex(joined);
  }
  for (const auto& loaded : documents) {
    for (Statement statement : loaded.document.statements) {
      if (statement.timestamp.empty()) {
        if (!loaded.document.timestamp_unix)
          throw Error(loaded.path, statement.line, 0,
                      "statement has no timestamp and its document has none to inherit; cannot order it");
        statement.timestamp = loaded.document.timestamp;
        statement.timestamp_unix = loaded.document.timestamp_unix;
      }
      merged.statements.push_back(std::move(statement));
    }
  }
  std::stable_sort(merged.statements.begin(), merged.statements.end(), [](const Statement& a, const Statement& b) {
    if (a.vulnerability.name != b.vulnerability.name) return a.vulnerability.name < b.vulnerability.name;
    return a.timestamp_unix.value_or(0) < b.timestamp_unix.value_or(0);
  });
  if (!options.keep_history) {
    // Walk newest first; a statement survives when one of its products has no newer statement.
    std::map<std::pair<std::string, std::string>, bool> seen;
    std::vector<bool> keep(merged.statements.size(), false);
    for (std::size_t i = merged.statements.size(); i-- > 0;) {
      const auto& statement = merged.statements[i];
      const std::string vulnerability = to_lower(statement.vulnerability.name);
      for (const auto& product : statement.products) {
        auto [it, inserted] = seen.emplace(std::make_pair(vulnerability, product_key(product)), true);
        if (inserted) keep[i] = true;
      }
      if (statement.products.empty()) keep[i] = true;
    }
    std::vector<Statement> kept;
    for (std::size_t i = 0; i < merged.statements.size(); ++i)
      if (keep[i]) kept.push_back(std::move(merged.statements[i]));
    merged.statements = std::move(kept);
  }
  for (std::size_t i = 0; i < merged.statements.size(); ++i) merged.statements[i].index = i;
  return merged;
}

VexDirectory load_vex_directory(const std::string& dir) {
  VexDirectory out;
  std::error_code error;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".json") continue;
    std::error_code type_error;
    if (it->is_regular_file(type_error))
      files.push_back(it->path().string());
    else if (type_error)  // a dangling symbolic link, say: its statements would silently be missing
      out.failures.push_back(
          diagnostic_from_error(Error(it->path().string(), 0, 0, "cannot read: " + type_error.message()),
                                Severity::Error, "the file's statements were not read"));
  }
  // No vex/ directory means no statements; one that cannot be listed (completely) is not the same.
  if (error && error != std::errc::no_such_file_or_directory)
    out.failures.push_back(diagnostic_from_error(Error(dir, 0, 0, "cannot list the directory: " + error.message()),
                                                 Severity::Error, "statements in it were not read"));
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    try {
      out.documents.push_back(load_openvex_file(file));
    } catch (const Error& e) {
      out.failures.push_back(diagnostic_from_error(e, Severity::Error, "the file's statements were not read"));
    }
  }
  return out;
}

}  // namespace tocsin::vex
