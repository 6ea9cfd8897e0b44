#include "config/release_section.h"

#include "core/error.h"
#include "core/toml.h"

namespace tocsin::config {

ReleaseSection read_release_section(const toml::table& document, const std::string& path) {
  ReleaseSection release;
  const toml::node* section = document.get("release");
  if (section == nullptr) return release;
  const toml::table* table = section->as_table();
  if (table == nullptr) toml_fail_at(path, *section, "[release] must be a table");
  for (const auto& [key, value] : *table) {
    const std::string_view k = key.str();
    if (k == "repository" || k == "workflow") {
      const auto* text = value.as_string();
      if (text == nullptr) toml_fail_at(path, value, "release." + std::string(k) + " must be a string");
      (k == "repository" ? release.repository : release.workflow) = text->get();
    } else if (k == "require_signed_tags") {
      const auto* flag = value.as_boolean();
      if (flag == nullptr) toml_fail_at(path, value, "release.require_signed_tags must be true or false");
      release.require_signed_tags = flag->get();
    } else {
      toml_fail_at(
          path, value,
          "unknown key '" + std::string(k) + "' in [release] (expected repository, workflow, require_signed_tags)");
    }
  }
  return release;
}

}  // namespace tocsin::config
