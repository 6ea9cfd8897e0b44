// CVSS v4.0: strict-order parsing and the MacroVector scoring of FIRST's reference calculator.
// The interpolation repeats the calculator's double arithmetic operation by operation (same
// operands, same order), so that every score agrees to the last bit before rounding.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/text.h"
#include "cvss/cvss.h"
#include "cvss/cvss_v4_tables.h"
#include "cvss/vector_syntax.h"

namespace tocsin::cvss {
namespace {

enum Metric : std::uint8_t {
  AV,
  AC,
  AT,
  PR,
  UI,
  VC,
  VI,
  VA,
  SC,
  SI,
  SA,  // base
  E,   // threat
  CR,
  IR,
  AR,
  MAV,
  MAC,
  MAT,
  MPR,
  MUI,
  MVC,
  MVI,
  MVA,  // environmental
  MSC,
  MSI,
  MSA,  //
  S,
  AU,
  R,
  V,
  RE,
  U,  // supplemental
};
constexpr std::size_t kMetricCount = 32;
constexpr std::size_t kBaseCount = 11;
constexpr std::size_t kFirstSupplemental = S;

struct MetricSpec {
  std::string_view name;
  std::array<std::string_view, 5> values;
  std::size_t count;
};

// In the order the specification requires; optional metrics list "X" first so that value
// index 0 means Not Defined.
constexpr std::array<MetricSpec, kMetricCount> kMetrics = {{
    {"AV", {"N", "A", "L", "P"}, 4},
    {"AC", {"L", "H"}, 2},
    {"AT", {"N", "P"}, 2},
    {"PR", {"N", "L", "H"}, 3},
    {"UI", {"N", "P", "A"}, 3},
    {"VC", {"H", "L", "N"}, 3},
    {"VI", {"H", "L", "N"}, 3},
    {"VA", {"H", "L", "N"}, 3},
    {"SC", {"H", "L", "N"}, 3},
    {"SI", {"H", "L", "N"}, 3},
    {"SA", {"H", "L", "N"}, 3},
    {"E", {"X", "A", "P", "U"}, 4},
    {"CR", {"X", "H", "M", "L"}, 4},
    {"IR", {"X", "H", "M", "L"}, 4},
    {"AR", {"X", "H", "M", "L"}, 4},
    {"MAV", {"X", "N", "A", "L", "P"}, 5},
    {"MAC", {"X", "L", "H"}, 3},
    {"MAT", {"X", "N", "P"}, 3},
    {"MPR", {"X", "N", "L", "H"}, 4},
    {"MUI", {"X", "N", "P", "A"}, 4},
    {"MVC", {"X", "H", "L", "N"}, 4},
    {"MVI", {"X", "H", "L", "N"}, 4},
    {"MVA", {"X", "H", "L", "N"}, 4},
    {"MSC", {"X", "H", "L", "N"}, 4},
    {"MSI", {"X", "S", "H", "L", "N"}, 5},
    {"MSA", {"X", "S", "H", "L", "N"}, 5},
    {"S", {"X", "N", "P"}, 3},
    {"AU", {"X", "N", "Y"}, 3},
    {"R", {"X", "A", "U", "I"}, 4},
    {"V", {"X", "D", "C"}, 3},
    {"RE", {"X", "L", "M", "H"}, 4},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, 5},
}};

using Values = std::array<std::uint8_t, kMetricCount>;  // value index per metric; 0 = X for optional

constexpr int kNoMetric = -1;

Values parse(std::string_view vector, const Origin& origin) {
  if (!starts_with(vector, "CVSS:4.0/")) detail::fail(origin, 0, "expected prefix 'CVSS:4.0/'");
  Values values{};
  std::array<bool, kMetricCount> seen{};
  std::size_t next_expected = 0;
  int previous = kNoMetric;
  detail::for_each_component(vector, 9, origin, [&](const detail::Component& component) {
    std::size_t metric = 0;
    while (metric < kMetricCount && kMetrics[metric].name != component.name) ++metric;
    const std::string name(component.name);
    if (metric == kMetricCount)
      detail::fail(origin, component.offset, "unknown metric '" + name + "' in CVSS v4.0 vector");
    if (seen[metric]) detail::fail(origin, component.offset, "duplicate metric '" + name + "'");
    if (metric < next_expected)
      detail::fail(origin, component.offset,
                   "metric '" + name + "' out of order: CVSS v4.0 requires it before '" +
                       std::string(kMetrics[static_cast<std::size_t>(previous)].name) + "'");
    for (std::size_t skipped = next_expected; skipped < metric && skipped < kBaseCount; ++skipped)
      detail::fail(origin, component.offset,
                   "missing mandatory metric '" + std::string(kMetrics[skipped].name) + "' before '" + name + "'");
    const MetricSpec& spec = kMetrics[metric];
    std::size_t index = 0;
    while (index < spec.count && spec.values[index] != component.value) ++index;
    if (index == spec.count)
      detail::fail(origin, component.offset,
                   "unknown value '" + std::string(component.value) + "' for metric '" + name + "' (expected one of " +
                       detail::join_values(spec.values.data(), spec.count) + ")");
    values[metric] = static_cast<std::uint8_t>(index);
    seen[metric] = true;
    next_expected = metric + 1;
    previous = static_cast<int>(metric);
  });
  if (next_expected < kBaseCount)
    detail::fail(origin, vector.size(), "missing mandatory metric '" + std::string(kMetrics[next_expected].name) + "'");
  return values;
}

// The metric values the equations use, one letter each: the modified metric when defined,
// else the base one; E:X counts as A and CR/IR/AR:X as H (the specification's worst case).
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

char letter(const Values& values, Metric metric) { return kMetrics[metric].values[values[metric]][0]; }

char with_modified(const Values& values, Metric base, Metric modified) {
  return values[modified] != 0 ? letter(values, modified) : letter(values, base);
}

char with_default(const Values& values, Metric metric, char fallback) {
  return values[metric] != 0 ? letter(values, metric) : fallback;
}

Effective effective(const Values& v) {
  return Effective{with_modified(v, AV, MAV), with_modified(v, AC, MAC), with_modified(v, AT, MAT),
                   with_modified(v, PR, MPR), with_modified(v, UI, MUI), with_modified(v, VC, MVC),
                   with_modified(v, VI, MVI), with_modified(v, VA, MVA), with_modified(v, SC, MSC),
                   with_modified(v, SI, MSI), with_modified(v, SA, MSA), with_default(v, E, 'A'),
                   with_default(v, CR, 'H'),  with_default(v, IR, 'H'),  with_default(v, AR, 'H')};
}

struct MacroVector {
  int eq1, eq2, eq3, eq4, eq5, eq6;
};

MacroVector macro_vector(const Effective& m) {
  MacroVector mv{};
  if (m.av == 'N' && m.pr == 'N' && m.ui == 'N') {
    mv.eq1 = 0;
  } else if ((m.av == 'N' || m.pr == 'N' || m.ui == 'N') && m.av != 'P') {
    mv.eq1 = 1;
  } else {
    mv.eq1 = 2;
  }
  mv.eq2 = (m.ac == 'L' && m.at == 'N') ? 0 : 1;
  if (m.vc == 'H' && m.vi == 'H') {
    mv.eq3 = 0;
  } else if (m.vc == 'H' || m.vi == 'H' || m.va == 'H') {
    mv.eq3 = 1;
  } else {
    mv.eq3 = 2;
  }
  // Only MSI/MSA can be S, and the effective SI/SA carry them.
  if (m.si == 'S' || m.sa == 'S') {
    mv.eq4 = 0;
  } else if (m.sc == 'H' || m.si == 'H' || m.sa == 'H') {
    mv.eq4 = 1;
  } else {
    mv.eq4 = 2;
  }
  mv.eq5 = m.e == 'A' ? 0 : m.e == 'P' ? 1 : 2;
  mv.eq6 = ((m.cr == 'H' && m.vc == 'H') || (m.ir == 'H' && m.vi == 'H') || (m.ar == 'H' && m.va == 'H')) ? 0 : 1;
  return mv;
}

// Dense table over EQ digits (EQ1 0-2, EQ2 0-1, EQ3 0-2, EQ4 0-2, EQ5 0-2, EQ6 0-1); NaN where
// the published table has no entry, which is how the calculator marks "no lower MacroVector".
class ScoreTable {
 public:
  ScoreTable() {
    scores_.fill(std::numeric_limits<double>::quiet_NaN());
    for (const auto& entry : detail::kMacroVectorScores) {
      const char* d = entry.macro_vector;
      scores_[index(d[0] - '0', d[1] - '0', d[2] - '0', d[3] - '0', d[4] - '0', d[5] - '0')] = entry.score;
    }
  }
  double at(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) const {
    if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return std::numeric_limits<double>::quiet_NaN();
    return scores_[index(eq1, eq2, eq3, eq4, eq5, eq6)];
  }

 private:
  static std::size_t index(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    return static_cast<std::size_t>(((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6);
  }
  std::array<double, 324> scores_{};
};

const ScoreTable& score_table() {
  static const ScoreTable table;
  return table;
}

// Severity levels of the calculator (distance units of 0.1 per step).
double level_av(char c) { return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double level_pr(char c) { return c == 'N' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double level_ui(char c) { return c == 'N' ? 0.0 : c == 'P' ? 0.1 : 0.2; }
double level_ac(char c) { return c == 'L' ? 0.0 : 0.1; }
double level_at(char c) { return c == 'N' ? 0.0 : 0.1; }
double level_vulnerable(char c) { return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double level_subsequent(char c) { return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double level_requirement(char c) { return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2; }

// The highest-severity vectors of each EQ's MacroVector (max_composed.js), as metric letters.
struct Eq1Max {
  char av, pr, ui;
};
struct Eq2Max {
  char ac, at;
};
struct Eq3Eq6Max {
  char vc, vi, va, cr, ir, ar;
};
struct Eq4Max {
  char sc, si, sa;
};

template <typename T>
struct MaxList {
  const T* items;
  std::size_t count;
};

constexpr Eq1Max kEq1_0[] = {{'N', 'N', 'N'}};
constexpr Eq1Max kEq1_1[] = {{'A', 'N', 'N'}, {'N', 'L', 'N'}, {'N', 'N', 'P'}};
constexpr Eq1Max kEq1_2[] = {{'P', 'N', 'N'}, {'A', 'L', 'P'}};
constexpr Eq2Max kEq2_0[] = {{'L', 'N'}};
constexpr Eq2Max kEq2_1[] = {{'H', 'N'}, {'L', 'P'}};
constexpr Eq3Eq6Max kEq36_00[] = {{'H', 'H', 'H', 'H', 'H', 'H'}};
constexpr Eq3Eq6Max kEq36_01[] = {{'H', 'H', 'L', 'M', 'M', 'H'}, {'H', 'H', 'H', 'M', 'M', 'M'}};
constexpr Eq3Eq6Max kEq36_10[] = {{'L', 'H', 'H', 'H', 'H', 'H'}, {'H', 'L', 'H', 'H', 'H', 'H'}};
constexpr Eq3Eq6Max kEq36_11[] = {{'L', 'H', 'L', 'H', 'M', 'H'},
                                  {'L', 'H', 'H', 'H', 'M', 'M'},
                                  {'H', 'L', 'H', 'M', 'H', 'M'},
                                  {'H', 'L', 'L', 'M', 'H', 'H'},
                                  {'L', 'L', 'H', 'H', 'H', 'M'}};
constexpr Eq3Eq6Max kEq36_21[] = {{'L', 'L', 'L', 'H', 'H', 'H'}};
constexpr Eq4Max kEq4_0[] = {{'H', 'S', 'S'}};
constexpr Eq4Max kEq4_1[] = {{'H', 'H', 'H'}};
constexpr Eq4Max kEq4_2[] = {{'L', 'L', 'L'}};

MaxList<Eq1Max> eq1_maxes(int eq1) {
  if (eq1 == 0) return {kEq1_0, 1};
  if (eq1 == 1) return {kEq1_1, 3};
  return {kEq1_2, 2};
}
MaxList<Eq2Max> eq2_maxes(int eq2) { return eq2 == 0 ? MaxList<Eq2Max>{kEq2_0, 1} : MaxList<Eq2Max>{kEq2_1, 2}; }
MaxList<Eq3Eq6Max> eq3eq6_maxes(int eq3, int eq6) {
  if (eq3 == 0) return eq6 == 0 ? MaxList<Eq3Eq6Max>{kEq36_00, 1} : MaxList<Eq3Eq6Max>{kEq36_01, 2};
  if (eq3 == 1) return eq6 == 0 ? MaxList<Eq3Eq6Max>{kEq36_10, 2} : MaxList<Eq3Eq6Max>{kEq36_11, 5};
  return {kEq36_21, 1};
}
MaxList<Eq4Max> eq4_maxes(int eq4) {
  if (eq4 == 0) return {kEq4_0, 1};
  if (eq4 == 1) return {kEq4_1, 1};
  return {kEq4_2, 1};
}

// max_severity.js: the depth of each MacroVector, in steps.
int eq1_depth(int eq1) { return eq1 == 0 ? 1 : eq1 == 1 ? 4 : 5; }
int eq2_depth(int eq2) { return eq2 == 0 ? 1 : 2; }
int eq3eq6_depth(int eq3, int eq6) {
  if (eq3 == 0) return eq6 == 0 ? 7 : 6;
  if (eq3 == 1) return 8;
  return 10;
}
int eq4_depth(int eq4) { return eq4 == 0 ? 6 : eq4 == 1 ? 5 : 4; }

struct Distances {
  double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
};

// The calculator walks the composed max vectors (EQ1 × EQ2 × EQ3/EQ6 × EQ4 × EQ5, last varying
// fastest) and stops at the first one no metric of which is less severe than the vector's. The
// conditions are independent per EQ, so that is the first fitting max of every EQ; when some EQ
// has none, the loop runs out and the calculator keeps the distances of the last combination.
template <typename T, typename Fits>
const T& chosen_max(const MaxList<T>& list, Fits fits, bool& found) {
  for (std::size_t i = 0; i < list.count; ++i)
    if (fits(list.items[i])) return list.items[i];
  found = false;
  return list.items[list.count - 1];
}

Distances severity_distances(const Effective& m, const MacroVector& mv) {
  bool found = true;
  auto fits1 = [&](const Eq1Max& x) {
    return level_av(m.av) - level_av(x.av) >= 0 && level_pr(m.pr) - level_pr(x.pr) >= 0 &&
           level_ui(m.ui) - level_ui(x.ui) >= 0;
  };
  auto fits2 = [&](const Eq2Max& x) {
    return level_ac(m.ac) - level_ac(x.ac) >= 0 && level_at(m.at) - level_at(x.at) >= 0;
  };
  auto fits36 = [&](const Eq3Eq6Max& x) {
    return level_vulnerable(m.vc) - level_vulnerable(x.vc) >= 0 &&
           level_vulnerable(m.vi) - level_vulnerable(x.vi) >= 0 &&
           level_vulnerable(m.va) - level_vulnerable(x.va) >= 0 &&
           level_requirement(m.cr) - level_requirement(x.cr) >= 0 &&
           level_requirement(m.ir) - level_requirement(x.ir) >= 0 &&
           level_requirement(m.ar) - level_requirement(x.ar) >= 0;
  };
  auto fits4 = [&](const Eq4Max& x) {
    return level_subsequent(m.sc) - level_subsequent(x.sc) >= 0 &&
           level_subsequent(m.si) - level_subsequent(x.si) >= 0 && level_subsequent(m.sa) - level_subsequent(x.sa) >= 0;
  };
  const auto l1 = eq1_maxes(mv.eq1);
  const auto l2 = eq2_maxes(mv.eq2);
  const auto l36 = eq3eq6_maxes(mv.eq3, mv.eq6);
  const auto l4 = eq4_maxes(mv.eq4);
  const Eq1Max* x1 = &chosen_max(l1, fits1, found);
  const Eq2Max* x2 = &chosen_max(l2, fits2, found);
  const Eq3Eq6Max* x36 = &chosen_max(l36, fits36, found);
  const Eq4Max* x4 = &chosen_max(l4, fits4, found);
  if (!found) {
    x1 = &l1.items[l1.count - 1];
    x2 = &l2.items[l2.count - 1];
    x36 = &l36.items[l36.count - 1];
    x4 = &l4.items[l4.count - 1];
  }
  return Distances{level_av(m.av) - level_av(x1->av),
                   level_pr(m.pr) - level_pr(x1->pr),
                   level_ui(m.ui) - level_ui(x1->ui),
                   level_ac(m.ac) - level_ac(x2->ac),
                   level_at(m.at) - level_at(x2->at),
                   level_vulnerable(m.vc) - level_vulnerable(x36->vc),
                   level_vulnerable(m.vi) - level_vulnerable(x36->vi),
                   level_vulnerable(m.va) - level_vulnerable(x36->va),
                   level_subsequent(m.sc) - level_subsequent(x4->sc),
                   level_subsequent(m.si) - level_subsequent(x4->si),
                   level_subsequent(m.sa) - level_subsequent(x4->sa),
                   level_requirement(m.cr) - level_requirement(x36->cr),
                   level_requirement(m.ir) - level_requirement(x36->ir),
                   level_requirement(m.ar) - level_requirement(x36->ar)};
}

double interpolated_score(const Effective& m, const MacroVector& mv) {
  if (m.vc == 'N' && m.vi == 'N' && m.va == 'N' && m.sc == 'N' && m.si == 'N' && m.sa == 'N') return 0.0;
  const ScoreTable& table = score_table();
  double value = table.at(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6);

  // Score of the next lower MacroVector along each EQ (NaN when there is none). EQ3 and EQ6
  // move together: 00 can go to 01 or 10 (the higher is taken), 01→11, 10→11, 11→21.
  const double lower_eq1 = table.at(mv.eq1 + 1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6);
  const double lower_eq2 = table.at(mv.eq1, mv.eq2 + 1, mv.eq3, mv.eq4, mv.eq5, mv.eq6);
  double lower_eq3eq6;
  if (mv.eq3 == 0 && mv.eq6 == 0) {
    const double left = table.at(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6 + 1);
    const double right = table.at(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6);
    lower_eq3eq6 = left > right ? left : right;
  } else if (mv.eq3 == 1 && mv.eq6 == 0) {
    lower_eq3eq6 = table.at(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6 + 1);
  } else if (mv.eq3 == 2) {
    lower_eq3eq6 = table.at(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6 + 1);
  } else {
    lower_eq3eq6 = table.at(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6);
  }
  const double lower_eq4 = table.at(mv.eq1, mv.eq2, mv.eq3, mv.eq4 + 1, mv.eq5, mv.eq6);
  const double lower_eq5 = table.at(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5 + 1, mv.eq6);

  const Distances d = severity_distances(m, mv);
  const double distance_eq1 = d.av + d.pr + d.ui;
  const double distance_eq2 = d.ac + d.at;
  const double distance_eq3eq6 = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
  const double distance_eq4 = d.sc + d.si + d.sa;

  const double step = 0.1;
  const double available_eq1 = value - lower_eq1;
  const double available_eq2 = value - lower_eq2;
  const double available_eq3eq6 = value - lower_eq3eq6;
  const double available_eq4 = value - lower_eq4;
  const double available_eq5 = value - lower_eq5;

  int existing_lower = 0;
  double normalized_eq1 = 0, normalized_eq2 = 0, normalized_eq3eq6 = 0, normalized_eq4 = 0, normalized_eq5 = 0;
  if (!std::isnan(available_eq1)) {
    ++existing_lower;
    normalized_eq1 = available_eq1 * (distance_eq1 / (eq1_depth(mv.eq1) * step));
  }
  if (!std::isnan(available_eq2)) {
    ++existing_lower;
    normalized_eq2 = available_eq2 * (distance_eq2 / (eq2_depth(mv.eq2) * step));
  }
  if (!std::isnan(available_eq3eq6)) {
    ++existing_lower;
    normalized_eq3eq6 = available_eq3eq6 * (distance_eq3eq6 / (eq3eq6_depth(mv.eq3, mv.eq6) * step));
  }
  if (!std::isnan(available_eq4)) {
    ++existing_lower;
    normalized_eq4 = available_eq4 * (distance_eq4 / (eq4_depth(mv.eq4) * step));
  }
  if (!std::isnan(available_eq5)) {
    // EQ5 (exploit maturity) has no depth: a MacroVector is its own highest vector.
    ++existing_lower;
    normalized_eq5 = available_eq5 * 0;
  }
  const double mean_distance =
      existing_lower == 0
          ? 0
          : (normalized_eq1 + normalized_eq2 + normalized_eq3eq6 + normalized_eq4 + normalized_eq5) / existing_lower;
  value -= mean_distance;
  if (value < 0) value = 0.0;
  if (value > 10) value = 10.0;
  // Round half up at one decimal after lifting by 1e-6: the interpolation can land one ULP
  // below an x.x5 tie (upstream calculator fix, RedHatProductSecurity/cvss-v4-calculator #67).
  return std::round((value + 1e-6) * 10) / 10;
}

}  // namespace

Result score_v4(std::string_view vector, const Origin& origin) {
  const Values values = parse(vector, origin);
  const Effective m = effective(values);
  const MacroVector mv = macro_vector(m);

  Result result;
  result.version = Version::V4_0;
  result.score = interpolated_score(m, mv);
  result.rating = rating_of(result.score);
  result.base_score = result.score;
  result.macro_vector = {static_cast<char>('0' + mv.eq1), static_cast<char>('0' + mv.eq2),
                         static_cast<char>('0' + mv.eq3), static_cast<char>('0' + mv.eq4),
                         static_cast<char>('0' + mv.eq5), static_cast<char>('0' + mv.eq6)};
  bool threat = values[E] != 0;
  bool environmental = false;
  for (std::size_t metric = CR; metric <= MSA; ++metric) environmental = environmental || values[metric] != 0;
  result.nomenclature = std::string("CVSS-B") + (threat ? "T" : "") + (environmental ? "E" : "");
  for (std::size_t metric = kFirstSupplemental; metric < kMetricCount; ++metric)
    if (values[metric] != 0)
      result.supplemental.emplace_back(std::string(kMetrics[metric].name),
                                       std::string(kMetrics[metric].values[values[metric]]));
  return result;
}

}  // namespace tocsin::cvss
