#include "config/project_section.h"

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"

namespace tocsin::config {

ProjectInfo read_project_section(const toml::table& document, const std::string& path) {
  ProjectInfo configured;
  const toml::node* section = document.get("project");
  if (section == nullptr) return configured;
  const toml::table* table = section->as_table();
  if (table == nullptr) toml_fail_at(path, *section, "[project] must be a table");
  for (const auto& [key, value] : *table) {
    const std::string_view k = key.str();
    std::string* field = k == "name"             ? &configured.name
                         : k == "package"        ? &configured.package
                         : k == "ecosystem"      ? &configured.ecosystem
                         : k == "repository"     ? &configured.repository_url
                         : k == "cna_org_id"     ? &configured.cna_org_id
                         : k == "cna_short_name" ? &configured.cna_short_name
                                                 : nullptr;
    if (field == nullptr)
      toml_fail_at(path, value,
                   "unknown key '" + std::string(k) +
                       "' in [project] (expected one of name, package, ecosystem, repository, cna_org_id, "
                       "cna_short_name)");
    const auto* text = value.as_string();
    if (text == nullptr) toml_fail_at(path, value, "project." + std::string(k) + " must be a string");
    *field = std::string(trim(text->get()));
    // Checked when read, not when a record is published: the OSV and CVE schemas need an
    // absolute URL, and "github.com/o/r" would only fail there.
    if (field == &configured.repository_url && !field->empty() && markdown_url(*field) != *field)
      toml_fail_at(path, value,
                   "project.repository '" + escape_terminal(truncate_text(*field, 100)) +
                       "' is not an absolute http(s) URL (write e.g. https://github.com/OWNER/REPO)");
  }
  return configured;
}

}  // namespace tocsin::config
