// CVSS vector parsing and scoring: v3.0, v3.1 and v4.0, exactly as FIRST publishes them.
//
// A vector string goes in, a Result comes out: the version, the score (one decimal), the
// qualitative rating, and for v4.0 the nomenclature (CVSS-B, CVSS-BT, CVSS-BE, CVSS-BTE) and the
// six-digit MacroVector. Callers may rely on:
//
//   * v3.1 scores equal FIRST's reference calculator (cvsscalc31.js): the Appendix A Roundup with
//     integer arithmetic, the v3.1 environmental formula (MISS×0.9731, exponent 13), X defaults.
//   * v3.0 vectors ("CVSS:3.0/") are scored with the v3.0 formulas (ceil-to-one-decimal Roundup,
//     exponent 15 in the modified impact), because that is what their authors' tools showed; the
//     two versions differ on a few vectors and a database stores whichever the author chose.
//   * v4.0 scores equal FIRST's reference calculator (FIRSTdotorg/cvss-v4-calculator, whose
//     scoring code comes from RedHatProductSecurity/cvss-v4-calculator): MacroVector lookup
//     table, severity-distance interpolation, and the "round half up after adding 1e-6" rounding
//     of the upstream fix of 2024-11 (pull request #67), which keeps x.x5 ties from losing a
//     tenth to one-ULP floating-point errors (522 base vectors; older copies of the calculator
//     without the fix score them 0.1 lower). All 104,976 base vectors are checked in the tests.
//   * v3 metrics may come in any order (the v3 spec allows it); v4.0 metrics must follow the
//     specified order. Duplicates, unknown metrics or values, and missing base metrics are errors
//     in both, thrown as tocsin::Error whose message names the metric and the reason and whose
//     column is the 1-based position of the offending metric in the vector (shifted by
//     Origin::column so that a caller parsing a file can point into its own text).
//   * Parsing and scoring never touch global state; every function is thread-safe.
//   * v4.0 supplemental metrics (S, AU, R, V, RE, U) are parsed, validated and kept in
//     Result::supplemental, never scored. CVSS v2 is not supported (an Error says so).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::cvss {

enum class Version { V3_0, V3_1, V4_0 };
enum class Rating { None, Low, Medium, High, Critical };

// "3.0", "3.1", "4.0".
std::string_view version_name(Version version);
// "None", "Low", "Medium", "High", "Critical".
std::string_view rating_name(Rating rating);
// The qualitative severity rating scale shared by v3 and v4 (0.0 None, 0.1–3.9 Low, 4.0–6.9
// Medium, 7.0–8.9 High, 9.0–10.0 Critical). `score` is expected to be rounded to one decimal.
Rating rating_of(double score);

// Where a vector came from, for error messages: a file path, a line, and the 1-based column at
// which the vector string starts on that line.
struct Origin {
  std::string path;
  int line = 0;
  int column = 1;
};

struct Result {
  Version version = Version::V3_1;
  // The score of the most specific metric group given: for v3 the environmental score if any
  // environmental metric is defined, else the temporal score if any temporal metric is defined,
  // else the base score; for v4.0 the single CVSS-B/BT/BE/BTE score.
  double score = 0.0;
  Rating rating = Rating::None;

  // v3 only: the three group scores as the FIRST calculator shows them (undefined temporal and
  // environmental metrics are X, so these are always computed).
  double base_score = 0.0;
  double temporal_score = 0.0;
  double environmental_score = 0.0;

  // v4.0 only.
  std::string nomenclature;                                       // "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"
  std::string macro_vector;                                       // six digits EQ1..EQ6, e.g. "000200"
  std::vector<std::pair<std::string, std::string>> supplemental;  // defined (non-X) ones, in order
};

// Parses and scores any supported vector; the version comes from the prefix ("CVSS:3.0/",
// "CVSS:3.1/", "CVSS:4.0/"). Throws Error on an invalid vector.
Result score(std::string_view vector, const Origin& origin = {});

// Scores one version only; a vector of another version is an Error ("expected prefix …").
Result score_v3(std::string_view vector, const Origin& origin = {});
Result score_v4(std::string_view vector, const Origin& origin = {});

}  // namespace tocsin::cvss
