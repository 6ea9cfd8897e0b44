#include "disclosure/facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/ecosystem.h"
#include "core/error.h"
#include "core/text.h"
#include "incident/events.h"
#include "manifest/manifest.h"

namespace tocsin::disclosure {
namespace {

using documents::IncidentFacts;
using incident::Incident;
using incident::Playbook;

std::string when(const std::optional<std::int64_t>& instant) {
  return instant ? format_rfc3339(*instant) : std::string();
}

std::string capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

struct ReporterIdentity {
  std::string name;
  std::string handle;
};

// "@jo" → handle; "Jo Smith (@jo)" / "Jo Smith @jo" → both; "Jo Smith" → name.
ReporterIdentity split_reporter(std::string_view reporter) {
  ReporterIdentity identity;
  std::vector<std::string> name_words;
  for (std::string_view word : split(reporter, ' ')) {
    std::string token(trim(word));
    if (token.empty()) continue;
    std::string bare = token;
    std::erase_if(bare, [](char c) { return c == '(' || c == ')' || c == ','; });
    if (identity.handle.empty() && bare.size() > 1 && bare[0] == '@')
      identity.handle = bare;
    else
      name_words.push_back(token);
  }
  for (const std::string& word : name_words) identity.name += (identity.name.empty() ? "" : " ") + word;
  return identity;
}

documents::CreditPreference credit_preference(std::string_view credit) {
  const std::string value = to_lower(trim(credit));
  if (value == "real-name" || value == "name" || value == "real name") return documents::CreditPreference::RealName;
  if (value == "handle") return documents::CreditPreference::Handle;
  if (value == "anonymous") return documents::CreditPreference::Anonymous;
  return documents::CreditPreference::Unset;
}

std::vector<std::string> words(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (separators.find(c) != std::string_view::npos || std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// The first affected version, only when the recorded range states it.
std::string introduced_from(std::string_view affected) {
  const std::string text(trim(affected));
  const std::size_t lower = text.find(">=");
  if (lower != std::string::npos) {
    std::string version(trim(std::string_view(text).substr(lower + 2)));
    version = version.substr(0, version.find_first_of(", ;"));
    return std::string(trim(version));
  }
  // "< 0.4.3" / "<= 0.4.2" alone: every earlier version is affected, which OSV spells "0".
  if (starts_with(text, "<") && text.find_first_of(",>") == std::string::npos) return "0";
  return "";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

const incident::Step* milestone_step(const Playbook* playbook, incident::Milestone milestone) {
  if (playbook == nullptr) return nullptr;
  for (const incident::Step& step : playbook->steps)
    if (step.milestone == milestone) return &step;
  return nullptr;
}

// One line of the timeline: what the event did, in words.
struct EventText {
  const incident::Event& event;
  const Playbook* playbook;

  static std::string with_note(std::string line, const std::string& note) {
    if (!note.empty()) line += ": " + note;
    return line;
  }
  std::string operator()(const incident::events::Opened& e) const {
    std::string line = fmt::format("opened on playbook {}, severity {}", e.playbook, e.severity);
    if (!e.user_safety_class.empty()) line += ", user-safety class " + e.user_safety_class;
    return line + " — " + e.title;
  }
  std::string operator()(const incident::events::Acknowledged& e) const {
    return with_note("acknowledged the report", e.note);
  }
  std::string operator()(const incident::events::StepRecorded& e) const {
    const incident::Step* step = playbook ? playbook->find_step(e.step) : nullptr;
    std::string line = fmt::format("step {} {}", e.step, e.status);
    if (step) line += " (" + step->title + ")";
    if (!e.milestone.empty() && e.status == "done") line += " — milestone " + e.milestone;
    return with_note(line, e.note);
  }
  std::string operator()(const incident::events::FieldSet& e) const {
    if (starts_with(e.field, "branch.")) return fmt::format("decided {} = {}", e.field.substr(7), e.value);
    std::string line = fmt::format("set {} = {}", e.field, e.value);
    if (e.source == "finding") line += " (from the scan)";
    return line;
  }
  std::string operator()(const incident::events::Closed& e) const {
    std::string line = with_note("closed", e.note);
    if (e.forced) line += fmt::format(" (forced; still open: {})", fmt::join(e.pending, ", "));
    return line;
  }
  std::string operator()(const incident::events::FindingFixed&) const { return "the finding is gone from the scan"; }
  std::string operator()(const incident::events::FindingReappeared&) const { return "the finding is back in the scan"; }
  template <class Other>
  std::string operator()(const Other&) const {
    return event.type;
  }
};

std::string event_text(const incident::Event& event, const Playbook* playbook) {
  return std::visit(EventText{event, playbook}, incident::events::decode(event));
}

// Name, package and ecosystem from the repo's manifest, when exactly one names a package: with
// several (a crate with npm bindings) which one the advisory is about is the maintainer's call.
ProjectInfo from_manifest(const std::string& repo) {
  std::vector<manifest::Manifest> named;
  for (const char* file : {"Cargo.toml", "package.json", "pyproject.toml"}) {
    const std::filesystem::path path = std::filesystem::path(repo) / file;
    if (!std::filesystem::is_regular_file(path)) continue;
    manifest::Manifest read;
    try {
      if (manifest::read_manifest(path.string(), read) && !read.name.empty()) named.push_back(std::move(read));
    } catch (const Error&) {
      // A broken manifest is `tocsin deps`'s to report; here the package is then just a named gap.
    }
  }
  if (named.size() != 1) return {};
  ProjectInfo info;
  info.name = info.package = named.front().name;
  info.ecosystem = std::string(ecosystem_name(named.front().ecosystem));
  return info;
}

}  // namespace

ProjectInfo merge_project_info(ProjectInfo base, const ProjectInfo& overrides) {
  const std::string repository(trim(overrides.repository_url));
  if (!repository.empty() && markdown_url(repository) != repository)
    throw Error("--repository '" + escape_terminal(truncate_text(repository, 100)) +
                "' is not an absolute http(s) URL (write e.g. https://github.com/OWNER/REPO)");
  const auto take = [](std::string& into, const std::string& from) {
    if (!trim(from).empty()) into = std::string(trim(from));
  };
  take(base.name, overrides.name);
  take(base.package, overrides.package);
  take(base.ecosystem, overrides.ecosystem);
  take(base.repository_url, overrides.repository_url);
  take(base.cna_org_id, overrides.cna_org_id);
  take(base.cna_short_name, overrides.cna_short_name);
  return base;
}

ProjectInfo read_project_info(const std::string& repo, const ProjectInfo& configured) {
  return merge_project_info(from_manifest(repo), configured);
}

IncidentFacts facts_from_incident(const Incident& incident, const Playbook* playbook, const ProjectInfo& project) {
  IncidentFacts facts;
  facts.id = incident.id;
  facts.title = incident.title;
  facts.details = incident.summary;
  facts.playbook = incident.playbook;
  facts.severity = capitalized(policy::level_name(incident.severity));
  facts.user_safety_class = incident.user_safety_class;
  facts.user_safety_impact = incident.impact;

  facts.credit = credit_preference(incident.credit);
  const ReporterIdentity reporter = split_reporter(incident.reporter);
  if (facts.credit != documents::CreditPreference::Anonymous) {
    facts.reporter_name = reporter.name;
    facts.reporter_handle = reporter.handle;
  }

  facts.cve_id = std::string(trim(incident.cve));
  facts.cwe_ids = words(incident.cwe, ",/;");
  const std::string cvss(trim(incident.cvss));
  (starts_with(cvss, "CVSS:3.1/") ? facts.cvss_v31_vector : facts.cvss_v4_vector) = cvss;

  facts.affected_versions = incident.affected;
  facts.introduced_version = introduced_from(incident.affected);
  facts.patched_version = std::string(trim(incident.patched));

  facts.package = project.package;
  facts.ecosystem = project.ecosystem;
  // An incident opened from a report that names its package ("crates.io/name": a repository
  // advisory, a Dependabot alert) is about that package when the project names none.
  if (auto named = incident.external.find("package"); named != incident.external.end() && facts.package.empty()) {
    const std::size_t slash = named->second.find('/');
    if (slash != std::string::npos) {
      facts.ecosystem = named->second.substr(0, slash);
      facts.package = named->second.substr(slash + 1);
    }
  }
  facts.project_name = project.name;
  facts.repository_url = project.repository_url;
  facts.cna_org_id = project.cna_org_id;
  facts.cna_short_name = project.cna_short_name;

  facts.reported_at = format_rfc3339(incident.reported_at);
  facts.acknowledged_at = when(incident.acknowledged_at);
  facts.triaged_at = when(incident.triaged_at);
  facts.fixed_at = when(incident.fixed_at);
  facts.published_at = when(incident.disclosed_at);
  facts.closed_at = when(incident.closed_at);
  facts.actively_exploited = incident.exploited;
  facts.in_kev = incident.kev;

  for (const incident::Event& event : incident.events) {
    std::string text = event_text(event, playbook);
    if (facts.credit == documents::CreditPreference::Anonymous)
      for (const std::string* identity : {&incident.reporter, &reporter.name, &reporter.handle})
        replace_all(text, std::string(trim(*identity)), "[reporter]");
    facts.timeline.push_back({event.time, event.actor, std::move(text)});
  }
  return facts;
}

std::vector<documents::Stride> parse_stride(const std::string& text) {
  using documents::Stride;
  std::vector<Stride> categories;
  for (const std::string& word : words(text, ",/;")) {
    std::optional<Stride> found;
    for (Stride category : {Stride::Spoofing, Stride::Tampering, Stride::Repudiation, Stride::InformationDisclosure,
                            Stride::DenialOfService, Stride::ElevationOfPrivilege}) {
      const std::string name = to_lower(documents::stride_name(category));
      std::string compact = name;
      std::erase(compact, ' ');
      const std::string given = to_lower(word);
      if (given == to_lower(documents::stride_letter(category)) || given == name || given == compact) found = category;
    }
    if (!found)
      throw Error("--stride: '" + word + "' is not a STRIDE category (S, T, R, I, D, E or their names, e.g. I/D)");
    if (std::find(categories.begin(), categories.end(), *found) == categories.end()) categories.push_back(*found);
  }
  return categories;
}

std::string gap_remedy(const documents::Gap& gap, const Incident& incident, const Playbook* playbook) {
  const std::string set = "tocsin incident set " + incident.id + " ";
  const auto step_for = [&](incident::Milestone milestone) {
    if (const incident::Step* step = milestone_step(playbook, milestone))
      return fmt::format("tocsin incident step {} {} --done", incident.id, step->id);
    return fmt::format("the playbook has no {} milestone step", incident::milestone_name(milestone));
  };
  const std::string& f = gap.field;
  if (f == "cvss-v4" || f == "cvss-v3.1") return set + "cvss " + (f == "cvss-v4" ? "CVSS:4.0/…" : "CVSS:3.1/…");
  if (f == "reporter-name") return set + "reporter \"Real Name\" (or \"Real Name (@handle)\")";
  if (f == "reporter-handle") return set + "reporter @handle (or \"Real Name (@handle)\")";
  if (f == "user-safety-impact") return set + "impact \"…\"";
  if (f == "details") return set + "summary \"…\"";
  if (f == "introduced") return set + "affected \">= X.Y.Z, < …\"";
  if (f == "acknowledged") return "tocsin incident ack " + incident.id;
  if (f == "triaged") return step_for(incident::Milestone::Triaged);
  if (f == "fixed") return step_for(incident::Milestone::Fixed);
  if (f == "published") return step_for(incident::Milestone::Disclosed);
  if (f == "package") return "--package NAME, or package = \"…\" under [project] in tocsin.toml";
  if (f == "ecosystem") return "--ecosystem crates.io|npm|PyPI, or ecosystem = \"…\" under [project] in tocsin.toml";
  if (f == "project") return "--project-name NAME, or name = \"…\" under [project] in tocsin.toml";
  if (f == "cna-org-id") return "--cna-org-id UUID, or cna_org_id = \"…\" under [project] in tocsin.toml";
  if (f == "reference") return "--repository URL, or repository = \"…\" under [project] in tocsin.toml";
  if (f == "stride") return "--stride S|T|R|I|D|E (e.g. --stride I/D)";
  return gap.hint;
}

void point_gaps_at_remedies(documents::Document& document, const Incident& incident, const Playbook* playbook) {
  for (documents::Gap& gap : document.gaps) {
    const std::string remedy = gap_remedy(gap, incident, playbook);
    if (remedy == gap.hint) continue;
    replace_all(document.text, "`" + gap.hint + "`", "`" + remedy + "`");
    gap.hint = remedy;
  }
}

}  // namespace tocsin::disclosure
