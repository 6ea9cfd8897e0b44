// npm and PyPI rules that matter for advisories, checked on values from node-semver's and
// packaging's documentation and behaviour (the oracle corpora cover the bulk).
#include <gtest/gtest.h>

#include "core/error.h"
#include "version/version.h"

namespace tocsin::version {
namespace {

TEST(Npm, HeaderExamples) {
  EXPECT_EQ(compare(Ecosystem::Npm, "1.2.3-beta.1", "1.2.3"), -1);
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.3", "^1.0.0 || ~0.9"));
}

TEST(Npm, VersionsParseAsNodeSemverStrictly) {
  EXPECT_TRUE(is_valid(Ecosystem::Npm, "v1.2.3"));
  EXPECT_TRUE(is_valid(Ecosystem::Npm, " 1.2.3\t"));
  EXPECT_TRUE(is_valid(Ecosystem::Npm,
                       "\xC2\xA0"
                       "1.2.3"));                    // JS trim removes U+00A0
  EXPECT_FALSE(is_valid(Ecosystem::Npm, "=1.2.3"));  // only in loose mode
  EXPECT_FALSE(is_valid(Ecosystem::Npm, "V1.2.3"));
  EXPECT_FALSE(is_valid(Ecosystem::Npm, "9007199254740992.0.0"));            // above Number.MAX_SAFE_INTEGER
  EXPECT_FALSE(is_valid(Ecosystem::Npm, "1.2.3-" + std::string(251, 'a')));  // longer than 256
  EXPECT_THROW(compare(Ecosystem::Npm, "1.2", "1.2.0"), Error);
}

TEST(Npm, HugeNumericPrereleasesCompareAsJavaScriptNumbers) {
  // Both round to 1e20 as doubles: node-semver calls them equal.
  EXPECT_EQ(compare(Ecosystem::Npm, "1.0.0-99999999999999999999", "1.0.0-99999999999999999998"), 0);
  EXPECT_EQ(compare(Ecosystem::CratesIo, "1.0.0-99999999999999999999", "1.0.0-99999999999999999998"), 1);
}

TEST(Npm, RangeForms) {
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.9", "~1.2.3"));
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "1.3.0", "~1.2.3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.9.0", "~>1"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "0.2.9", "^0.2.3"));
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "0.0.4", "^0.0.3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "2.3.4", "1.2.3 - 2.3.4"));
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "2.4.0", "1.2 - 2.3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "2.3.9", "1.2 - 2.3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.7", "1.2.*"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "9.9.9", ""));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "3.0.0", "<=2 || >=3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.5.0", ">= 1.2.3 < 2"));
}

TEST(Npm, PrereleaseNeedsAComparatorOnTheSameTuple) {
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.3-alpha.7", ">1.2.3-alpha.3"));
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "3.4.5-alpha.9", ">1.2.3-alpha.3"));
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "1.2.4-beta", "^1.2.3"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.4-beta", "^1.2.4-alpha"));
}

TEST(Npm, RewritingQuirksOfNodeSemver) {
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.3", "1.2.3*"));                 // the star is simply removed
  EXPECT_FALSE(satisfies(Ecosystem::Npm, "1.2.3-beta", "* || 1.2.3-beta"));  // "*" set wins alone
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.3-beta", "1.2.3-beta || 2"));
  EXPECT_TRUE(satisfies(Ecosystem::Npm, "1.2.3", "1.2.3+build"));
}

TEST(Npm, InvalidRangesThrow) {
  for (const char* bad : {"1.x.3", "a", ">=1.2.3 foo", "1.2.3-01", "^9007199254740991"})
    EXPECT_THROW(satisfies(Ecosystem::Npm, "1.2.3", bad), Error) << bad;
  EXPECT_THROW(satisfies(Ecosystem::Npm, "not a version", "*"), Error);
}

TEST(PyPI, HeaderExampleAndNormalization) {
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.0.post1", "~=1.0"));
  EXPECT_EQ(compare(Ecosystem::PyPI, "1.0", "1.0.0"), 0);
  EXPECT_EQ(compare(Ecosystem::PyPI, "1.0ALPHA1", "1.0a1"), 0);
  EXPECT_EQ(compare(Ecosystem::PyPI, "1.0-1", "1.0.post1"), 0);
  EXPECT_EQ(compare(Ecosystem::PyPI, "v1!2.0", "1!2"), 0);
}

TEST(PyPI, Pep440OrderingSummary) {
  // PEP 440's example ordering of one release's variants.
  const std::vector<const char*> order = {"1.dev0",
                                          "1.0.dev456",
                                          "1.0a1",
                                          "1.0a2.dev456",
                                          "1.0a12.dev456",
                                          "1.0a12",
                                          "1.0b1.dev456",
                                          "1.0b2",
                                          "1.0b2.post345.dev456",
                                          "1.0b2.post345",
                                          "1.0rc1.dev456",
                                          "1.0rc1",
                                          "1.0",
                                          "1.0+abc.5",
                                          "1.0+abc.7",
                                          "1.0+5",
                                          "1.0.post456.dev34",
                                          "1.0.post456",
                                          "1.0.15",
                                          "1.1.dev1"};
  for (std::size_t i = 0; i + 1 < order.size(); ++i)
    EXPECT_EQ(compare(Ecosystem::PyPI, order[i], order[i + 1]), -1) << order[i] << " < " << order[i + 1];
}

TEST(PyPI, PrereleasesOnlyWhenASpecifierNamesOne) {
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "2.0a1", ">=1.0"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "2.0a1", ">=1.0a1"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "2.0a1", ">=1.0,>=0.1.dev0"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "2.0a1", ""));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "2.0", ""));
}

TEST(PyPI, ExclusiveComparisons) {
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.0.post1", ">1.0"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.0.post2", ">1.0.post1"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.0+local", ">1.0"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.0a1", "<1.0,>=0.9a1"));
}

TEST(PyPI, EqualityWildcardsAndLocals) {
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.1.0+x", "==1.1.*"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.1", "==1.1.0.*"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.10", "==1.1.*"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.0+local", "==1.0"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.0", "==1.0+local"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.0", "===1.0"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.0", "===1.0.0"));
}

TEST(PyPI, CompatibleReleaseComputesItsPrefixFromTheRawText) {
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.4.9", "~=1.4.5"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.5.0", "~=1.4.5"));
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "2.9", "~=2.2"));
  // ".c1" does not start with a|b|rc|dev|post: packaging keeps "5" and requires ==1.4.5.*.
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.4.6", "~=1.4.5.c1"));
  EXPECT_FALSE(satisfies(Ecosystem::PyPI, "1.4.6", "~=v1.4.5"));  // "v1" is not a number there
}

TEST(PyPI, InvalidInputThrows) {
  EXPECT_THROW(satisfies(Ecosystem::PyPI, "1.0", "1.0"), Error);  // no operator
  EXPECT_THROW(satisfies(Ecosystem::PyPI, "1.0", "~=1"), Error);  // one release component
  EXPECT_THROW(satisfies(Ecosystem::PyPI, "1.0", ">=1.0+local"), Error);
  EXPECT_THROW(satisfies(Ecosystem::PyPI, "1.0", "===foo"), Error);  // packaging raises InvalidVersion
  EXPECT_TRUE(satisfies(Ecosystem::PyPI, "1.0a1", "===foo, >=1.0a1") == false);
  EXPECT_THROW(satisfies(Ecosystem::PyPI, "banana", ">=1"), Error);
  EXPECT_FALSE(is_valid(Ecosystem::PyPI, std::string(4301, '1')));  // Python's int() digit limit
  EXPECT_TRUE(is_valid(Ecosystem::PyPI, std::string(4300, '1')));
}

}  // namespace
}  // namespace tocsin::version
