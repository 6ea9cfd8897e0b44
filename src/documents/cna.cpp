// CNA readiness, per the runbook's "On becoming a CNA" trigger conditions.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/time.h"
#include "documents/documents.h"
#include "documents/facts_util.h"
#include "documents/quarter.h"
#include "documents/securitytxt.h"

namespace tocsin::documents {
namespace {

constexpr std::int64_t kNinetyDays = 90LL * 86400;

// Channels are independent when they differ in scheme and host (mail domain, web host, number).
std::string channel_key(const std::string& uri) {
  const std::string lower = to_lower(trim(uri));
  const std::size_t colon = lower.find(':');
  if (colon == std::string::npos) return lower;
  const std::string scheme = lower.substr(0, colon);
  std::string rest = lower.substr(colon + 1);
  if (scheme == "mailto") {
    rest = rest.substr(0, rest.find('?'));
    const std::size_t at = rest.rfind('@');
    return "mailto:" + (at == std::string::npos ? rest : rest.substr(at + 1));
  }
  if (starts_with(rest, "//")) {
    rest = rest.substr(2);
    return scheme + "://" + rest.substr(0, rest.find_first_of("/?#"));
  }
  return scheme + ":" + rest;
}

std::string quarters_text(const std::vector<QuarterCount>& window) {
  std::vector<std::string> parts;
  for (const QuarterCount& q : window) parts.push_back(fmt::format("{}: {}", q.quarter, q.cves));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

CnaStatus cna_status(const std::vector<IncidentFacts>& closed, std::int64_t now, const SecurityTxtReport* securitytxt) {
  CnaStatus status;
  std::map<int, int> per_quarter;
  for (const IncidentFacts& facts : closed) {
    const std::string cve = detail::one_line(facts.cve_id);
    if (cve.empty()) continue;
    const std::string incident = detail::one_line(facts.id);
    const std::optional<std::int64_t> published = parse_rfc3339(trim(facts.published_at));
    if (!published) {
      status.missing.push_back(
          fmt::format("{} (incident {}) has no valid publication date, so it counts in no quarter", cve, incident));
      continue;
    }
    if (*published > now) {
      status.missing.push_back(fmt::format("{} (incident {}) is dated in the future ({}); not counted", cve, incident,
                                           format_rfc3339(*published)));
      continue;
    }
    ++per_quarter[quarter_index(*published)];
    const std::optional<std::int64_t> reported = parse_rfc3339(trim(facts.reported_at));
    if (!reported || *reported > *published) {
      status.missing.push_back(
          fmt::format("{} (incident {}) has no valid report date before its publication, so its "
                      "disclosure time is unknown",
                      cve, incident));
      continue;
    }
    const std::int64_t elapsed = *published - *reported;
    status.disclosures.push_back({cve, incident, static_cast<double>(elapsed) / 86400.0, elapsed <= kNinetyDays});
    if (elapsed <= kNinetyDays) ++status.within_90_days;
  }

  const int current = quarter_index(now);
  const int last = per_quarter.count(current) ? current : current - 1;
  std::vector<std::string> empty_quarters;
  for (int q = last - 3; q <= last; ++q) {
    const int count = per_quarter.count(q) ? per_quarter[q] : 0;
    status.window.push_back({quarter_name(q), count});
    if (count == 0) empty_quarters.push_back(quarter_name(q));
  }
  status.quarters_ok = empty_quarters.empty();
  if (!status.quarters_ok)
    status.missing.push_back(fmt::format("no CVE published in {} (needs ≥1 CVE in each of 4 consecutive quarters)",
                                         fmt::join(empty_quarters, ", ")));

  status.disclosure_ok = status.within_90_days >= 4;
  if (!status.disclosure_ok)
    status.missing.push_back(
        fmt::format("{} CVE(s) disclosed within 90 days of the report (needs ≥4 with a 90-day-or-better track record)",
                    status.within_90_days));

  if (securitytxt == nullptr) {
    status.missing.push_back("no security.txt found (needs a security contact reachable via ≥2 independent channels)");
  } else {
    std::vector<std::string> keys;
    for (const std::string& contact : securitytxt->values("contact")) {
      const std::string key = channel_key(contact);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
      status.contact_channels.push_back(contact);
    }
    const bool usable = securitytxt->valid() && !securitytxt->expired(now);
    if (!securitytxt->valid()) status.missing.push_back("security.txt has errors (run `tocsin securitytxt check`)");
    if (securitytxt->expired(now)) status.missing.push_back("security.txt has expired (renew its Expires field)");
    if (status.contact_channels.size() < 2)
      status.missing.push_back(fmt::format(
          "security.txt lists {} independent contact channel(s); needs ≥2 (e.g. the GitHub advisory form and e-mail)",
          status.contact_channels.size()));
    status.contact_ok = usable && status.contact_channels.size() >= 2;
  }
  status.ready = status.quarters_ok && status.disclosure_ok && status.contact_ok;
  return status;
}

std::string render_cna_table(const CnaStatus& status) {
  std::string text = fmt::format("CNA readiness: {}\n\n", status.ready ? "READY" : "NOT READY");
  const auto row = [](std::string_view condition, bool ok, const std::string& detail) {
    return fmt::format("{:<46}  {:<3}  {}\n", condition, ok ? "yes" : "no", detail);
  };
  text += fmt::format("{:<46}  {:<3}  {}\n", "CONDITION", "MET", "DETAIL");
  text += row("≥1 CVE per quarter, 4 consecutive quarters", status.quarters_ok, quarters_text(status.window));
  text += row("≥4 CVEs disclosed within 90 days of report", status.disclosure_ok,
              fmt::format("{} of {}", status.within_90_days, status.disclosures.size()));
  text += row("≥2 independent security contact channels", status.contact_ok,
              status.contact_channels.empty() ? "none" : fmt::format("{}", fmt::join(status.contact_channels, ", ")));
  if (!status.disclosures.empty()) {
    text += fmt::format("\n{:<20}  {:<20}  {:>8}  {}\n", "CVE", "INCIDENT", "DAYS", "≤90 DAYS");
    for (const DisclosureTime& d : status.disclosures)
      text += fmt::format("{:<20}  {:<20}  {:>8.1f}  {}\n", d.cve_id, d.incident_id, d.days,
                          d.within_90_days ? "yes" : "no");
  }
  if (!status.missing.empty()) {
    text += "\nMissing:\n";
    for (const std::string& item : status.missing) text += "- " + item + "\n";
  }
  return text;
}

std::string render_cna_json(const CnaStatus& status) {
  nlohmann::ordered_json out;
  out["ready"] = status.ready;
  nlohmann::ordered_json quarters = nlohmann::ordered_json::array();
  for (const QuarterCount& q : status.window) quarters.push_back({{"quarter", q.quarter}, {"cves", q.cves}});
  out["quarters"] = {{"ok", status.quarters_ok}, {"window", quarters}};
  nlohmann::ordered_json disclosures = nlohmann::ordered_json::array();
  for (const DisclosureTime& d : status.disclosures)
    disclosures.push_back({{"cve", d.cve_id},
                           {"incident", d.incident_id},
                           {"days", std::round(d.days * 10) / 10},
                           {"within_90_days", d.within_90_days}});
  out["disclosure"] = {{"ok", status.disclosure_ok}, {"within_90_days", status.within_90_days}, {"cves", disclosures}};
  out["contact"] = {{"ok", status.contact_ok}, {"channels", status.contact_channels}};
  out["missing"] = status.missing;
  return out.dump(2) + "\n";
}

}  // namespace tocsin::documents
