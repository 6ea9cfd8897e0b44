// `tocsin serve`: a small, read-mostly web dashboard of the incident record — the clocks that are
// due and overdue, each incident's checklist and timeline, the latest dependency scan's findings,
// the CNA readiness figures — and a JSON API under /api/ that returns the CLI's own JSON objects.
//
// The engine side lives here and is tested without sockets: a Dashboard turns a Request into a
// Response (routing, authentication, CSRF, embargo, security headers); http_server.cpp binds it
// to cpp-httplib (Debian's libcpp-httplib-dev) and is the only file that sees the library.
//
// Access model (issue 19):
//   - Bound to 127.0.0.1 (the default) without a token file, the dashboard belongs to the one
//     maintainer at the machine: every incident is visible, writes are recorded as --actor.
//   - Any other address needs --token-file (see load_tokens); without --tls-cert/--tls-key it also
//     needs --insecure-http, else `serve` refuses to start (check_listen_policy, exit 2).
//   - With tokens, every /api/ request needs `Authorization: Bearer TOKEN` (401 otherwise); the
//     token's SHA-256 is compared with each entry in constant time. The page itself and its
//     assets carry no record data and are served without a token; the page asks for the token
//     and keeps it in sessionStorage.
//   - Writes (POST) additionally need the page's CSRF token (`<meta name="csrf-token">`, sent
//     back as X-CSRF-Token) and an Origin equal to the request's own origin; otherwise 403.
//   - Embargoed incidents (`incident set ID embargo true`) are visible only to tokens that hold
//     one of the incident's owning roles (incident::embargo_roles); to others they do not exist:
//     absent from every list, 404 when asked for by id, in pages and API alike.
//   - Every response, errors included, carries security_headers(): a CSP without unsafe-inline
//     (the page has no inline script or style), nosniff, no-referrer, no framing.
//   - Static files come only from the table compiled into the binary (assets.h): a path that is
//     not a key of the table is 404, whatever dots or slashes it holds.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "incident/incident.h"

namespace tocsin::serve {

// ---- tokens (--token-file) ------------------------------------------------------------------
//   [[token]]
//   sha256 = "9f86d0…"          # hex SHA-256 of the bearer token (the file never holds the token)
//   actor = "@alice"            # recorded as the actor of her writes
//   roles = ["triage"]          # roles of tocsin.toml's [roles]: which embargoed incidents she sees
struct Token {
  std::string sha256;  // 64 lower-case hex digits
  std::string actor;
  std::vector<std::string> roles;
};
// Errors (exit 2) carry file:line:col: unknown keys, a hash that is not 64 hex digits, an empty
// actor, an unknown role, the same hash twice, no [[token]] at all.
std::vector<Token> parse_tokens(std::string_view toml_text, const std::string& path);
std::vector<Token> load_tokens(const std::string& path);

// Equal length and bytes, in time that depends only on the length.
bool constant_time_equal(std::string_view a, std::string_view b);

// ---- listening ------------------------------------------------------------------------------
struct Listen {
  std::string host = "127.0.0.1";
  int port = 8080;
  bool loopback() const;  // 127.0.0.0/8, ::1, localhost
};
// "HOST:PORT", "[V6]:PORT" or ":PORT" (host 127.0.0.1); Error on anything else.
Listen parse_listen(const std::string& text);

struct AccessOptions {
  Listen listen;
  std::string token_file;
  std::string tls_cert, tls_key;
  bool insecure_http = false;
};
// Throws Error (exit 2) when the combination is refused: a non-loopback address without
// --token-file; tokens on a non-loopback address without TLS and without --insecure-http; only
// one of --tls-cert / --tls-key.
void check_listen_policy(const AccessOptions& options);

// ---- requests -------------------------------------------------------------------------------
struct Request {
  std::string method;                          // GET, POST, …
  std::string path;                            // without the query string
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string scheme = "http";  // http or https: the origin a same-origin Origin must match
  std::string header(const std::string& lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides security_headers()
};

// The headers every response carries (the HTTP layer also sets them as defaults, so that errors
// produced by the library itself carry them too).
std::vector<std::pair<std::string, std::string>> security_headers();

// ---- the dashboard --------------------------------------------------------------------------
struct DashboardOptions {
  incident::EventStore* store = nullptr;
  const incident::PlaybookCatalog* playbooks = nullptr;
  const incident::Config* config = nullptr;
  std::string actor;                // local mode: who writes (--actor / $TOCSIN_ACTOR / $USER)
  std::optional<std::int64_t> now;  // --now; nullopt = the wall clock at each request
  std::vector<Token> tokens;        // empty = local mode (no authentication)
  std::string csrf_token;           // empty = a random one (tests fix it)
  // GET /api/cna: the JSON of `tocsin cna status --format json` for the closed incidents at
  // `now` (computed by the CLI layer, which owns the facts of incidents); nullptr = 404.
  std::function<std::string(const std::vector<incident::Incident>& closed, std::int64_t now)> cna_json;
};

// Who a request is: a token's actor and roles, or the local maintainer (sees_everything).
struct Identity {
  std::string actor;
  std::vector<std::string> roles;
  bool sees_everything = false;
};

class Dashboard {
 public:
  explicit Dashboard(DashboardOptions options);
  // Never throws: an Error becomes a JSON {"error": …} with 400 (bad request), 404 (unknown
  // incident or step) or 409 (a closed incident); anything else 500 without details.
  Response handle(const Request& request) const;
  const std::string& csrf_token() const { return options_.csrf_token; }

  // Exposed for tests: the identity of a request (nullopt = no or unknown token), and whether
  // an incident is visible to it.
  std::optional<Identity> authenticate(const Request& request) const;
  bool visible(const incident::Incident& incident, const Identity& who) const;

 private:
  Response api(const Request& request, const Identity& who) const;
  Response write(const Request& request, const Identity& who) const;
  Response page() const;
  std::int64_t now() const;
  DashboardOptions options_;
  struct State;  // the store's lock and the replayed record of its current head
  std::shared_ptr<State> state_;
};

// ---- the HTTP server ------------------------------------------------------------------------
struct ServerOptions {
  AccessOptions access;
  // Called once the socket is bound (the port, useful with port 0), before serving.
  std::function<void(int port)> on_listening;
};
// Serves until SIGINT/SIGTERM; Error when the address cannot be bound or TLS files are unusable.
void run_server(const Dashboard& dashboard, const ServerOptions& options);

}  // namespace tocsin::serve
