// The dashboard's routes: the page, its assets, the JSON API, the two write actions.
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/time.h"
#include "serve/assets.h"
#include "serve/serve.h"

namespace tocsin::serve {
namespace {

using Json = nlohmann::ordered_json;
using namespace tocsin::incident;

Response json_response(int status, const Json& body) {
  Response response;
  response.status = status;
  // Notes and titles are anyone's text: bytes that are not UTF-8 are replaced, never a 500.
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

Response error_response(int status, const std::string& message) { return json_response(status, {{"error", message}}); }

std::string random_hex(std::size_t bytes) {
  // The kernel's CSPRNG (getrandom(2) blocks only until it is seeded, at boot).
  std::vector<unsigned char> buffer(bytes);
  for (std::size_t filled = 0; filled < buffer.size();) {
    const ssize_t got = ::getrandom(buffer.data() + filled, buffer.size() - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw Error("cannot draw random bytes for the CSRF token (getrandom)");
    filled += static_cast<std::size_t>(got);
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::string html_attribute(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// "/api/incidents/INC-0001/steps/notify" -> {"api", "incidents", "INC-0001", "steps", "notify"}
std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view part : split(path, '/'))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

// The record as of its current head, replayed once per change rather than once per request.
struct Snapshot {
  std::optional<Head> head;
  std::vector<Event> events;
  std::vector<Incident> incidents;
};

}  // namespace

struct Dashboard::State {
  std::mutex store_mutex;  // one store connection, many server threads
  std::shared_ptr<const Snapshot> cached;
};

namespace {

std::shared_ptr<const Snapshot> snapshot(EventStore& store, std::mutex& store_mutex,
                                         std::shared_ptr<const Snapshot>& cached) {
  std::lock_guard<std::mutex> lock(store_mutex);
  const std::optional<Head> head = store.head();
  if (cached && cached->head.has_value() == head.has_value() && (!head || cached->head->hash == head->hash))
    return cached;
  auto fresh = std::make_shared<Snapshot>();
  fresh->head = head;
  fresh->events = store.read_all();
  fresh->incidents = replay(fresh->events);
  cached = fresh;
  return fresh;
}

int status_of(const Error& error) {
  const std::string& message = error.message();
  if (starts_with(message, "no incident '") || message.find("has no step") != std::string::npos) return 404;
  if (message.find("it is read-only") != std::string::npos) return 409;
  return 400;
}

}  // namespace

std::string Request::header(const std::string& lower_name) const {
  auto found = headers.find(lower_name);
  return found == headers.end() ? std::string() : found->second;
}

Dashboard::Dashboard(DashboardOptions options) : options_(std::move(options)), state_(std::make_shared<State>()) {
  if (!options_.store || !options_.playbooks || !options_.config) throw Error("serve: the dashboard needs a record");
  if (options_.csrf_token.empty()) options_.csrf_token = random_hex(32);
}

std::int64_t Dashboard::now() const { return options_.now ? *options_.now : now_unix_seconds(); }

std::optional<Identity> Dashboard::authenticate(const Request& request) const {
  if (options_.tokens.empty()) return Identity{options_.actor, {}, true};
  const std::string authorization = request.header("authorization");
  if (!starts_with(authorization, "Bearer ")) return std::nullopt;
  const std::string presented = sha256_hex(trim(std::string_view(authorization).substr(7)));
  // Every entry is compared, whatever matched, so the time says nothing about which one did.
  const Token* match = nullptr;
  for (const Token& token : options_.tokens)
    if (constant_time_equal(presented, token.sha256)) match = &token;
  if (!match) return std::nullopt;
  return Identity{match->actor, match->roles, false};
}

bool Dashboard::visible(const Incident& incident, const Identity& who) const {
  if (!incident.embargo || who.sees_everything) return true;
  const Playbook* playbook = options_.playbooks->find(incident.playbook);
  const std::vector<std::string> owners = playbook ? embargo_roles(incident, *playbook) : incident.embargo_roles;
  return std::any_of(who.roles.begin(), who.roles.end(), [&](const std::string& role) {
    return std::find(owners.begin(), owners.end(), role) != owners.end();
  });
}

Response Dashboard::page() const {
  const Asset* asset = find_asset("index.html");
  std::string html(reinterpret_cast<const char*>(asset->data), asset->size);
  replace_all(html, "{{csrf}}", html_attribute(options_.csrf_token));
  replace_all(html, "{{auth}}", options_.tokens.empty() ? "local" : "token");
  replace_all(html, "{{now}}", html_attribute(format_rfc3339(now())));
  Response response;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(html);
  return response;
}

Response Dashboard::handle(const Request& request) const {
  try {
    const std::vector<std::string> parts = segments(request.path);
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (!get && request.method != "POST") return error_response(405, "method not allowed");
    if (parts.empty() || (parts.size() == 1 && parts[0] == "index.html")) {
      if (!get) return error_response(405, "method not allowed");
      return page();
    }
    if (parts[0] == "assets") {
      // Only a name of the compiled-in table: "../", "%2e%2e", "a/b" are simply not keys.
      const Asset* asset = parts.size() == 2 && request.path == "/assets/" + parts[1] ? find_asset(parts[1]) : nullptr;
      if (!asset || !get) return error_response(404, "not found");
      Response response;
      response.content_type = std::string(asset_type(asset->name));
      response.body.assign(reinterpret_cast<const char*>(asset->data), asset->size);
      return response;
    }
    if (parts[0] != "api") return error_response(404, "not found");
    const std::optional<Identity> who = authenticate(request);
    if (!who) {
      Response response = error_response(401, "a bearer token is needed (Authorization: Bearer TOKEN)");
      response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tocsin\"");
      return response;
    }
    return request.method == "POST" ? write(request, *who) : api(request, *who);
  } catch (const Error& error) {
    return error_response(status_of(error), error.message());
  } catch (const std::exception&) {
    return error_response(500, "internal error");
  }
}

Response Dashboard::api(const Request& request, const Identity& who) const {
  const std::vector<std::string> parts = segments(request.path);
  const std::shared_ptr<const Snapshot> record = snapshot(*options_.store, state_->store_mutex, state_->cached);
  const std::int64_t at = now();
  std::vector<Incident> shown;
  for (const Incident& incident : record->incidents)
    if (visible(incident, who)) shown.push_back(incident);

  if (parts.size() == 2 && parts[1] == "incidents") return json_response(200, incident_list_json(shown));
  if (parts.size() == 3 && parts[1] == "incidents") {
    for (const Incident& incident : shown)
      if (incident.id == parts[2])
        return json_response(200,
                             incident_json(incident, options_.playbooks->get(incident.playbook), *options_.config, at));
    return error_response(404, "no incident '" + parts[2] + "'");  // embargoed ones do not exist here
  }
  if (parts.size() == 2 && parts[1] == "due")
    return json_response(200, due_json(due_items(shown, *options_.playbooks, *options_.config), *options_.config, at));
  if (parts.size() == 2 && parts[1] == "findings") {
    Json scan = latest_scan_json(record->events);
    Json out{{"recorded_at", nullptr}, {"complete", false}, {"findings", Json::array()}, {"by_level", Json::object()}};
    if (!scan.is_null()) {
      out["recorded_at"] = scan["recorded_at"];
      out["complete"] = scan["complete"];
      Json findings = Json::array();
      for (const Json& finding : scan["findings"]) {
        // A finding of an incident this identity may not see is not shown either.
        const std::string id = finding.contains("incident") && finding["incident"].is_string()
                                   ? finding["incident"].get<std::string>()
                                   : "";
        const bool hidden = !id.empty() && std::none_of(shown.begin(), shown.end(),
                                                        [&](const Incident& incident) { return incident.id == id; });
        if (!hidden) findings.push_back(finding);
      }
      Json by_level = Json::object();
      for (policy::Level level : {policy::Level::Critical, policy::Level::High, policy::Level::Medium,
                                  policy::Level::Low, policy::Level::Info})
        by_level[std::string(policy::level_name(level))] = 0;
      for (const Json& finding : findings) {
        const std::string level = finding.value("level", "");
        if (by_level.contains(level)) by_level[level] = by_level[level].get<int>() + 1;
      }
      out["findings"] = findings;
      out["by_level"] = by_level;
    }
    return json_response(200, out);
  }
  if (parts.size() == 2 && parts[1] == "cna") {
    if (!options_.cna_json) return error_response(404, "not found");
    std::vector<Incident> closed;
    for (const Incident& incident : shown)
      if (incident.closed()) closed.push_back(incident);
    Response response;
    response.body = options_.cna_json(closed, at);
    return response;
  }
  if (parts.size() == 2 && parts[1] == "me")
    return json_response(200, {{"actor", who.actor},
                               {"roles", who.roles},
                               {"mode", options_.tokens.empty() ? "local" : "token"},
                               {"now", format_rfc3339(at)}});
  return error_response(404, "not found");
}

Response Dashboard::write(const Request& request, const Identity& who) const {
  // CSRF: the page's token and a same-origin Origin, both required.
  if (!constant_time_equal(request.header("x-csrf-token"), options_.csrf_token))
    return error_response(403, "the X-CSRF-Token header must carry the page's csrf-token");
  const std::string host = request.header("host");
  if (host.empty() || request.header("origin") != request.scheme + "://" + host)
    return error_response(403, "cross-origin write refused (Origin must be this server)");

  const std::vector<std::string> parts = segments(request.path);
  const bool ack = parts.size() == 4 && parts[1] == "incidents" && parts[3] == "ack";
  const bool step = parts.size() == 5 && parts[1] == "incidents" && parts[3] == "steps";
  if (!ack && !step) return error_response(404, "not found");

  Json body = Json::object();
  if (!trim(request.body).empty()) {
    try {
      body = Json::parse(request.body);
    } catch (const Json::parse_error&) {
      return error_response(400, "the body must be a JSON object");
    }
  }
  if (!body.is_object()) return error_response(400, "the body must be a JSON object");
  const auto string_member = [&](const char* key) -> std::string {
    if (!body.contains(key)) return "";
    if (!body[key].is_string()) throw Error(std::string(key) + " must be a string");
    return body[key].get<std::string>();
  };
  const std::string note = string_member("note");

  // The incident must be visible to this identity before anything is written.
  const std::shared_ptr<const Snapshot> record = snapshot(*options_.store, state_->store_mutex, state_->cached);
  const auto found = std::find_if(record->incidents.begin(), record->incidents.end(),
                                  [&](const Incident& incident) { return incident.id == parts[2]; });
  if (found == record->incidents.end() || !visible(*found, who))
    return error_response(404, "no incident '" + parts[2] + "'");
  if (who.actor.empty()) return error_response(400, "who is acting? start tocsin serve with --actor NAME");

  const Session session{*options_.store, *options_.playbooks, *options_.config, who.actor, now()};
  Incident result;
  {
    std::lock_guard<std::mutex> lock(state_->store_mutex);
    if (ack) {
      result = acknowledge(session, parts[2], note);
    } else {
      const std::string status = string_member("status");
      if (status != "done" && status != "skipped") return error_response(400, "status must be \"done\" or \"skipped\"");
      result = record_step(session, parts[2], parts[4], status == "skipped", note);
    }
  }
  return json_response(200, incident_json(result, options_.playbooks->get(result.playbook), *options_.config, now()));
}

}  // namespace tocsin::serve
