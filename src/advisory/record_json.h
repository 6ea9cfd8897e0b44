// The stored form of a record: the normalized Advisory as OSV-shaped JSON. The database keeps
// one blob per advisory and one small blob per affected package (what matching needs), so a scan
// never re-parses a feed and only decodes full records for actual hits.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "advisory/advisory.h"
#include "core/json_dom.h"

namespace tocsin::advisory {

nlohmann::ordered_json advisory_to_json(const Advisory& advisory);
nlohmann::ordered_json affected_to_json(const Affected& affected);
nlohmann::ordered_json kev_to_json(const KevEntry& entry);

// Decodes blobs written by the functions above. Throws Error("corrupt stored record …") when a
// blob does not have the expected shape (a damaged database, never user input).
class RecordDecoder {
 public:
  Advisory advisory(std::string_view json);
  Affected affected(std::string_view json);
  KevEntry kev(std::string_view json);

 private:
  json::element parse(std::string_view text);
  json::parser parser_;
};

}  // namespace tocsin::advisory
