// Applying VEX to findings, and merging documents.
//
// find_applicable_statement() is what `tocsin scan` calls for each finding: given the loaded
// documents, the package (ecosystem, name, version) and the finding's vulnerability id and
// aliases, it returns the statement in force — among the statements whose vulnerability (name,
// @id or any alias, compared case-insensitively) meets the finding's id or aliases, and which
// cover the package as a product or as a subcomponent of a product (purl_covers, see purl.h),
// the newest by effective timestamp (the statement's own, else its document's; OpenVEX
// inheritance). Ties go to the later one in load order, which is how OpenVEX updates a document:
// a statement appended later supersedes an earlier one. Statements with an unknown status are
// skipped (they cannot say anything). The result says whether it suppresses the finding:
// `not_affected` and `fixed` do, `affected` and `under_investigation` never do.
//
// merge_documents() follows vexctl merge (go-vex MergeDocumentsWithOptions): statements without a
// timestamp take their document's, statements are sorted by vulnerability name then timestamp
// (stable), the document id defaults to https://openvex.dev/docs/public/merged-vex-<sha256 of the
// sorted source ids joined by ':'> (go-vex writes the bare "merged-vex-<sha256>", which is not the
// IRI the OpenVEX schema requires). vexctl keeps superseded statements as history; by default tocsin keeps only the
// newest statement per product and vulnerability (a statement is dropped when every one of its products has a newer
// statement for the same vulnerability), `keep_history` gives vexctl's output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ecosystem.h"
#include "vex/openvex.h"

namespace tocsin::vex {

struct PackageQuery {
  Ecosystem ecosystem = Ecosystem::CratesIo;
  std::string name;
  std::string version;
};

struct ApplicableStatement {
  const LoadedDocument* document = nullptr;
  const Statement* statement = nullptr;
  Status status = Status::UnderInvestigation;
  std::optional<Justification> justification;
  std::string source_path;      // the VEX file
  std::string matched_product;  // the product @id (or purl identifier) that covers the package
  bool via_subcomponent = false;
  std::optional<std::int64_t> timestamp;
  bool suppresses = false;
};

// Whether the statement's vulnerability is known under `id` or one of `aliases`.
bool statement_names_vulnerability(const Statement& statement, const std::string& id,
                                   const std::vector<std::string>& aliases);

// The product that covers the package (itself or through a subcomponent), or nullptr.
const Product* covering_product(const Statement& statement, const PackageQuery& package, bool* via_subcomponent);

std::optional<ApplicableStatement> find_applicable_statement(const std::vector<LoadedDocument>& documents,
                                                             const PackageQuery& package, const std::string& id,
                                                             const std::vector<std::string>& aliases);

struct MergeOptions {
  std::string id;        // "" = https://openvex.dev/docs/public/merged-vex-<sha256>
  std::string author;    // "" = "Unknown Author" (go-vex's default)
  std::int64_t now = 0;  // the merged document's timestamp
  bool keep_history = false;
};

// Throws Error when `documents` is empty or a statement has no timestamp to inherit.
Document merge_documents(const std::vector<LoadedDocument>& documents, const MergeOptions& options);

// Every *.json directly in `dir`, sorted by name, read leniently. A file that is not JSON at all
// lands in `failures` instead of stopping the others.
struct VexDirectory {
  std::vector<LoadedDocument> documents;
  std::vector<Diagnostic> failures;  // files that could not be read, and a directory that could not be listed
};
VexDirectory load_vex_directory(const std::string& dir);

}  // namespace tocsin::vex
