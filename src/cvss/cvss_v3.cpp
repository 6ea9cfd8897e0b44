// CVSS v3.0 and v3.1: parsing (any metric order) and the base/temporal/environmental equations.
// Every arithmetic expression keeps the operand order of FIRST's cvsscalc30.js/cvsscalc31.js so
// that the doubles, and therefore the rounded scores, are bit-for-bit those of the reference.
#include <array>
#include <cmath>
#include <cstdint>

#include "core/text.h"
#include "cvss/cvss.h"
#include "cvss/vector_syntax.h"

namespace tocsin::cvss {
namespace {

enum Metric : std::uint8_t { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };
constexpr std::size_t kMetricCount = 22;
constexpr std::size_t kBaseCount = 8;

struct MetricSpec {
  std::string_view name;
  std::array<std::string_view, 5> values;
  std::size_t count;
};

// Value lists as the specification's vector string table gives them; "X" (Not Defined) is
// accepted for every temporal and environmental metric.
constexpr std::array<MetricSpec, kMetricCount> kMetrics = {{
    {"AV", {"N", "A", "L", "P"}, 4},
    {"AC", {"L", "H"}, 2},
    {"PR", {"N", "L", "H"}, 3},
    {"UI", {"N", "R"}, 2},
    {"S", {"U", "C"}, 2},
    {"C", {"H", "L", "N"}, 3},
    {"I", {"H", "L", "N"}, 3},
    {"A", {"H", "L", "N"}, 3},
    {"E", {"X", "H", "F", "P", "U"}, 5},
    {"RL", {"X", "U", "W", "T", "O"}, 5},
    {"RC", {"X", "C", "R", "U"}, 4},
    {"CR", {"X", "H", "M", "L"}, 4},
    {"IR", {"X", "H", "M", "L"}, 4},
    {"AR", {"X", "H", "M", "L"}, 4},
    {"MAV", {"X", "N", "A", "L", "P"}, 5},
    {"MAC", {"X", "L", "H"}, 3},
    {"MPR", {"X", "N", "L", "H"}, 4},
    {"MUI", {"X", "N", "R"}, 3},
    {"MS", {"X", "U", "C"}, 3},
    {"MC", {"X", "H", "L", "N"}, 4},
    {"MI", {"X", "H", "L", "N"}, 4},
    {"MA", {"X", "H", "L", "N"}, 4},
}};

// Weights indexed like the value lists above (base order, without the leading X).
constexpr double kAttackVector[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kAttackComplexity[] = {0.77, 0.44};
constexpr double kPrivilegesUnchanged[] = {0.85, 0.62, 0.27};
constexpr double kPrivilegesChanged[] = {0.85, 0.68, 0.5};
constexpr double kUserInteraction[] = {0.85, 0.62};
constexpr double kImpact[] = {0.56, 0.22, 0};
constexpr double kExploitMaturity[] = {1, 1, 0.97, 0.94, 0.91};  // X H F P U
constexpr double kRemediation[] = {1, 1, 0.97, 0.96, 0.95};      // X U W T O
constexpr double kConfidence[] = {1, 1, 0.96, 0.92};             // X C R U
constexpr double kRequirement[] = {1, 1.5, 1, 0.5};              // X H M L

constexpr int kUndefined = -1;

// Appendix A of the v3.1 specification: round up to one decimal using integer arithmetic so that
// 0.42000000000000004-style representation errors do not push the result up a tenth.
double roundup_v31(double input) {
  double int_input = std::round(input * 100000);
  if (std::fmod(int_input, 10000) == 0) return int_input / 100000;
  return (std::floor(int_input / 10000) + 1) / 10;
}

double roundup_v30(double input) { return std::ceil(input * 10) / 10; }

struct Parsed {
  Version version;
  std::array<int, kMetricCount> value{};  // index into kMetrics[m].values, kUndefined if absent
};

Parsed parse(std::string_view vector, const Origin& origin) {
  Parsed parsed{};
  if (starts_with(vector, "CVSS:3.1/")) {
    parsed.version = Version::V3_1;
  } else if (starts_with(vector, "CVSS:3.0/")) {
    parsed.version = Version::V3_0;
  } else {
    detail::fail(origin, 0, "expected prefix 'CVSS:3.1/' or 'CVSS:3.0/'");
  }
  parsed.value.fill(kUndefined);
  detail::for_each_component(vector, 9, origin, [&](const detail::Component& component) {
    std::size_t metric = 0;
    while (metric < kMetricCount && kMetrics[metric].name != component.name) ++metric;
    if (metric == kMetricCount)
      detail::fail(origin, component.offset, "unknown metric '" + std::string(component.name) + "' in CVSS v3 vector");
    const MetricSpec& spec = kMetrics[metric];
    if (parsed.value[metric] != kUndefined)
      detail::fail(origin, component.offset, "duplicate metric '" + std::string(spec.name) + "'");
    std::size_t index = 0;
    while (index < spec.count && spec.values[index] != component.value) ++index;
    if (index == spec.count)
      detail::fail(origin, component.offset,
                   "unknown value '" + std::string(component.value) + "' for metric '" + std::string(spec.name) +
                       "' (expected one of " + detail::join_values(spec.values.data(), spec.count) + ")");
    parsed.value[metric] = static_cast<int>(index);
  });
  for (std::size_t metric = 0; metric < kBaseCount; ++metric)
    if (parsed.value[metric] == kUndefined)
      detail::fail(origin, vector.size(), "missing base metric '" + std::string(kMetrics[metric].name) + "'");
  return parsed;
}

// The base metric's value index, or the modified one when defined (modified lists start with X).
int effective(const Parsed& parsed, Metric base, Metric modified) {
  int value = parsed.value[modified];
  return value > 0 ? value - 1 : parsed.value[base];
}

double optional_weight(const Parsed& parsed, Metric metric, const double* weights) {
  int value = parsed.value[metric];
  return weights[value == kUndefined ? 0 : value];
}

bool any_defined(const Parsed& parsed, Metric first, Metric last) {
  for (int metric = first; metric <= last; ++metric)
    if (parsed.value[metric] > 0) return true;
  return false;
}

}  // namespace

Result score_v3(std::string_view vector, const Origin& origin) {
  const Parsed parsed = parse(vector, origin);
  const bool v31 = parsed.version == Version::V3_1;
  auto roundup = v31 ? roundup_v31 : roundup_v30;
  const auto& value = parsed.value;

  const bool scope_changed = value[S] == 1;
  const double weight_av = kAttackVector[value[AV]];
  const double weight_ac = kAttackComplexity[value[AC]];
  const double weight_pr = (scope_changed ? kPrivilegesChanged : kPrivilegesUnchanged)[value[PR]];
  const double weight_ui = kUserInteraction[value[UI]];
  const double weight_s = scope_changed ? 7.52 : 6.42;

  const double iss = 1 - ((1 - kImpact[value[C]]) * (1 - kImpact[value[I]]) * (1 - kImpact[value[A]]));
  const double impact = scope_changed ? weight_s * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : weight_s * iss;
  const double exploitability = 8.22 * weight_av * weight_ac * weight_pr * weight_ui;
  double base = 0;
  if (impact > 0) {
    base = scope_changed ? roundup(std::min(1.08 * (exploitability + impact), 10.0))
                         : roundup(std::min(exploitability + impact, 10.0));
  }

  const double weight_e = optional_weight(parsed, E, kExploitMaturity);
  const double weight_rl = optional_weight(parsed, RL, kRemediation);
  const double weight_rc = optional_weight(parsed, RC, kConfidence);
  const double temporal = roundup(base * weight_e * weight_rl * weight_rc);

  const bool modified_scope_changed = value[MS] > 0 ? value[MS] == 2 : scope_changed;
  const double weight_mav = kAttackVector[effective(parsed, AV, MAV)];
  const double weight_mac = kAttackComplexity[effective(parsed, AC, MAC)];
  const double weight_mpr =
      (modified_scope_changed ? kPrivilegesChanged : kPrivilegesUnchanged)[effective(parsed, PR, MPR)];
  const double weight_mui = kUserInteraction[effective(parsed, UI, MUI)];
  const double weight_ms = modified_scope_changed ? 7.52 : 6.42;
  const double weight_mc = kImpact[effective(parsed, C, MC)];
  const double weight_mi = kImpact[effective(parsed, I, MI)];
  const double weight_ma = kImpact[effective(parsed, A, MA)];
  const double weight_cr = optional_weight(parsed, CR, kRequirement);
  const double weight_ir = optional_weight(parsed, IR, kRequirement);
  const double weight_ar = optional_weight(parsed, AR, kRequirement);

  const double miss =
      std::min(1 - ((1 - weight_mc * weight_cr) * (1 - weight_mi * weight_ir) * (1 - weight_ma * weight_ar)), 0.915);
  double modified_impact;
  if (!modified_scope_changed) {
    modified_impact = weight_ms * miss;
  } else if (v31) {
    modified_impact = weight_ms * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  } else {
    modified_impact = weight_ms * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  const double modified_exploitability = 8.22 * weight_mav * weight_mac * weight_mpr * weight_mui;
  double environmental = 0;
  if (modified_impact > 0) {
    const double sum = modified_scope_changed ? 1.08 * (modified_impact + modified_exploitability)
                                              : modified_impact + modified_exploitability;
    environmental = roundup(roundup(std::min(sum, 10.0)) * weight_e * weight_rl * weight_rc);
  }

  Result result;
  result.version = parsed.version;
  result.base_score = base;
  result.temporal_score = temporal;
  result.environmental_score = environmental;
  if (any_defined(parsed, CR, MA)) {
    result.score = environmental;
  } else if (any_defined(parsed, E, RC)) {
    result.score = temporal;
  } else {
    result.score = base;
  }
  result.rating = rating_of(result.score);
  return result;
}

}  // namespace tocsin::cvss
