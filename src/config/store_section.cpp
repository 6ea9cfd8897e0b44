#include "config/store_section.h"

#include "core/error.h"
#include "core/text.h"
#include "incident/postgres_store.h"

namespace tocsin::config {
namespace {

[[noreturn]] void fail_at(const std::string& path, const toml::node& node, const std::string& message) {
  throw Error(path, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), message);
}

}  // namespace

StoreSection read_store_section(const toml::table& document, const std::string& path) {
  StoreSection configured;
  const toml::node* section = document.get("store");
  if (section == nullptr) return configured;
  const toml::table* table = section->as_table();
  if (table == nullptr) fail_at(path, *section, "[store] must be a table");
  for (const auto& [key, value] : *table) {
    if (key.str() != "url")
      fail_at(path, value,
              "unknown key '" + escape_terminal(truncate_text(std::string(key.str()), 100)) +
                  "' in [store] (expected url)");
    const auto* text = value.as_string();
    if (text == nullptr) fail_at(path, value, "store.url must be a string");
    configured.url = std::string(trim(text->get()));
    if (configured.url.empty()) fail_at(path, value, "store.url is empty (remove it for the default store)");
    if (incident::is_postgres_url(configured.url)) {
      try {
        incident::refuse_password_in_url(configured.url, "");
      } catch (const Error& error) {
        fail_at(path, value, "store.url: " + error.message());
      }
    }
  }
  return configured;
}

}  // namespace tocsin::config
