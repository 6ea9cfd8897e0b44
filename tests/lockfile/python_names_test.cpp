// PEP 503 normalization and PEP 508 parsing shared by the Python readers.
#include "lockfile/python_names.h"

#include <gtest/gtest.h>

namespace tocsin::lockfile {
namespace {

TEST(PythonNames, Pep503NormalizationExamplesFromTheSpec) {
  // PEP 503: these spellings are all the same project, "friendly-bard".
  for (std::string_view name : {"friendly-bard", "Friendly-Bard", "FRIENDLY-BARD", "friendly.bard", "friendly_bard",
                                "friendly--bard", "FrIeNdLy-._.-bArD"})
    EXPECT_EQ(normalize_python_name(name), "friendly-bard") << name;
}

TEST(PythonNames, ValidNames) {
  for (std::string_view name : {"a", "A1", "zope.interface", "ruamel.yaml.clib", "x_y-z"})
    EXPECT_TRUE(is_valid_python_name(name)) << name;
  for (std::string_view name : {"", "-a", "a-", ".a", "a b", "a/b", "ä"})
    EXPECT_FALSE(is_valid_python_name(name)) << name;
}

TEST(PythonNames, Pep508Examples) {
  // The examples of PEP 508's "Examples" section.
  Pep508 a = parse_pep508("A");
  EXPECT_EQ(a.name, "A");
  EXPECT_EQ(a.specifier, "");
  Pep508 spaced = parse_pep508("A.B-C_D");
  EXPECT_EQ(spaced.name, "A.B-C_D");
  Pep508 extras = parse_pep508("aa[bb]");
  EXPECT_EQ(extras.extras, std::vector<std::string>{"bb"});
  Pep508 ranged = parse_pep508("name>=3,<2");
  EXPECT_EQ(ranged.specifier, ">=3,<2");
  Pep508 url = parse_pep508("name@http://foo.com");
  EXPECT_EQ(url.url, "http://foo.com");
  Pep508 full = parse_pep508("name [fred,bar] @ http://foo.com ; python_version=='2.7'");
  EXPECT_EQ(full.extras, (std::vector<std::string>{"fred", "bar"}));
  EXPECT_EQ(full.url, "http://foo.com");
  EXPECT_EQ(full.marker, "python_version=='2.7'");
  Pep508 paren = parse_pep508("name (>= 1.0, != 1.5) ; os_name=='a' or os_name=='b'");
  EXPECT_EQ(paren.specifier, ">=1.0,!=1.5");
  EXPECT_EQ(paren.marker, "os_name=='a' or os_name=='b'");
  EXPECT_TRUE(parse_pep508("name===1.0.post1-local").error.empty());
  EXPECT_EQ(parse_pep508("name===1.0.post1-local").specifier, "===1.0.post1-local");
}

TEST(PythonNames, Pep508ErrorsPointAtTheProblem) {
  struct Case {
    std::string_view text;
    std::size_t offset;
  };
  for (const Case& c : {Case{"", 0}, Case{"  -x", 2}, Case{"a[b", 1}, Case{"a[b!]", 2}, Case{"a @ ", 4},
                        Case{"a 1.0", 2}, Case{"a ==", 2}, Case{"a==1;", 4}, Case{"a (>=1", 2}}) {
    Pep508 parsed = parse_pep508(c.text);
    EXPECT_FALSE(parsed.error.empty()) << c.text;
    EXPECT_EQ(parsed.error_offset, c.offset) << c.text << ": " << parsed.error;
  }
}

TEST(PythonNames, PinnedVersion) {
  EXPECT_EQ(pinned_version("==1.2.3"), "1.2.3");
  EXPECT_EQ(pinned_version("===1.2.3"), "1.2.3");
  EXPECT_EQ(pinned_version("!=1.2.4,==1.2.3"), "1.2.3");
  EXPECT_EQ(pinned_version("==1.2.*"), "");
  EXPECT_EQ(pinned_version(">=1,<2"), "");
  EXPECT_EQ(pinned_version("~=1.2"), "");
  EXPECT_EQ(pinned_version(""), "");
}

}  // namespace
}  // namespace tocsin::lockfile
