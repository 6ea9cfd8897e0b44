// The specifications' own examples, the v4.0 rounding fix, and every kind of invalid vector.
#include <gtest/gtest.h>

#include "core/error.h"
#include "cvss/cvss.h"

namespace tocsin::cvss {
namespace {

// CVSS v3.1 Examples document (first.org/cvss/v3.1/examples), base vectors and scores.
TEST(CvssSpec, V31ExamplesDocumentBaseScores) {
  const std::pair<const char*, double> examples[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},  // CVE-2013-1937 phpMyAdmin XSS
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},  // CVE-2013-0375 MySQL
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1},  // CVE-2014-3566 POODLE
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9},  // CVE-2012-1516 VMware
      {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2},  // CVE-2009-0783 Tomcat
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},  // CVE-2012-0384 Cisco IOS
      {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8},  // CVE-2015-1098 Apple iWork
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},  // CVE-2014-0160 Heartbleed
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},  // CVE-2014-6271 Shellshock
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8},  // CVE-2008-1447 DNS poisoning
      {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8},  // CVE-2014-2005 Sophos
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8},  // CVE-2010-0467 Joomla
      {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3},  // CVE-2013-6014 Juniper
  };
  for (const auto& [vector, expected] : examples) {
    const Result result = score(vector);
    EXPECT_EQ(result.version, Version::V3_1);
    EXPECT_DOUBLE_EQ(result.score, expected) << vector;
  }
}

TEST(CvssSpec, V31MetricOrderDoesNotMatterAndGroupsPickTheScore) {
  const Result ordered = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O");
  const Result shuffled = score("CVSS:3.1/RL:O/A:H/I:H/E:P/C:H/S:U/UI:N/PR:N/AC:L/AV:N");
  EXPECT_DOUBLE_EQ(ordered.score, shuffled.score);
  EXPECT_DOUBLE_EQ(ordered.base_score, 9.8);
  EXPECT_DOUBLE_EQ(ordered.score, ordered.temporal_score);  // temporal given, no environmental
  EXPECT_LT(ordered.temporal_score, ordered.base_score);
  // Explicit X everywhere is "not defined": the base score stays the score.
  EXPECT_DOUBLE_EQ(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/CR:X/MAV:X").score, 9.8);
  const Result environmental = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P");
  EXPECT_DOUBLE_EQ(environmental.score, environmental.environmental_score);
  EXPECT_LT(environmental.score, 9.8);
}

TEST(CvssSpec, V30UsesItsOwnRoundupAndEnvironmentalFormula) {
  // Scores from FIRST's cvsscalc30.js and cvsscalc31.js for the same metrics: 3.0 rounds up with
  // ceil(x*10)/10 and keeps exponent 15 in the modified impact; 3.1 changed both.
  const char* changed_scope = "AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:L/A:H/RL:X/CR:M/IR:M/AR:H/MAC:H/MC:X/MI:L/MA:H";
  const Result v30 = score(std::string("CVSS:3.0/") + changed_scope);
  EXPECT_EQ(v30.version, Version::V3_0);
  EXPECT_DOUBLE_EQ(v30.environmental_score, 8.3);
  EXPECT_DOUBLE_EQ(score(std::string("CVSS:3.1/") + changed_scope).environmental_score, 8.4);
  const char* unchanged = "AV:L/AC:H/PR:L/UI:N/S:C/C:N/I:L/A:L/RC:U/AR:L/MAV:L/MUI:N/MS:U/MI:H";
  EXPECT_DOUBLE_EQ(score(std::string("CVSS:3.0/") + unchanged).environmental_score, 4.7);
  EXPECT_DOUBLE_EQ(score(std::string("CVSS:3.1/") + unchanged).environmental_score, 4.6);
}

TEST(CvssSpec, V4ExamplesAndMacroVectors) {
  struct Case {
    const char* vector;
    double score;
    const char* macro_vector;
    const char* nomenclature;
  };
  const Case cases[] = {
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "000200", "CVSS-B"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "000100", "CVSS-B"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1, "102201", "CVSS-B"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1, "000220", "CVSS-BT"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSA:S", 10.0, "000000", "CVSS-BE"},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U/CR:L/IR:L/AR:L", 0.1, "212221", "CVSS-BTE"},
      // No impact anywhere: 0.0 whatever else the vector says.
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "002201", "CVSS-B"},
  };
  for (const Case& c : cases) {
    const Result result = score(c.vector);
    EXPECT_EQ(result.version, Version::V4_0);
    EXPECT_DOUBLE_EQ(result.score, c.score) << c.vector;
    EXPECT_EQ(result.macro_vector, c.macro_vector) << c.vector;
    EXPECT_EQ(result.nomenclature, c.nomenclature) << c.vector;
  }
}

TEST(CvssSpec, V4RoundingLiftsOneUlpBelowTies) {
  // The interpolation gives 8.549999999999999 here; FIRST's calculator (since the 2024-11 fix)
  // and ae-cvss-calculator say 8.6, a bare round-half-up would say 8.5.
  EXPECT_DOUBLE_EQ(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H").score, 8.6);
}

TEST(CvssSpec, V4SupplementalMetricsAreKeptButNotScored) {
  const char* base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const Result plain = score(base);
  const Result supplemented = score(std::string(base) + "/S:P/AU:Y/R:X/V:C/RE:H/U:Amber");
  EXPECT_DOUBLE_EQ(plain.score, supplemented.score);
  EXPECT_EQ(supplemented.nomenclature, "CVSS-B");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"S", "P"}, {"AU", "Y"}, {"V", "C"}, {"RE", "H"}, {"U", "Amber"}};
  EXPECT_EQ(supplemented.supplemental, expected);
}

TEST(CvssSpec, Ratings) {
  EXPECT_EQ(rating_of(0.0), Rating::None);
  EXPECT_EQ(rating_of(0.1), Rating::Low);
  EXPECT_EQ(rating_of(3.9), Rating::Low);
  EXPECT_EQ(rating_of(4.0), Rating::Medium);
  EXPECT_EQ(rating_of(6.9), Rating::Medium);
  EXPECT_EQ(rating_of(7.0), Rating::High);
  EXPECT_EQ(rating_of(8.9), Rating::High);
  EXPECT_EQ(rating_of(9.0), Rating::Critical);
  EXPECT_EQ(rating_of(10.0), Rating::Critical);
  EXPECT_EQ(rating_name(Rating::Critical), "Critical");
}

struct BadVector {
  const char* vector;
  int column;
  const char* message_part;
};

void expect_error(const BadVector& bad) {
  try {
    score(bad.vector);
    ADD_FAILURE() << "accepted " << bad.vector;
  } catch (const Error& e) {
    EXPECT_EQ(e.column(), bad.column) << bad.vector << ": " << e.message();
    EXPECT_NE(e.message().find(bad.message_part), std::string::npos) << bad.vector << ": " << e.message();
  }
}

TEST(CvssErrors, V4InvalidVectorsNameTheMetricAndReason) {
  const BadVector cases[] = {
      {"CVSS:4.1/AV:N", 1, "unsupported CVSS version"},
      {"AV:N/AC:L/Au:N/C:P/I:P/A:P", 1, "CVSS v2"},
      {"", 1, "not a CVSS vector"},
      {"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 10, "missing mandatory metric 'AV'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A", 70, "'E' out of order"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A", 69, "duplicate metric 'E'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/XX:A", 65, "unknown metric 'XX'"},
      {"CVSS:4.0/AV:Z/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 10, "unknown value 'Z' for metric 'AV'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", 59, "missing mandatory metric 'SA'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/", 65, "empty metric"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", 55, "unknown value 'S' for metric 'SI'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red", 65, "unknown value 'red'"},
      {"CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 10, "unknown value 'X' for metric 'AV'"},
      {"CVSS:4.0/AV:N/AC", 15, "malformed metric 'AC'"},
  };
  for (const BadVector& bad : cases) expect_error(bad);
}

TEST(CvssErrors, V3InvalidVectors) {
  const BadVector cases[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", 41, "missing base metric 'A'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", 46, "duplicate metric 'AV'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N", 46, "unknown metric 'AT'"},
      {"CVSS:3.1/AV:N/AC:L/PR:U/UI:N/S:U/C:H/I:H/A:H", 20, "unknown value 'U' for metric 'PR'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X", 42, "unknown value 'X' for metric 'A'"},
  };
  for (const BadVector& bad : cases) expect_error(bad);
}

TEST(CvssErrors, OriginShiftsTheColumnAndNamesTheFile) {
  try {
    score("CVSS:3.1/AV:Q", Origin{"advisory.json", 7, 20});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "advisory.json");
    EXPECT_EQ(e.line(), 7);
    EXPECT_EQ(e.column(), 29);
  }
}

}  // namespace
}  // namespace tocsin::cvss
