// CISA Known Exploited Vulnerabilities catalog (JSON feed, schema in the catalog's repository:
// known_exploited_vulnerabilities_schema.json).
#include "advisory/parsers.h"
#include "core/error.h"
#include "core/json.h"
#include "core/text.h"

namespace tocsin::advisory {

KevCatalog parse_kev(const std::string& path, std::string_view content) {
  JsonDocument document(path, content);
  auto root = document.root();
  if (!root.is_object()) throw Error(path, 0, 0, "a KEV catalog must be a JSON object");
  KevCatalog catalog;
  catalog.title = std::string(json_string(root, "title"));
  catalog.catalog_version = std::string(json_string(root, "catalogVersion"));
  catalog.date_released = std::string(json_string(root, "dateReleased"));
  if (catalog.catalog_version.empty()) throw Error(path, 0, 0, "missing 'catalogVersion' (not a KEV catalog)");
  std::uint64_t count = 0;
  if (root["count"].get_uint64().get(count) == json::SUCCESS) catalog.declared_count = count;
  json::array vulnerabilities;
  if (root["vulnerabilities"].get_array().get(vulnerabilities) != json::SUCCESS)
    throw Error(path, 0, 0, "missing 'vulnerabilities' array");
  std::size_t index = 0;
  for (auto item : vulnerabilities) {
    ++index;
    if (!item.is_object()) throw Error(path, 0, 0, "vulnerability #" + std::to_string(index) + " is not an object");
    KevEntry entry;
    entry.cve_id = std::string(trim(json_string(item, "cveID")));
    if (!starts_with(entry.cve_id, "CVE-"))
      throw Error(path, 0, 0, "vulnerability #" + std::to_string(index) + " has no valid 'cveID'");
    entry.vendor_project = std::string(json_string(item, "vendorProject"));
    entry.product = std::string(json_string(item, "product"));
    entry.vulnerability_name = std::string(json_string(item, "vulnerabilityName"));
    entry.date_added = std::string(json_string(item, "dateAdded"));
    entry.due_date = std::string(json_string(item, "dueDate"));
    entry.known_ransomware_campaign_use = std::string(json_string(item, "knownRansomwareCampaignUse"));
    entry.short_description = std::string(json_string(item, "shortDescription"));
    entry.catalog_version = catalog.catalog_version;
    entry.date_released = catalog.date_released;
    catalog.entries.push_back(std::move(entry));
  }
  return catalog;
}

}  // namespace tocsin::advisory
