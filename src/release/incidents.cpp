// `release tags|history --open-incidents`: flagged releases into the incident record.
#include "release/incidents.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "incident/events.h"

namespace tocsin::release {
namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::vector<std::string> opening(const std::vector<std::string>& flags, bool (*opens)(std::string_view)) {
  std::vector<std::string> out;
  std::copy_if(flags.begin(), flags.end(), std::back_inserter(out), [&](const std::string& f) { return opens(f); });
  return out;
}

template <class E>
incident::NewEvent event(const incident::Session& session, const std::string& id, const E& payload) {
  return incident::events::new_event(id, session.actor, session.now, payload);
}

}  // namespace

bool tag_flag_opens_incident(std::string_view flag) {
  return flag == "not-on-branch" || flag == "moved" || flag == "tagger-not-release-engineer" ||
         flag == "bad-signature" || flag == "signer-not-allowed";
}

bool publish_flag_opens_incident(std::string_view flag) {
  return flag == "missing-provenance" || flag == "unverified-provenance" || flag == "digest-mismatch" ||
         flag == "unexpected-repository" || flag == "unexpected-workflow" || flag == "not-tagged" ||
         flag == "cksum-mismatch" || flag == "sha256-mismatch";
}

std::string tag_incident_key(const TagRecord& tag) { return "release-tag:" + tag.name + "@" + tag.target; }

std::string publish_incident_key(std::string_view ecosystem, std::string_view package, std::string_view version) {
  return fmt::format("release-publish:{}/{}@{}", ecosystem, package, version);
}

std::vector<incident::FindingObservation> tag_observations(const std::vector<TagRecord>& tags) {
  std::vector<incident::FindingObservation> out;
  for (const TagRecord& tag : tags) {
    const std::vector<std::string> flags = opening(tag.flags, tag_flag_opens_incident);
    if (flags.empty()) continue;
    incident::FindingObservation o;
    o.key = tag_incident_key(tag);
    o.playbook = "compromised-ci";
    o.title = "Release tag " + tag.name + " (" + tag.target.substr(0, 12) + "): " + join(flags);
    // A tag that moved or carries a forged signature is the Playbook 3 trigger itself; a tag off
    // the branch or by someone outside the role may still be a mistake.
    const bool critical = std::any_of(flags.begin(), flags.end(), [](const std::string& f) {
      return f == "moved" || f == "bad-signature" || f == "signer-not-allowed";
    });
    o.severity = critical ? policy::Level::Critical : policy::Level::High;
    o.severity_why = "release tags: " + join(flags);
    std::string summary = "Tag " + tag.name + " -> " + tag.target;
    if (!tag.previous_target.empty()) summary += " (was " + tag.previous_target + ")";
    if (tag.annotated) summary += "; tagger " + tag.tagger + " <" + tag.tagger_email + ">";
    if (!tag.signature_detail.empty()) summary += "; signature: " + tag.signature_detail;
    o.summary = summary + ". Flags: " + join(tag.flags) + ".";
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<incident::FindingObservation> publish_observations(std::string_view ecosystem,
                                                               const std::vector<VersionRecord>& records) {
  std::vector<incident::FindingObservation> out;
  for (const VersionRecord& r : records) {
    const std::vector<std::string> flags = opening(r.flags, publish_flag_opens_incident);
    if (flags.empty()) continue;
    incident::FindingObservation o;
    o.key = publish_incident_key(ecosystem, r.package, r.version);
    o.playbook = "leaked-credentials";
    o.title = fmt::format("Unauthorized publish? {} {}@{}: {}", ecosystem, r.package, r.version, join(flags));
    o.severity = policy::Level::Critical;  // the playbook's own severity: a publish credential is out
    o.severity_why = "release history: " + join(flags);
    std::string summary = fmt::format("{} {}@{} published {}", ecosystem, r.package, r.version,
                                      r.published.empty() ? "(time unknown)" : r.published);
    summary += r.provenance ? fmt::format("; provenance from {} {} {}", r.repository, r.workflow, r.ref)
                            : std::string("; no provenance");
    if (!r.failed_checks.empty()) summary += "; failed checks: " + join(r.failed_checks);
    o.summary = summary + ". Flags: " + join(r.flags) + ".";
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<std::map<std::string, std::string>> last_tag_targets(const std::vector<incident::Event>& log,
                                                                   const std::string& repository) {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (!it->incident.empty() || it->type != incident::events::ReleaseTags::kType) continue;
    incident::events::ReleaseTags recorded = incident::events::decode_as<incident::events::ReleaseTags>(*it);
    if (recorded.repository == repository) return std::move(recorded.tags);
  }
  return std::nullopt;
}

bool record_tag_targets(const incident::Session& session, const std::string& repository,
                        const std::vector<TagRecord>& tags) {
  std::map<std::string, std::string> now;
  for (const TagRecord& tag : tags) now[tag.name] = tag.target;
  bool written = false;
  session.store.transact([&](const std::vector<incident::Event>& log) {
    std::vector<incident::NewEvent> events;
    const auto last = last_tag_targets(log, repository);
    written = !last || *last != now;
    if (written) events.push_back(event(session, "", incident::events::ReleaseTags{repository, now}));
    return events;
  });
  return written;
}

CheckOff check_off_publish_history(const incident::Session& session, std::string_view ecosystem,
                                   std::string_view package, const std::string& summary,
                                   const std::vector<std::string>& also) {
  const std::string prefix = publish_incident_key(ecosystem, package, "");
  CheckOff result;
  session.store.transact([&](const std::vector<incident::Event>& log) {
    result = CheckOff{};
    const std::vector<incident::Incident> incidents = incident::replay(log);
    for (const std::string& id : also)
      if (std::none_of(incidents.begin(), incidents.end(), [&](const incident::Incident& i) { return i.id == id; }))
        throw Error("--incident: no incident " + id + " in " + session.store.location());
    std::vector<incident::NewEvent> events;
    for (const incident::Incident& i : incidents) {
      const bool named = std::find(also.begin(), also.end(), i.id) != also.end();
      const bool ours = i.playbook == "leaked-credentials" && starts_with(i.finding_key, prefix);
      if ((!named && !ours) || i.closed()) continue;
      const incident::Playbook& playbook = session.playbooks.get(i.playbook);
      const incident::Step* step = playbook.find_step(kPublishHistoryStep);
      if (step == nullptr)
        throw Error("--incident " + i.id + ": playbook " + i.playbook + " has no step " +
                    std::string(kPublishHistoryStep));
      if (incident::step_status(i, *step) != incident::StepStatus::Pending) {
        result.already.push_back(i.id);
        continue;
      }
      const std::string milestone(
          step->milestone == incident::Milestone::None ? "" : incident::milestone_name(step->milestone));
      events.push_back(event(
          session, i.id, incident::events::StepRecorded{std::string(kPublishHistoryStep), "done", summary, milestone}));
      result.checked.push_back(i.id);
    }
    return events;
  });
  return result;
}

}  // namespace tocsin::release
