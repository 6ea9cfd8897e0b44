// Dependency-path parsing, checked against the cases pnpm's own dependency-path tests use
// (packages/dependency-path/test and deps/path/test in pnpm/pnpm).
#include "lockfile/pnpm_keys.h"

#include <gtest/gtest.h>

namespace tocsin::lockfile::pnpm {
namespace {

TEST(PnpmKeys, SlashStyleKeys) {
  auto plain = parse_dep_path("/foo/1.0.0", KeyStyle::Slash);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->name, "foo");
  EXPECT_EQ(plain->version, "1.0.0");
  EXPECT_EQ(plain->suffix, "");
  EXPECT_TRUE(plain->semver);

  auto scoped = parse_dep_path("/@foo/bar/1.0.0", KeyStyle::Slash);
  ASSERT_TRUE(scoped);
  EXPECT_EQ(scoped->name, "@foo/bar");
  EXPECT_EQ(scoped->version, "1.0.0");

  auto peers = parse_dep_path("/foo/1.0.0_@types+babel__core@7.1.14+foo@1.0.0", KeyStyle::Slash);
  ASSERT_TRUE(peers);
  EXPECT_EQ(peers->name, "foo");
  EXPECT_EQ(peers->version, "1.0.0");
  EXPECT_EQ(peers->suffix, "@types+babel__core@7.1.14+foo@1.0.0");
}

TEST(PnpmKeys, NonRegistryKeysDoNotParse) {
  EXPECT_FALSE(
      parse_dep_path("github.com/kevva/is-negative/219c424611ff4a2af15f7deeff4f93c62558c43d", KeyStyle::Slash));
  EXPECT_FALSE(
      parse_dep_path("github.com/kevva/is-negative/219c424611ff4a2af15f7deeff4f93c62558c43d", KeyStyle::LeadAt));
  EXPECT_FALSE(parse_dep_path("/foo", KeyStyle::Slash));
  EXPECT_FALSE(parse_dep_path("/foo", KeyStyle::LeadAt));
  EXPECT_FALSE(parse_dep_path("foo@", KeyStyle::BareAt));
  EXPECT_FALSE(parse_dep_path("", KeyStyle::BareAt));
  auto tarball =
      parse_dep_path("is-negative@https://codeload.github.com/kevva/is-negative/tar.gz/1d7e288", KeyStyle::BareAt);
  ASSERT_TRUE(tarball);
  EXPECT_EQ(tarball->name, "is-negative");
  EXPECT_FALSE(tarball->semver);
}

TEST(PnpmKeys, AtStyleKeysWithNestedPeers) {
  auto v6 = parse_dep_path("/@foo/bar@1.0.0(@types/babel__core@7.1.14)(foo@1.0.0)", KeyStyle::LeadAt);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->name, "@foo/bar");
  EXPECT_EQ(v6->version, "1.0.0");
  EXPECT_EQ(v6->suffix, "(@types/babel__core@7.1.14)(foo@1.0.0)");

  auto v9 = parse_dep_path("vite-plugin-solid@2.11.12(solid-js@1.9.13)(vite@6.4.2(@types/node@22.19.19)(jiti@2.6.1))",
                           KeyStyle::BareAt);
  ASSERT_TRUE(v9);
  EXPECT_EQ(v9->name, "vite-plugin-solid");
  EXPECT_EQ(v9->version, "2.11.12");
  EXPECT_EQ(v9->suffix, "(solid-js@1.9.13)(vite@6.4.2(@types/node@22.19.19)(jiti@2.6.1))");

  auto patched = parse_dep_path("foo@1.0.0(patch_hash=0000)(@types/node@18.0.0)", KeyStyle::BareAt);
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->version, "1.0.0");
  EXPECT_EQ(package_id("foo@1.0.0(patch_hash=0000)(@types/node@18.0.0)", KeyStyle::BareAt), "foo@1.0.0");
}

TEST(PnpmKeys, PackageIdDropsSlashAndSuffix) {
  EXPECT_EQ(package_id("/ajv-keywords/3.4.1_ajv@6.10.2", KeyStyle::Slash), "ajv-keywords/3.4.1");
  EXPECT_EQ(package_id("/ajv-keywords@3.4.1(ajv@6.10.2)", KeyStyle::LeadAt), "ajv-keywords@3.4.1");
  EXPECT_EQ(package_id("github.com/a/b/c", KeyStyle::LeadAt), "github.com/a/b/c");
}

TEST(PnpmKeys, UnbalancedParenthesesAreNotASuffix) {
  EXPECT_EQ(peer_suffix_start("foo@1.0.0(a@1"), std::string_view::npos);
  EXPECT_EQ(peer_suffix_start("foo@1.0.0a@1)"), std::string_view::npos);
  EXPECT_EQ(peer_suffix_start("(a@1)"), std::string_view::npos);
  EXPECT_EQ(peer_suffix_start("foo@1.0.0(a@1)(b@2(c@3))"), 9u);
}

TEST(PnpmKeys, RefToDepPathPerVersion) {
  EXPECT_EQ(ref_to_dep_path("1.0.1", "foo", KeyStyle::Slash), "foo/1.0.1");
  EXPECT_EQ(ref_to_dep_path("3.4.1_ajv@6.10.2", "ajv-keywords", KeyStyle::Slash), "ajv-keywords/3.4.1_ajv@6.10.2");
  EXPECT_EQ(ref_to_dep_path("/is-positive/1.0.0", "positive", KeyStyle::Slash), "is-positive/1.0.0");
  EXPECT_EQ(ref_to_dep_path("file:../foo", "foo", KeyStyle::Slash), "file:../foo");
  EXPECT_EQ(ref_to_dep_path("link:../foo", "foo", KeyStyle::Slash), "");

  EXPECT_EQ(ref_to_dep_path("1.0.0(@types/react@18.0.0)", "foo", KeyStyle::LeadAt), "foo@1.0.0(@types/react@18.0.0)");
  EXPECT_EQ(ref_to_dep_path("/is-positive@1.0.0", "positive", KeyStyle::LeadAt), "is-positive@1.0.0");
  EXPECT_EQ(ref_to_dep_path("github.com/kevva/is-negative/219c", "is-negative", KeyStyle::LeadAt),
            "github.com/kevva/is-negative/219c");

  EXPECT_EQ(ref_to_dep_path("2.1.5(solid-js@1.9.13)", "@solid-primitives/resize-observer", KeyStyle::BareAt),
            "@solid-primitives/resize-observer@2.1.5(solid-js@1.9.13)");
  EXPECT_EQ(ref_to_dep_path("is-positive@1.0.0", "positive", KeyStyle::BareAt), "is-positive@1.0.0");
  EXPECT_EQ(ref_to_dep_path("@scope/real@1.0.0", "alias", KeyStyle::BareAt), "@scope/real@1.0.0");
  EXPECT_EQ(ref_to_dep_path("https://codeload.github.com/a/b/tar.gz/1d7e", "b", KeyStyle::BareAt),
            "b@https://codeload.github.com/a/b/tar.gz/1d7e");
  EXPECT_EQ(ref_to_dep_path("file:packages/x", "x", KeyStyle::BareAt), "x@file:packages/x");
}

TEST(PnpmKeys, StrictSemver) {
  for (const char* valid : {"1.0.0", "0.0.0", "10.20.30", "1.0.0-beta.2", "1.0.0-0.3.7", "1.0.0+build.1",
                            "1.0.0-rc.1+exp.sha.5114f85", "1.0.30001799"})
    EXPECT_TRUE(is_strict_semver(valid)) << valid;
  for (const char* invalid :
       {"", "1", "1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "v1.0.0", "1.0.0.0", "https://x/y.tgz", "1.0.0-a..b"})
    EXPECT_FALSE(is_strict_semver(invalid)) << invalid;
}

}  // namespace
}  // namespace tocsin::lockfile::pnpm
