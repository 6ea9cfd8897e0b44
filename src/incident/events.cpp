// The incident events: one to_json and one from_json per type (see events.h).
#include "incident/events.h"

#include "core/error.h"
#include "core/json.h"

namespace tocsin::incident::events {
namespace {

const char* kRecord = "incident record";

void put(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

template <class E>
Payload read(const Fields& in) {
  E event;
  from_json(in, event);
  return event;
}

// The decoder of each type, by name: the one list of the types this version knows.
using Reader = Payload (*)(const Fields&);
const std::map<std::string_view, Reader>& readers() {
  static const std::map<std::string_view, Reader> table{
      {Opened::kType, read<Opened>},
      {Acknowledged::kType, read<Acknowledged>},
      {StepRecorded::kType, read<StepRecorded>},
      {FieldSet::kType, read<FieldSet>},
      {Closed::kType, read<Closed>},
      {FindingFixed::kType, read<FindingFixed>},
      {FindingReappeared::kType, read<FindingReappeared>},
      {ExternalLinked::kType, read<ExternalLinked>},
      {ExternalState::kType, read<ExternalState>},
      {ScanRecorded::kType, read<ScanRecorded>},
      {ReleaseTags::kType, read<ReleaseTags>},
  };
  return table;
}

}  // namespace

// ---- reading ----

std::optional<json::element> Fields::find(std::string_view key) const {
  json::element value;
  if (object_.at_key(key).get(value) != json::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

void Fields::wrong(std::string_view key, std::string_view expected) const {
  throw Error(kRecord, 0, 0, where_ + ": \"" + std::string(key) + "\" is not " + std::string(expected));
}

std::string Fields::text(std::string_view key) const { return text_or_null(key).value_or(""); }

std::optional<std::string> Fields::text_or_null(std::string_view key) const {
  const auto value = find(key);
  if (!value) return std::nullopt;
  std::string_view text;
  if (value->get(text) != json::SUCCESS) wrong(key, "a string");
  return std::string(text);
}

bool Fields::flag(std::string_view key) const {
  const auto value = find(key);
  if (!value) return false;
  bool flag = false;
  if (value->get(flag) != json::SUCCESS) wrong(key, "true or false");
  return flag;
}

std::vector<std::string> Fields::texts(std::string_view key) const {
  std::vector<std::string> out;
  const auto value = find(key);
  if (!value) return out;
  json::array array;
  if (value->get(array) != json::SUCCESS) wrong(key, "an array of strings");
  for (json::element item : array) {
    std::string_view text;
    if (item.get(text) != json::SUCCESS) wrong(key, "an array of strings");
    out.emplace_back(text);
  }
  return out;
}

std::map<std::string, std::string> Fields::text_map(std::string_view key) const {
  std::map<std::string, std::string> out;
  const auto value = find(key);
  if (!value) return out;
  json::object object;
  if (value->get(object) != json::SUCCESS) wrong(key, "an object of strings");
  for (auto [name, item] : object) {
    std::string_view text;
    if (item.get(text) != json::SUCCESS) wrong(key, "an object of strings");
    out[std::string(name)] = std::string(text);
  }
  return out;
}

std::vector<Fields> Fields::objects(std::string_view key) const {
  std::vector<Fields> out;
  const auto value = find(key);
  if (!value) return out;
  json::array array;
  if (value->get(array) != json::SUCCESS) wrong(key, "an array of objects");
  for (json::element item : array) {
    json::object object;
    if (item.get(object) != json::SUCCESS) wrong(key, "an array of objects");
    out.emplace_back(object, where_ + ": " + std::string(key));
  }
  return out;
}

bool Fields::has(std::string_view key) const { return find(key).has_value(); }

Json Fields::any(std::string_view key) const {
  const auto value = find(key);
  return value ? to_ordered_json(*value) : Json(nullptr);
}

std::string event_location(const Event& event) {
  return "seq " + std::to_string(event.seq) + (event.incident.empty() ? "" : " (" + event.incident + ")");
}

Payload decode(const Event& event) {
  const std::string where = event_location(event);
  JsonDocument document(std::string(kRecord) + " " + where, event.payload);
  json::object object;
  if (document.root().get(object) != json::SUCCESS)
    throw Error(kRecord, 0, 0, where + ": the payload is not a JSON object");
  const auto reader = readers().find(event.type);
  if (reader == readers().end()) return Unknown{event.type};
  return reader->second(Fields(object, where + ": " + event.type));
}

void throw_not_of_type(const Event& event, std::string_view type) {
  throw Error(kRecord, 0, 0,
              event_location(event) + ": a " + event.type + " event where " + std::string(type) + " was expected");
}

Json to_ordered_json(json::element element) {
  json::object object;
  json::array array;
  std::string_view text;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double real = 0;
  bool flag = false;
  if (element.get(object) == json::SUCCESS) {
    Json out = Json::object();
    for (auto field : object) out[std::string(field.key)] = to_ordered_json(field.value);
    return out;
  }
  if (element.get(array) == json::SUCCESS) {
    Json out = Json::array();
    for (json::element value : array) out.push_back(to_ordered_json(value));
    return out;
  }
  if (element.get(text) == json::SUCCESS) return std::string(text);
  if (element.get(integer) == json::SUCCESS) return integer;
  if (element.get(unsigned_integer) == json::SUCCESS) return unsigned_integer;
  if (element.get(real) == json::SUCCESS) return real;
  if (element.get(flag) == json::SUCCESS) return flag;
  return nullptr;
}

std::string payload_text(const Json& payload) { return payload.dump(-1, ' ', false, Json::error_handler_t::replace); }

// ---- one pair per type ----

Json to_json(const Opened& e) {
  Json out;
  out["playbook"] = e.playbook;
  out["title"] = e.title;
  out["severity"] = e.severity;
  out["severity_source"] = e.severity_source;
  out["severity_why"] = e.severity_why;
  put(out, "finding_key", e.finding_key);
  put(out, "reported_at", e.reported_at);
  put(out, "user_safety_class", e.user_safety_class);
  put(out, "reporter", e.reporter);
  put(out, "credit", e.credit);
  put(out, "cve", e.cve);
  put(out, "cwe", e.cwe);
  put(out, "cvss", e.cvss);
  put(out, "affected", e.affected);
  put(out, "patched", e.patched);
  if (e.finding_key.empty()) {
    put(out, "impact", e.impact);
    put(out, "summary", e.summary);
  } else {
    put(out, "summary", e.summary);
    put(out, "impact", e.impact);
  }
  if (e.kev) out["kev"] = true;
  if (e.exploited) out["exploited"] = true;
  if (!e.external.empty()) out["external"] = Json(e.external);
  if (!e.redteam.is_null()) out["redteam"] = e.redteam;
  return out;
}

void from_json(const Fields& in, Opened& e) {
  e.playbook = in.text("playbook");
  e.title = in.text("title");
  e.severity = in.text("severity");
  e.severity_source = in.text("severity_source");
  e.severity_why = in.text("severity_why");
  e.finding_key = in.text("finding_key");
  e.reported_at = in.text("reported_at");
  e.user_safety_class = in.text("user_safety_class");
  e.reporter = in.text("reporter");
  e.credit = in.text("credit");
  e.cve = in.text("cve");
  e.cwe = in.text("cwe");
  e.cvss = in.text("cvss");
  e.affected = in.text("affected");
  e.patched = in.text("patched");
  e.impact = in.text("impact");
  e.summary = in.text("summary");
  e.kev = in.flag("kev");
  e.exploited = in.flag("exploited");
  e.external = in.text_map("external");
  e.redteam = in.any("redteam");
}

Json to_json(const Acknowledged& e) { return Json{{"note", e.note}}; }

void from_json(const Fields& in, Acknowledged& e) { e.note = in.text("note"); }

Json to_json(const StepRecorded& e) {
  Json out{{"step", e.step}, {"status", e.status}};
  put(out, "note", e.note);
  put(out, "milestone", e.milestone);
  return out;
}

void from_json(const Fields& in, StepRecorded& e) {
  e.step = in.text("step");
  e.status = in.text("status");
  e.note = in.text("note");
  e.milestone = in.text("milestone");
}

Json to_json(const FieldSet& e) {
  Json out{{"field", e.field}};
  if (!e.embargo_roles.empty()) out["embargo_roles"] = e.embargo_roles;
  out["value"] = e.value;
  put(out, "source", e.source);
  put(out, "why", e.why);
  return out;
}

void from_json(const Fields& in, FieldSet& e) {
  e.field = in.text("field");
  e.embargo_roles = in.texts("embargo_roles");
  e.value = in.text("value");
  e.source = in.text("source");
  e.why = in.text("why");
}

Json to_json(const Closed& e) { return Json{{"note", e.note}, {"forced", e.forced}, {"pending", e.pending}}; }

void from_json(const Fields& in, Closed& e) {
  e.note = in.text("note");
  e.forced = in.flag("forced");
  e.pending = in.texts("pending");
}

Json to_json(const FindingFixed& e) {
  Json out{{"finding_key", e.finding_key}};
  put(out, "note", e.note);
  return out;
}

void from_json(const Fields& in, FindingFixed& e) {
  e.finding_key = in.text("finding_key");
  e.note = in.text("note");
}

Json to_json(const FindingReappeared& e) { return Json{{"finding_key", e.finding_key}}; }

void from_json(const Fields& in, FindingReappeared& e) { e.finding_key = in.text("finding_key"); }

Json to_json(const ExternalLinked& e) { return Json{{"external", Json(e.external)}}; }

void from_json(const Fields& in, ExternalLinked& e) { e.external = in.text_map("external"); }

Json to_json(const ExternalState& e) {
  Json out{{"key", e.key}, {"state", e.state}};
  put(out, "at", e.at);
  put(out, "note", e.note);
  if (e.fixed) out["fixed"] = true;
  return out;
}

void from_json(const Fields& in, ExternalState& e) {
  e.key = in.text("key");
  e.state = in.text("state");
  e.at = in.text("at");
  e.note = in.text("note");
  e.fixed = in.flag("fixed");
}

Json to_json(const ScanRecorded& e) {
  Json findings = Json::array();
  for (const ScanFinding& f : e.findings) {
    Json item{{"key", f.key}, {"level", f.level}, {"title", f.title}};
    item["incident"] = f.incident ? Json(*f.incident) : Json(nullptr);
    item["deadline"] = f.deadline ? Json(*f.deadline) : Json(nullptr);
    findings.push_back(std::move(item));
  }
  return Json{{"complete", e.complete}, {"findings", std::move(findings)}};
}

void from_json(const Fields& in, ScanRecorded& e) {
  e.complete = in.flag("complete");
  for (const Fields& finding : in.objects("findings"))
    e.findings.push_back(ScanFinding{finding.text("key"), finding.text("level"), finding.text("title"),
                                     finding.text_or_null("incident"), finding.text_or_null("deadline")});
}

Json to_json(const ReleaseTags& e) { return Json{{"repository", e.repository}, {"tags", Json(e.tags)}}; }

void from_json(const Fields& in, ReleaseTags& e) {
  e.repository = in.text("repository");
  if (!in.has("tags")) throw Error(kRecord, 0, 0, in.where() + ": a release-tags event without a tags object");
  e.tags = in.text_map("tags");
}

}  // namespace tocsin::incident::events
