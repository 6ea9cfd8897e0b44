// tocsin.toml `[store]`: where the incident record lives when --store is not given.
//   [store]
//   url = "postgresql://tocsin@db.example.org/security"   # a team's shared record
//   # or url = "records/incidents.db"                     # a SQLite file, relative to tocsin.toml
// Precedence: --store, then [store] url, then the per-project file under $XDG_DATA_HOME. A URL
// carrying a password is refused with its line and column (the file is committed; the password
// belongs in ~/.pgpass or PGPASSWORD). Unknown keys and non-string values are errors.
#pragma once

#include <toml++/toml.h>

#include <string>

namespace tocsin::config {

struct StoreSection {
  std::string url;  // as written; "" when absent
};

StoreSection read_store_section(const toml::table& document, const std::string& path);

}  // namespace tocsin::config
