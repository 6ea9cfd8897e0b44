// SBOMs from the inventory: CycloneDX 1.6 JSON and SPDX 2.3 JSON, optionally with the scan's
// findings and their VEX state (CycloneDX `vulnerabilities`). An SBOM is a view of what tocsin
// already knows: every package of every lockfile, its dependency edges, its release-path
// verdict. Reading SBOMs back (CycloneDX 1.4-1.6, SPDX 2.2-2.3) is the lockfile module's job
// (lockfile/cyclonedx_json.cpp, lockfile/spdx_json.cpp).
//
// Components. One per package of each lockfile (a package installed at two places of one
// lockfile, or in two lockfiles, is two components with the same purl and different bom-refs):
//   - purl per purl-spec (core/purl.h): npm scopes percent-encoded, PyPI names PEP 503, cargo as is;
//   - bom-ref = the purl, or `purl#lockfile:line` when the purl occurs more than once;
//   - hashes decoded from the lockfile's integrity field (decode_integrity below);
//   - scope `required` when the package is on the release path, `optional` when only dev/build
//     edges reach it (the reader maps `optional` and `excluded` back to dev);
//   - properties tocsin:lockfile, tocsin:line, and tocsin:root / tocsin:local / tocsin:alias /
//     tocsin:source when they apply.
// The root. metadata.component (SPDX: the package the document DESCRIBES first) is the single
// root of the inventory when there is exactly one, else a component for the project named after
// the directory; every other root (workspace members, importers) is a component with
// tocsin:root, and the project depends on it. Roots the inventory added for formats that record
// none (yarn v1, requirements.txt, …) are not packages: the project stands for them.
// Dependencies. CycloneDX `dependencies` lists every component (an empty dependsOn when it has
// none). SPDX: `A DEPENDS_ON B`, or `B DEV_DEPENDENCY_OF A` when B is dev-only; a dev-only package
// nothing depends on gets `B DEV_DEPENDENCY_OF <project>` so the verdict survives a round trip.
// Determinism. The same inventory and options give byte-identical output: the timestamp is an
// input (--now / SOURCE_DATE_EPOCH), the CycloneDX serialNumber and SPDX documentNamespace are a
// UUIDv5 of the SHA-256 of the document written without them (unless --serial is given).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/inventory.h"
#include "scan/finding.h"
#include "vex/openvex.h"

namespace tocsin::sbom {

enum class Format { CycloneDx, Spdx };
std::optional<Format> parse_format(std::string_view text);  // "cyclonedx", "spdx"

struct Options {
  Format format = Format::CycloneDx;
  bool release_path_only = false;  // only packages on the release path (and the roots)
  std::int64_t timestamp = 0;      // Unix seconds, see resolve_timestamp
  std::string serial;              // CycloneDX: "urn:uuid:…"; SPDX: documentNamespace; "" = derived
  std::string project_name;        // "" = the directory's name
  std::string tool_version;        // "" = this build's version
  // --with-vex (CycloneDX): the scan's findings and the VEX documents applied to them.
  const std::vector<scan::Finding>* findings = nullptr;
  const std::vector<vex::LoadedDocument>* vex_documents = nullptr;
};

// The document, pretty-printed (2 spaces) with a final newline.
std::string write_sbom(const inventory::Inventory& inventory, const Options& options);

// --now when given (the forms of every --now, core/time.h parse_time; Error when malformed), else SOURCE_DATE_EPOCH
// (decimal seconds; Error when malformed), else the current time.
std::int64_t resolve_timestamp(const std::string& now);

// Hashes of a lockfile integrity field. Accepted: SRI ("sha512-<base64>", several separated by
// spaces, as npm/pnpm/yarn v1 write), "ALG:<hex>" (pip --hash, uv, poetry, Pipfile.lock; tocsin's
// own SBOM reader), and bare hex (Cargo's sha256 checksum; 40/64/96/128 digits by length). Only
// SHA-1/256/384/512; the first hash of each algorithm is kept (PyPI lockfiles list one per file
// of the release: the first is the sdist for uv). yarn Berry's "10c0/<hex>" is skipped: it is the
// hash of yarn's cache zip, not of the registry tarball. Malformed values are skipped.
struct Hash {
  std::string algorithm;  // CycloneDX spelling: "SHA-1", "SHA-256", "SHA-384", "SHA-512"
  std::string hex;        // lower case
};
std::vector<Hash> decode_integrity(std::string_view integrity);

// OpenVEX -> CycloneDX analysis (CycloneDX 1.6 impactAnalysisState / Justification).
std::string_view cyclonedx_state(vex::Status status);  // not_affected, exploitable, resolved, in_triage
std::string_view cyclonedx_justification(vex::Justification justification);

// UUIDv5 (RFC 9562, SHA-1) of `name` in the URL namespace, "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx".
std::string uuid_v5(std::string_view name);

}  // namespace tocsin::sbom
