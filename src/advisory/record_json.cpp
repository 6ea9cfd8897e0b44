#include "advisory/record_json.h"

#include "core/error.h"
#include "core/json.h"

namespace tocsin::advisory {

namespace {

using Json = nlohmann::ordered_json;

void put(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

void put(Json& object, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) object[key] = values;
}

const char* event_key(version::OsvEvent::Kind kind) {
  switch (kind) {
    case version::OsvEvent::Kind::Introduced: return "introduced";
    case version::OsvEvent::Kind::Fixed: return "fixed";
    case version::OsvEvent::Kind::LastAffected: return "last_affected";
    case version::OsvEvent::Kind::Limit: return "limit";
  }
  return "introduced";
}

const char* range_type(version::OsvRange::Type type) {
  switch (type) {
    case version::OsvRange::Type::Semver: return "SEMVER";
    case version::OsvRange::Type::Ecosystem: return "ECOSYSTEM";
    case version::OsvRange::Type::Git: return "GIT";
  }
  return "ECOSYSTEM";
}

[[noreturn]] void corrupt(std::string_view what) {
  throw Error("corrupt stored record in the advisory database: " + std::string(what));
}

std::string string_of(json::element object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != json::SUCCESS) return {};
  return std::string(value);
}

Affected decode_affected_element(json::element object) {
  Affected affected;
  auto ecosystem = parse_ecosystem(string_of(object, "ecosystem"));
  if (!ecosystem) corrupt("unknown ecosystem");
  affected.ecosystem = *ecosystem;
  affected.name = string_of(object, "name");
  json::array ranges;
  if (object["ranges"].get_array().get(ranges) == json::SUCCESS) {
    for (auto range_element : ranges) {
      version::OsvRange range;
      std::string type = string_of(range_element, "type");
      range.type = type == "SEMVER" ? version::OsvRange::Type::Semver
                   : type == "GIT"  ? version::OsvRange::Type::Git
                                    : version::OsvRange::Type::Ecosystem;
      json::array events;
      if (range_element["events"].get_array().get(events) == json::SUCCESS) {
        for (auto event_element : events) {
          json::object event_object;
          if (event_element.get_object().get(event_object) != json::SUCCESS) corrupt("event");
          for (auto field : event_object) {
            version::OsvEvent event;
            std::string_view key = field.key;
            event.kind = key == "fixed"           ? version::OsvEvent::Kind::Fixed
                         : key == "last_affected" ? version::OsvEvent::Kind::LastAffected
                         : key == "limit"         ? version::OsvEvent::Kind::Limit
                                                  : version::OsvEvent::Kind::Introduced;
            std::string_view value;
            if (field.value.get_string().get(value) != json::SUCCESS) corrupt("event value");
            event.value = std::string(value);
            range.events.push_back(std::move(event));
          }
        }
      }
      affected.ranges.push_back(std::move(range));
    }
  }
  affected.versions = json_strings(object, "versions");
  bool uses_requirements = false;
  affected.uses_requirements =
      object["uses_requirements"].get_bool().get(uses_requirements) == json::SUCCESS && uses_requirements;
  affected.patched = json_strings(object, "patched");
  affected.unaffected = json_strings(object, "unaffected");
  affected.functions = json_strings(object, "functions");
  affected.os = json_strings(object, "os");
  affected.arch = json_strings(object, "arch");
  return affected;
}

}  // namespace

Json affected_to_json(const Affected& affected) {
  Json out = Json::object();
  out["ecosystem"] = std::string(ecosystem_name(affected.ecosystem));
  out["name"] = affected.name;
  if (!affected.ranges.empty()) {
    Json ranges = Json::array();
    for (const auto& range : affected.ranges) {
      Json events = Json::array();
      for (const auto& event : range.events) events.push_back(Json{{event_key(event.kind), event.value}});
      ranges.push_back(Json{{"type", range_type(range.type)}, {"events", std::move(events)}});
    }
    out["ranges"] = std::move(ranges);
  }
  put(out, "versions", affected.versions);
  if (affected.uses_requirements) {
    out["uses_requirements"] = true;
    out["patched"] = affected.patched;
    out["unaffected"] = affected.unaffected;
  }
  put(out, "functions", affected.functions);
  put(out, "os", affected.os);
  put(out, "arch", affected.arch);
  return out;
}

Json advisory_to_json(const Advisory& advisory) {
  Json out = Json::object();
  out["id"] = advisory.id;
  out["source"] = std::string(source_name(advisory.source));
  put(out, "aliases", advisory.aliases);
  put(out, "related", advisory.related);
  put(out, "summary", advisory.summary);
  put(out, "details", advisory.details);
  put(out, "published", advisory.published);
  put(out, "modified", advisory.modified);
  put(out, "withdrawn", advisory.withdrawn);
  Json affected = Json::array();
  for (const auto& entry : advisory.affected) affected.push_back(affected_to_json(entry));
  out["affected"] = std::move(affected);
  if (!advisory.severity.empty()) {
    Json severity = Json::array();
    for (const auto& entry : advisory.severity) severity.push_back(Json{{"type", entry.type}, {"score", entry.score}});
    out["severity"] = std::move(severity);
  }
  put(out, "cwe_ids", advisory.cwes);
  if (!advisory.references.empty()) {
    Json references = Json::array();
    for (const auto& entry : advisory.references) references.push_back(Json{{"type", entry.type}, {"url", entry.url}});
    out["references"] = std::move(references);
  }
  put(out, "categories", advisory.categories);
  put(out, "keywords", advisory.keywords);
  if (advisory.informational != Informational::None)
    out["informational"] = std::string(informational_name(advisory.informational));
  if (advisory.malicious) out["malicious"] = true;
  return out;
}

Json kev_to_json(const KevEntry& entry) {
  return Json{{"cveID", entry.cve_id},
              {"vendorProject", entry.vendor_project},
              {"product", entry.product},
              {"vulnerabilityName", entry.vulnerability_name},
              {"dateAdded", entry.date_added},
              {"dueDate", entry.due_date},
              {"knownRansomwareCampaignUse", entry.known_ransomware_campaign_use},
              {"shortDescription", entry.short_description},
              {"catalogVersion", entry.catalog_version},
              {"dateReleased", entry.date_released}};
}

json::element RecordDecoder::parse(std::string_view text) {
  json::element root;
  if (parser_.parse(text).get(root) != json::SUCCESS) corrupt("not JSON");
  return root;
}

Advisory RecordDecoder::advisory(std::string_view json) {
  auto root = parse(json);
  Advisory advisory;
  advisory.id = string_of(root, "id");
  advisory.source = string_of(root, "source") == "rustsec" ? Source::RustSec : Source::Osv;
  advisory.aliases = json_strings(root, "aliases");
  advisory.related = json_strings(root, "related");
  advisory.summary = string_of(root, "summary");
  advisory.details = string_of(root, "details");
  advisory.published = string_of(root, "published");
  advisory.modified = string_of(root, "modified");
  advisory.withdrawn = string_of(root, "withdrawn");
  json::array array;
  if (root["affected"].get_array().get(array) == json::SUCCESS)
    for (auto item : array) advisory.affected.push_back(decode_affected_element(item));
  if (root["severity"].get_array().get(array) == json::SUCCESS)
    for (auto item : array) advisory.severity.push_back({string_of(item, "type"), string_of(item, "score")});
  advisory.cwes = json_strings(root, "cwe_ids");
  if (root["references"].get_array().get(array) == json::SUCCESS)
    for (auto item : array) advisory.references.push_back({string_of(item, "type"), string_of(item, "url")});
  advisory.categories = json_strings(root, "categories");
  advisory.keywords = json_strings(root, "keywords");
  advisory.informational = parse_informational(string_of(root, "informational"));
  bool malicious = false;
  advisory.malicious = root["malicious"].get_bool().get(malicious) == json::SUCCESS && malicious;
  return advisory;
}

Affected RecordDecoder::affected(std::string_view json) { return decode_affected_element(parse(json)); }

KevEntry RecordDecoder::kev(std::string_view json) {
  auto root = parse(json);
  KevEntry entry;
  entry.cve_id = string_of(root, "cveID");
  entry.vendor_project = string_of(root, "vendorProject");
  entry.product = string_of(root, "product");
  entry.vulnerability_name = string_of(root, "vulnerabilityName");
  entry.date_added = string_of(root, "dateAdded");
  entry.due_date = string_of(root, "dueDate");
  entry.known_ransomware_campaign_use = string_of(root, "knownRansomwareCampaignUse");
  entry.short_description = string_of(root, "shortDescription");
  entry.catalog_version = string_of(root, "catalogVersion");
  entry.date_released = string_of(root, "dateReleased");
  return entry;
}

}  // namespace tocsin::advisory
