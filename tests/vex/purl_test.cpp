#include "vex/purl.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tocsin::vex {
namespace {

TEST(Purl, ParsesCargoWithVersion) {
  Purl purl = parse_purl("pkg:cargo/rand@0.8.5");
  EXPECT_EQ(purl.type, "cargo");
  EXPECT_EQ(purl.namespace_, "");
  EXPECT_EQ(purl.name, "rand");
  EXPECT_EQ(purl.version, "0.8.5");
  EXPECT_EQ(format_purl(purl), "pkg:cargo/rand@0.8.5");
}

TEST(Purl, NpmScopeIsPercentEncodedNamespace) {
  Purl purl = parse_purl("pkg:npm/%40scope/name@1.0.0");
  EXPECT_EQ(purl.namespace_, "@scope");
  EXPECT_EQ(purl.name, "name");
  EXPECT_EQ(purl.package_name(), "@scope/name");
  EXPECT_EQ(format_purl(purl), "pkg:npm/%40scope/name@1.0.0");
  // The unencoded form found in the wild reads the same.
  EXPECT_EQ(parse_purl("pkg:npm/@scope/name@1.0.0").package_name(), "@scope/name");
  EXPECT_EQ(format_purl(purl_for_package(Ecosystem::Npm, "@scope/name", "1.0.0")), "pkg:npm/%40scope/name@1.0.0");
}

TEST(Purl, PypiNameIsNormalised) {
  // purl-spec PURL-TYPES: pypi names are lower-cased and '_' becomes '-'.
  Purl purl = parse_purl("pkg:pypi/Django_Rest@1.0");
  EXPECT_EQ(purl.name, "django-rest");
  EXPECT_EQ(format_purl(purl_for_package(Ecosystem::PyPI, "Foo.Bar_baz", "1.0")), "pkg:pypi/foo-bar-baz@1.0");
}

TEST(Purl, QualifiersAndSubpath) {
  // Example from the purl spec test suite: qualifiers sorted, keys lower-cased, subpath cleaned.
  Purl purl = parse_purl("pkg:npm/foo@1.0?Os=linux&arch=x86%2064#/src/./lib/../index.js");
  ASSERT_EQ(purl.qualifiers.size(), 2u);
  EXPECT_EQ(purl.qualifiers[0].first, "arch");
  EXPECT_EQ(purl.qualifiers[0].second, "x86 64");
  EXPECT_EQ(purl.qualifiers[1].first, "os");
  EXPECT_EQ(purl.subpath, "src/lib/index.js");
  EXPECT_EQ(format_purl(purl), "pkg:npm/foo@1.0?arch=x86%2064&os=linux#src/lib/index.js");
}

TEST(Purl, VersionWithPlusIsEncoded) {
  Purl purl = parse_purl("pkg:cargo/x@1.0.0%2Bbuild.1");
  EXPECT_EQ(purl.version, "1.0.0+build.1");
  EXPECT_EQ(format_purl(purl), "pkg:cargo/x@1.0.0%2Bbuild.1");
}

TEST(Purl, RejectsMalformed) {
  EXPECT_THROW(parse_purl("cargo/rand"), Error);
  EXPECT_THROW(parse_purl("pkg:rand"), Error);
  EXPECT_THROW(parse_purl("pkg:cargo/"), Error);
  EXPECT_THROW(parse_purl("pkg:cargo/ra%4"), Error);
  EXPECT_THROW(parse_purl("pkg:1cargo/rand"), Error);
  EXPECT_FALSE(try_parse_purl("https://example.com").has_value());
}

TEST(Purl, EcosystemMapping) {
  EXPECT_EQ(ecosystem_of_purl_type("cargo"), Ecosystem::CratesIo);
  EXPECT_EQ(ecosystem_of_purl_type("npm"), Ecosystem::Npm);
  EXPECT_EQ(ecosystem_of_purl_type("pypi"), Ecosystem::PyPI);
  EXPECT_FALSE(ecosystem_of_purl_type("maven").has_value());
}

TEST(PurlCovers, NoVersionCoversAll) {
  Purl purl = parse_purl("pkg:cargo/rsa");
  EXPECT_TRUE(purl_covers(purl, Ecosystem::CratesIo, "rsa", "0.9.10"));
  EXPECT_TRUE(purl_covers(purl, Ecosystem::CratesIo, "rsa", "0.1.0"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::CratesIo, "rsa-der", "0.9.10"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::Npm, "rsa", "0.9.10"));
}

TEST(PurlCovers, ExactVersion) {
  Purl purl = parse_purl("pkg:cargo/rand@0.8.5");
  EXPECT_TRUE(purl_covers(purl, Ecosystem::CratesIo, "rand", "0.8.5"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::CratesIo, "rand", "0.8.6"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::CratesIo, "rand", "0.9.2"));
}

TEST(PurlCovers, PrefixVersionForSemverEcosystems) {
  Purl purl = parse_purl("pkg:cargo/rusqlite@0.37");
  EXPECT_TRUE(purl_covers(purl, Ecosystem::CratesIo, "rusqlite", "0.37.0"));
  EXPECT_TRUE(purl_covers(purl, Ecosystem::CratesIo, "rusqlite", "0.37.9-rc.1"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::CratesIo, "rusqlite", "0.39.0"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::CratesIo, "rusqlite", "0.370.0"));
  Purl major = parse_purl("pkg:npm/postcard@1");
  EXPECT_TRUE(purl_covers(major, Ecosystem::Npm, "postcard", "1.4.2"));
  EXPECT_FALSE(purl_covers(major, Ecosystem::Npm, "postcard", "10.0.0"));
  EXPECT_TRUE(is_version_prefix(Ecosystem::CratesIo, "0.37"));
  EXPECT_FALSE(is_version_prefix(Ecosystem::CratesIo, "0.37.0"));
  EXPECT_FALSE(is_version_prefix(Ecosystem::PyPI, "1.0"));
}

TEST(PurlCovers, PypiUsesPep440Equality) {
  // PEP 440: 1.0 == 1.0.0; names compare after PEP 503 normalisation.
  Purl purl = parse_purl("pkg:pypi/my_package@1.0");
  EXPECT_TRUE(purl_covers(purl, Ecosystem::PyPI, "My.Package", "1.0.0"));
  EXPECT_FALSE(purl_covers(purl, Ecosystem::PyPI, "my-package", "1.0.1"));
}

TEST(PurlCovers, CargoNamesAreExact) {
  // crates.io keeps '-' and '_' distinct in Cargo.lock names; VEX must name the crate as locked.
  EXPECT_FALSE(purl_covers(parse_purl("pkg:cargo/number-prefix"), Ecosystem::CratesIo, "number_prefix", "0.4.0"));
}

}  // namespace
}  // namespace tocsin::vex
