#include "policy/policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/text.h"

namespace tocsin::policy {
namespace {

using std::chrono::minutes;

std::size_t index_of(Level level) { return static_cast<std::size_t>(level); }

std::string normalise_cwe(std::string_view cwe) {
  std::string upper(trim(cwe));
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!upper.empty() && std::isdigit(static_cast<unsigned char>(upper[0]))) upper = "CWE-" + upper;
  return upper;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) { return to_lower(a) == to_lower(b); }

// Why a class matched, or empty.
std::string user_safety_match(const UserSafetyClass& safety_class, const PolicyInput& input,
                              const std::string& lower_text) {
  for (const std::string& flag : input.user_safety_flags)
    if (equal_ignoring_case(flag, safety_class.name)) return "flagged by hand";
  for (const std::string& id : input.ids)
    for (const std::string& listed : safety_class.ids)
      if (equal_ignoring_case(id, listed)) return "id " + id;
  for (const std::string& cwe : input.cwes)
    for (const std::string& listed : safety_class.cwes)
      if (normalise_cwe(cwe) == normalise_cwe(listed)) return normalise_cwe(cwe);
  for (const std::string& keyword : safety_class.keywords)
    if (!keyword.empty() && lower_text.find(to_lower(keyword)) != std::string::npos) return "keyword '" + keyword + "'";
  return {};
}

struct ChosenScore {
  double score = 0;
  cvss::Version version = cvss::Version::V3_1;
  std::string vector;
};

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Info: return "info";
    case Level::Low: return "low";
    case Level::Medium: return "medium";
    case Level::High: return "high";
    case Level::Critical: return "critical";
  }
  return "?";
}

std::optional<Level> parse_level(std::string_view text) {
  const std::string lower = to_lower(trim(text));
  if (lower == "critical") return Level::Critical;
  if (lower == "high") return Level::High;
  if (lower == "medium" || lower == "moderate") return Level::Medium;
  if (lower == "low") return Level::Low;
  if (lower == "info" || lower == "informational" || lower == "none") return Level::Info;
  return std::nullopt;
}

minutes parse_duration(std::string_view text) {
  const std::string_view trimmed = trim(text);
  auto invalid = [&] {
    return Error("invalid duration '" + std::string(text) +
                 "': expected a positive whole number and a unit m, h, d or w (e.g. \"4h\", \"7d\")");
  };
  if (trimmed.size() < 2) throw invalid();
  long long amount = 0;
  for (char c : trimmed.substr(0, trimmed.size() - 1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) throw invalid();
    amount = amount * 10 + (c - '0');
    if (amount > 10'000'000) throw invalid();  // ~19 years in minutes is plenty
  }
  if (amount == 0) throw invalid();
  switch (trimmed.back()) {
    case 'm': return minutes(amount);
    case 'h': return minutes(amount * 60);
    case 'd': return minutes(amount * 60 * 24);
    case 'w': return minutes(amount * 60 * 24 * 7);
    default: throw invalid();
  }
}

std::string format_duration(minutes duration) {
  // Hours read best below a week ("24h", "72h" as people write SLAs), days from a week on.
  constexpr long long kHour = 60, kDay = 24 * kHour;
  const long long m = duration.count();
  if (m > 0 && m % kDay == 0 && m >= 7 * kDay) return fmt::format("{}d", m / kDay);
  if (m > 0 && m % kHour == 0) return fmt::format("{}h", m / kHour);
  return fmt::format("{}m", m);
}

Level level_for_score(const Policy& policy, double score) {
  // Scores are one-decimal; compare in tenths so 6.999999 never falls below a 7.0 floor.
  const long tenths = std::lround(score * 10);
  for (Level level : kAllLevels)
    if (level != Level::Info && tenths >= std::lround(policy.band_floor[index_of(level)] * 10)) return level;
  return Level::Info;
}

Decision decide(const Policy& policy, const PolicyInput& input) {
  Decision decision;
  std::vector<std::string> reasons;

  std::optional<ChosenScore> v4, v3;
  std::vector<std::string> skipped;
  for (const std::string& vector : input.cvss_vectors) {
    try {
      const cvss::Result result = cvss::score(trim(vector));
      auto& slot = result.version == cvss::Version::V4_0 ? v4 : v3;
      if (!slot || result.score > slot->score)
        slot = ChosenScore{result.score, result.version, std::string(trim(vector))};
    } catch (const Error& e) {
      skipped.push_back("ignored invalid CVSS vector '" + vector + "' (" + e.message() + ")");
    }
  }
  if (const auto& chosen = v4 ? v4 : v3) {
    decision.score = chosen->score;
    decision.score_version = chosen->version;
    decision.level = level_for_score(policy, chosen->score);
    reasons.push_back(fmt::format("CVSS {} score {:.1f} is {}", cvss::version_name(chosen->version), chosen->score,
                                  level_name(decision.level)));
  } else {
    decision.level = policy.unscored;
    reasons.push_back(fmt::format("no usable CVSS score: unscored findings are {}", level_name(policy.unscored)));
  }

  auto raise = [&](Level level, std::string reason) {
    if (level > decision.level) {
      decision.level = level;
      reasons.push_back("raised to " + std::string(level_name(level)) + ": " + std::move(reason));
    } else {
      reasons.push_back(std::move(reason));
    }
  };

  std::string malicious_id;
  for (const std::string& id : input.ids)
    if (starts_with(id, "MAL-") && malicious_id.empty()) malicious_id = id;
  if (input.malicious || input.known_bad || !malicious_id.empty())
    raise(Level::Critical,
          malicious_id.empty() ? "known-bad / malicious package" : "malicious package (" + malicious_id + ")");

  const std::string lower_text = to_lower(input.text);
  for (const UserSafetyClass& safety_class : policy.user_safety) {
    const std::string match = user_safety_match(safety_class, input, lower_text);
    if (match.empty()) continue;
    decision.user_safety_classes.push_back(safety_class.name);
    raise(Level::Critical, "user-safety class '" + safety_class.name + "' (" + match + ")");
  }

  if (input.kev)
    raise(policy.kev_minimum, "listed in CISA KEV (at least " + std::string(level_name(policy.kev_minimum)) + ")");

  for (std::string& note : skipped) reasons.push_back(std::move(note));
  for (std::size_t i = 0; i < reasons.size(); ++i) decision.why += (i ? "; " : "") + reasons[i];
  decision.sla = policy.sla[index_of(decision.level)];
  return decision;
}

}  // namespace tocsin::policy
