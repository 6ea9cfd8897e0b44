// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/), see sbom.h for what goes where.
#include <map>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/purl.h"
#include "core/text.h"
#include "core/time.h"
#include "sbom/sbom.h"
#include "sbom/view.h"
#include "vex/match.h"

namespace tocsin::sbom {
namespace {

using nlohmann::ordered_json;

void add_property(ordered_json& properties, std::string name, std::string value) {
  properties.push_back(ordered_json{{"name", std::move(name)}, {"value", std::move(value)}});
}

ordered_json component(const Node& node) {
  ordered_json out = ordered_json::object();
  out["type"] = node.root ? "application" : "library";
  out["bom-ref"] = node.bom_ref;
  std::string name = node.name;
  if (node.package && node.package->ecosystem == Ecosystem::Npm && starts_with(name, "@") &&
      name.find('/') != std::string::npos) {
    out["group"] = name.substr(0, name.find('/'));  // as cdxgen: the npm scope is the group
    name = name.substr(name.find('/') + 1);
  }
  out["name"] = name;
  if (!node.version.empty()) out["version"] = node.version;
  if (node.package) out["scope"] = node.release ? "required" : "optional";
  if (!node.hashes.empty()) {
    ordered_json hashes = ordered_json::array();
    for (const Hash& hash : node.hashes) hashes.push_back(ordered_json{{"alg", hash.algorithm}, {"content", hash.hex}});
    out["hashes"] = std::move(hashes);
  }
  if (!node.purl.empty()) out["purl"] = node.purl;
  if (node.package) {
    ordered_json properties = ordered_json::array();
    add_property(properties, "tocsin:lockfile", node.lockfile);
    add_property(properties, "tocsin:line", std::to_string(node.package->line));
    if (node.root) add_property(properties, "tocsin:root", "true");
    if (node.package->is_local) add_property(properties, "tocsin:local", "true");
    if (!node.package->alias.empty()) add_property(properties, "tocsin:alias", node.package->alias);
    if (!node.package->source.empty()) add_property(properties, "tocsin:source", node.package->source);
    out["properties"] = std::move(properties);
  }
  return out;
}

std::string rating_method(const std::string& vector) {
  if (starts_with(vector, "CVSS:4.0/")) return "CVSSv4";
  if (starts_with(vector, "CVSS:3.1/")) return "CVSSv31";
  if (starts_with(vector, "CVSS:3.0/")) return "CVSSv3";
  return "other";
}

std::string source_name(const std::string& id) {
  if (starts_with(id, "RUSTSEC-")) return "RustSec";
  if (starts_with(id, "GHSA-")) return "GitHub";
  if (starts_with(id, "CVE-")) return "NVD";
  if (starts_with(id, "PYSEC-")) return "PyPA";
  return "OSV";
}

// One vulnerability per finding; affects names the component of the finding's lockfile line.
ordered_json vulnerability(const scan::Finding& finding, const std::string& bom_ref, const Options& options) {
  ordered_json out = ordered_json::object();
  out["bom-ref"] = finding.id + "/" + bom_ref;
  out["id"] = finding.id;
  ordered_json source = {{"name", source_name(finding.id)}};
  if (!finding.url.empty()) source["url"] = finding.url;
  out["source"] = std::move(source);
  if (!finding.aliases.empty()) {
    ordered_json references = ordered_json::array();
    for (const std::string& alias : finding.aliases)
      references.push_back(ordered_json{{"id", alias}, {"source", {{"name", source_name(alias)}}}});
    out["references"] = std::move(references);
  }
  if (!finding.cvss.empty()) {
    ordered_json ratings = ordered_json::array();
    for (const std::string& vector : finding.cvss) {
      ordered_json rating = {{"source", {{"name", source_name(finding.id)}}}, {"method", rating_method(vector)}};
      rating["vector"] = vector;
      ratings.push_back(std::move(rating));
    }
    out["ratings"] = std::move(ratings);
  }
  if (!finding.cwes.empty()) {
    ordered_json cwes = ordered_json::array();
    for (const std::string& cwe : finding.cwes) {
      std::string digits = starts_with(cwe, "CWE-") ? cwe.substr(4) : cwe;
      if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos && digits.size() < 9)
        cwes.push_back(std::stoi(digits));
    }
    if (!cwes.empty()) out["cwes"] = std::move(cwes);
  }
  if (!finding.summary.empty()) out["description"] = finding.summary;
  if (!finding.fixed_version.empty())
    out["recommendation"] = "Upgrade " + finding.name + " to " + finding.fixed_version;

  std::optional<vex::ApplicableStatement> statement;
  if (options.vex_documents != nullptr && !options.vex_documents->empty())
    statement = vex::find_applicable_statement(
        *options.vex_documents, {finding.ecosystem, finding.name, finding.version}, finding.id, finding.aliases);
  if (statement) {
    ordered_json analysis = ordered_json::object();
    analysis["state"] = cyclonedx_state(statement->status);
    if (statement->status == vex::Status::NotAffected && statement->justification)
      analysis["justification"] = cyclonedx_justification(*statement->justification);
    if (statement->status == vex::Status::Affected) {
      ordered_json response = ordered_json::array();
      if (!finding.fixed_version.empty()) response.push_back("update");
      if (!statement->statement->action_statement.empty() && finding.fixed_version.empty())
        response.push_back("workaround_available");
      if (!response.empty()) analysis["response"] = std::move(response);
    }
    std::string detail = statement->statement->impact_statement;
    if (!statement->statement->action_statement.empty())
      detail += (detail.empty() ? "" : "\n") + statement->statement->action_statement;
    if (!statement->statement->status_notes.empty())
      detail += (detail.empty() ? "" : "\n") + statement->statement->status_notes;
    if (!detail.empty()) analysis["detail"] = detail;
    out["analysis"] = std::move(analysis);
  }
  ordered_json version = {{"version", finding.version},
                          {"status", statement && !statement->suppresses ? "affected"
                                     : statement                         ? "unaffected"
                                                                         : "affected"}};
  out["affects"] = ordered_json::array({ordered_json{{"ref", bom_ref}, {"versions", ordered_json::array({version})}}});
  ordered_json properties = ordered_json::array();
  add_property(properties, "tocsin:level", finding.level);
  add_property(properties, "tocsin:release-path", finding.release_path ? "true" : "false");
  if (finding.kev) add_property(properties, "tocsin:kev", finding.kev->cve);
  if (finding.known_bad) add_property(properties, "tocsin:known-bad", finding.known_bad->reference);
  out["properties"] = std::move(properties);
  return out;
}

}  // namespace

std::string write_cyclonedx(const inventory::Inventory& inventory, const Options& options) {
  View view = build_view(inventory, options);
  ordered_json bom = ordered_json::object();
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.6";
  bom["serialNumber"] = "";  // filled last: it may be derived from everything else
  bom["version"] = 1;
  ordered_json metadata = ordered_json::object();
  metadata["timestamp"] = format_rfc3339(options.timestamp);
  metadata["tools"] = {
      {"components", ordered_json::array({ordered_json{
                         {"type", "application"}, {"name", "tocsin"}, {"version", options.tool_version}}})}};
  metadata["component"] = component(view.nodes[0]);
  ordered_json lifecycle = ordered_json::array({ordered_json{{"phase", "pre-build"}}});
  metadata["lifecycles"] = std::move(lifecycle);
  bom["metadata"] = std::move(metadata);

  ordered_json components = ordered_json::array();
  for (std::size_t i = 1; i < view.nodes.size(); ++i) components.push_back(component(view.nodes[i]));
  bom["components"] = std::move(components);

  ordered_json dependencies = ordered_json::array();
  for (const Node& node : view.nodes) {
    ordered_json depends_on = ordered_json::array();
    for (std::size_t to : node.depends_on) depends_on.push_back(view.nodes[to].bom_ref);
    dependencies.push_back(ordered_json{{"ref", node.bom_ref}, {"dependsOn", std::move(depends_on)}});
  }
  bom["dependencies"] = std::move(dependencies);

  if (options.findings != nullptr) {
    // The component of each finding: same lockfile, same line, same name and version.
    std::map<std::tuple<std::string, int, std::string, std::string>, std::string> by_place;
    for (const Node& node : view.nodes)
      if (node.package)
        by_place.emplace(std::make_tuple(node.lockfile, node.package->line, node.name, node.version), node.bom_ref);
    ordered_json vulnerabilities = ordered_json::array();
    for (const scan::Finding& finding : *options.findings) {
      auto it = by_place.find({finding.lockfile, finding.line, finding.name, finding.version});
      if (it == by_place.end()) continue;  // left out by --release-path-only
      vulnerabilities.push_back(vulnerability(finding, it->second, options));
    }
    bom["vulnerabilities"] = std::move(vulnerabilities);
  }

  std::string serial = options.serial;
  if (serial.empty()) {
    bom.erase("serialNumber");
    serial = "urn:uuid:" + uuid_v5("tocsin-sbom:cyclonedx:" + sha256_hex(bom.dump()));
    ordered_json ordered = ordered_json::object();
    for (auto it = bom.begin(); it != bom.end(); ++it) {
      ordered[it.key()] = it.value();
      if (it.key() == "specVersion") ordered["serialNumber"] = serial;
    }
    bom = std::move(ordered);
  } else {
    bom["serialNumber"] = serial;
  }
  return bom.dump(2) + "\n";
}

}  // namespace tocsin::sbom
