// Who may reach the dashboard: the token file, the listen address and its policy, the headers
// every response carries.
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/toml.h"
#include "incident/playbook.h"
#include "serve/serve.h"

namespace tocsin::serve {
namespace {

[[noreturn]] void fail_at(const std::string& path, const toml::node& node, const std::string& message) {
  throw Error(path, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), message);
}

std::string text(const std::string& path, const toml::node& node, const std::string& what) {
  const auto* value = node.as_string();
  if (!value || trim(value->get()).empty()) fail_at(path, node, what + " must be a non-empty string");
  return std::string(trim(value->get()));
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::vector<Token> parse_tokens(std::string_view toml_text, const std::string& path) {
  const toml::table document = parse_toml(path, toml_text);
  std::vector<Token> tokens;
  std::set<std::string> hashes;
  for (const auto& [key, value] : document) {
    if (key.str() != "token" || !value.is_array_of_tables())
      fail_at(path, value, "unknown key '" + std::string(key.str()) + "' (a token file holds [[token]] entries)");
    for (const toml::node& entry : *value.as_array()) {
      const toml::table& table = *entry.as_table();
      Token token;
      for (const auto& [field, item] : table) {
        const std::string_view name = field.str();
        if (name == "sha256") {
          token.sha256 = to_lower(text(path, item, "token.sha256"));
          if (!is_hex64(token.sha256))
            fail_at(path, item, "token.sha256 must be the 64 hex digits of the token's SHA-256 (sha256sum)");
          if (!hashes.insert(token.sha256).second) fail_at(path, item, "the same token hash is listed twice");
        } else if (name == "actor") {
          token.actor = text(path, item, "token.actor");
        } else if (name == "roles") {
          const toml::array* roles = item.as_array();
          if (!roles) fail_at(path, item, "token.roles must be an array of role names");
          for (const toml::node& role : *roles) {
            const std::string role_name = text(path, role, "a role");
            if (std::find(incident::kRoles.begin(), incident::kRoles.end(), role_name) == incident::kRoles.end())
              fail_at(path, role,
                      "unknown role '" + role_name +
                          "' (expected one of triage, crypto_reviewer, connector_reviewer, release_engineer)");
            token.roles.push_back(role_name);
          }
        } else {
          fail_at(path, item, "unknown key '" + std::string(name) + "' in [[token]] (expected sha256, actor, roles)");
        }
      }
      if (token.sha256.empty()) fail_at(path, entry, "[[token]] needs sha256");
      if (token.actor.empty()) fail_at(path, entry, "[[token]] needs actor");
      tokens.push_back(std::move(token));
    }
  }
  if (tokens.empty()) throw Error(path, 0, 0, "no [[token]] entry: nobody could sign in");
  return tokens;
}

std::vector<Token> load_tokens(const std::string& path) { return parse_tokens(read_file(path), path); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  return difference == 0;
}

bool Listen::loopback() const { return host == "localhost" || host == "::1" || starts_with(host, "127."); }

Listen parse_listen(const std::string& text) {
  const auto bad = [&] {
    return Error("--listen '" + truncate_for_message(text, 100) + "' must be HOST:PORT, [IPV6]:PORT or :PORT");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw bad();
  Listen listen;
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);  // an IPv6 address
  else if (host.find(':') != std::string::npos)
    throw bad();
  if (host.find_first_of("[] /\t") != std::string::npos) throw bad();
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) throw bad();
  listen.port = std::stoi(port);
  if (listen.port > 65535) throw bad();
  if (!host.empty()) listen.host = host;
  return listen;
}

void check_listen_policy(const AccessOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    throw Error("--tls-cert and --tls-key go together (a certificate and its private key)");
  if (options.listen.loopback()) return;
  if (options.token_file.empty())
    throw Error("--listen " + options.listen.host +
                ": any address but 127.0.0.1 needs --token-file FILE (who may read the record, see tocsin serve "
                "--help)");
  if (options.tls_cert.empty() && !options.insecure_http)
    throw Error("--listen " + options.listen.host +
                ": bearer tokens would cross the network in clear; give --tls-cert FILE --tls-key FILE (or "
                "--insecure-http behind a TLS proxy)");
}

std::vector<std::pair<std::string, std::string>> security_headers() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"},
          {"Cache-Control", "no-store"}};
}

}  // namespace tocsin::serve
