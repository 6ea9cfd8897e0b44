// The CycloneDX and SPDX readers on SBOMs written by other tools (tests/fixtures/sbom/input/, see
// SOURCES.md there) and on small hand-written documents. Expected values were read off the
// fixtures by hand.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"
#include "lockfile/lockfile_test_util.h"
#include "support/shared.h"

namespace tocsin::lockfile {
namespace {

using testing::has_edge;
using testing::index_of;
const std::string kInput = std::string(TOCSIN_FIXTURES) + "/sbom/input/";
const std::string kShared = std::string(TOCSIN_SHARED) + "/corpus/sbom/";

Lockfile read_as(const std::string& type, const std::string& path) {
  return read_lockfile(path, reader_for_type(type));
}
Lockfile read_text(const std::string& type, std::string_view text) {
  return reader_for_type(type)->read("t.json", text);
}

TEST(SbomReaders, DiscoveredByFileName) {
  EXPECT_EQ(reader_for_filename("bom.cdx.json")->canonical_name(), "cyclonedx");
  EXPECT_EQ(reader_for_filename("app.spdx.json")->canonical_name(), "spdx");
  EXPECT_EQ(reader_for_filename("bom.json"), nullptr);
}

TEST(CycloneDxReader, CdxgenNpmLockfile) {
  // cdxgen 12.8.4, CycloneDX 1.6, of an npm-cli test package-lock: the project, three packages
  // shipped (once -> wrappy, abbrev) and three devDependencies (scope optional; walden -> opener).
  Lockfile lock = read_as("cyclonedx", kInput + "npm-peer-removed.cdx.json");
  EXPECT_EQ(lock.format, "cyclonedx");
  EXPECT_EQ(lock.version, "1.6");
  EXPECT_EQ(lock.ecosystem, Ecosystem::Npm);
  ASSERT_EQ(lock.packages.size(), 7u);
  auto root = index_of(lock, "npm-peer-removed");
  EXPECT_TRUE(lock.packages[root].is_root);
  auto once = index_of(lock, "once", "1.4.0");
  auto wrappy = index_of(lock, "wrappy", "1.0.2");
  auto walden = index_of(lock, "walden", "1.0.3");
  auto opener = index_of(lock, "opener", "1.5.2");
  EXPECT_EQ(lock.packages[once].integrity, "sha-1:583b1aa775961d4b113ac17d9c50baef9dd76bd1");
  EXPECT_EQ(lock.packages[once].flags & kFlagDev, 0);
  EXPECT_NE(lock.packages[walden].flags & kFlagDev, 0);
  EXPECT_TRUE(has_edge(lock, root, once, DepKind::Normal));
  EXPECT_TRUE(has_edge(lock, once, wrappy, DepKind::Normal));
  EXPECT_TRUE(has_edge(lock, root, walden, DepKind::Dev));
  EXPECT_TRUE(has_edge(lock, walden, opener, DepKind::Dev));
  EXPECT_EQ(lock.edges.size(), 6u);
}

TEST(CycloneDxReader, Cdxgen15PythonLockfile) {
  // cdxgen's CycloneDX 1.5 SBOM of uv's own uv.lock: every component a pkg:pypi purl.
  Lockfile lock = read_as("cyclonedx", kInput + "uv-root-1.5.cdx.json");
  EXPECT_EQ(lock.version, "1.5");
  EXPECT_EQ(lock.ecosystem, Ecosystem::PyPI);
  EXPECT_GT(lock.packages.size(), 80u);
  for (const Package& package : lock.packages) {
    EXPECT_EQ(package.ecosystem, Ecosystem::PyPI) << package.name;
    EXPECT_FALSE(package.name.empty());
  }
}

TEST(CycloneDxReader, Cdxgen14SpringtaleFromShared) {
  std::string path = kShared + "input/springtale-1.4.cdx.json";
  TOCSIN_NEED_SHARED(path);
  Lockfile lock = read_as("cyclonedx", path);
  EXPECT_EQ(lock.version, "1.4");
  std::size_t cargo = 0, npm = 0;
  for (const Package& package : lock.packages) (package.ecosystem == Ecosystem::CratesIo ? cargo : npm) += 1;
  EXPECT_GT(cargo, 100u);  // a Cargo workspace and a pnpm workspace: both ecosystems in one document
  EXPECT_GT(npm, 100u);
}

TEST(CycloneDxReader, RejectsWhatItCannotRead) {
  EXPECT_THROW(read_text("cyclonedx", R"({"bomFormat":"CycloneDX","specVersion":"1.3"})"), Error);
  EXPECT_THROW(read_text("cyclonedx", R"({"bomFormat":"SPDX","specVersion":"1.6"})"), Error);
  EXPECT_THROW(read_text("cyclonedx", R"({"bomFormat":"CycloneDX",)"), Error);
  try {
    read_text("cyclonedx",
              "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\n\"components\":[\n"
              "{\"type\":\"library\",\"name\":\"a\",\"purl\":\"pkg:npm/a@1\"},\n"
              "{\"type\":\"library\",\"name\":\"b\",\"purl\":\"npm/b@1\"}]}");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.line(), 4);  // the component holding the bad purl
  }
}

TEST(CycloneDxReader, SkipsUnknownTypesAndReadsNested) {
  Lockfile lock = read_text("cyclonedx", R"({"bomFormat":"CycloneDX","specVersion":"1.4",
    "metadata":{"component":{"type":"application","name":"app","bom-ref":"app"}},
    "components":[
      {"type":"library","name":"x","purl":"pkg:golang/example.com/x@v1.0.0","bom-ref":"x"},
      {"type":"library","name":"core","purl":"pkg:cargo/core-lib@2.0.0","bom-ref":"c",
       "components":[{"type":"library","name":"inner","purl":"pkg:cargo/inner@0.1.0","bom-ref":"i"}]},
      {"type":"library","name":"Django_Rest","purl":"pkg:pypi/Django_Rest@3.0","bom-ref":"d","scope":"excluded"}],
    "dependencies":[{"ref":"app","dependsOn":["c","x","d","missing"]},{"ref":"c","dependsOn":["i"]}]})");
  ASSERT_EQ(lock.packages.size(), 4u);  // app, core-lib, inner, django-rest; golang left out
  auto app = index_of(lock, "app");
  EXPECT_TRUE(lock.packages[app].is_root);
  EXPECT_TRUE(lock.packages[app].is_local);
  auto core = index_of(lock, "core-lib", "2.0.0");
  auto inner = index_of(lock, "inner", "0.1.0");
  auto django = index_of(lock, "django-rest", "3.0");
  EXPECT_TRUE(has_edge(lock, app, core, DepKind::Normal));
  EXPECT_TRUE(has_edge(lock, core, inner, DepKind::Normal));
  EXPECT_TRUE(has_edge(lock, app, django, DepKind::Dev));
  EXPECT_EQ(lock.edges.size(), 3u);
}

TEST(SpdxReader, GitHubDependencyGraphExport) {
  // GitHub's export of psf/requests: the described root is pkg:github/psf/requests; three pip
  // packages have a pkg:pypi purl (httpbin 0.10.0, pytest-httpbin 2.0.0, sphinx 4.2.0); twelve
  // unresolved ranges have none and seven GitHub Actions are pkg:githubactions: left out.
  Lockfile lock = read_as("spdx", kInput + "github-requests.spdx.json");
  EXPECT_EQ(lock.format, "spdx");
  EXPECT_EQ(lock.version, "2.3");
  EXPECT_EQ(lock.ecosystem, Ecosystem::PyPI);
  ASSERT_EQ(lock.packages.size(), 4u);
  auto root = index_of(lock, "com.github.psf/requests");
  EXPECT_TRUE(lock.packages[root].is_root);
  for (const char* name : {"httpbin", "pytest-httpbin", "sphinx"})
    EXPECT_TRUE(has_edge(lock, root, index_of(lock, name), DepKind::Normal)) << name;
  EXPECT_EQ(lock.edges.size(), 3u);
}

TEST(SpdxReader, SyftCargoSbom) {
  // syft 0.83.0 of Kong/atc-router: 44 cargo purls, relationships only OTHER / DESCRIBES.
  Lockfile lock = read_as("spdx", kInput + "syft-atc-router.spdx.json");
  EXPECT_EQ(lock.ecosystem, Ecosystem::CratesIo);
  std::size_t cargo = 0;
  for (const Package& package : lock.packages) cargo += package.ecosystem == Ecosystem::CratesIo && !package.is_root;
  EXPECT_EQ(cargo, 44u);
  EXPECT_TRUE(lock.edges.empty());
}

TEST(SpdxReader, RelationshipKinds) {
  Lockfile lock = read_text("spdx", R"({"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT",
    "documentDescribes":["SPDXRef-app"],
    "packages":[
      {"SPDXID":"SPDXRef-app","name":"app","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/app@1.0.0"}]},
      {"SPDXID":"SPDXRef-a","name":"a","checksums":[{"algorithm":"SHA1","checksumValue":"9d995fbad27ace79c5f50a596bbd7e1ba344accf"}],"externalRefs":[{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/%40s/a@1.0.0"}]},
      {"SPDXID":"SPDXRef-b","name":"b","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/b@2.0.0"}]},
      {"SPDXID":"SPDXRef-c","name":"c","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/c@3.0.0"}]}],
    "relationships":[
      {"spdxElementId":"SPDXRef-app","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-a"},
      {"spdxElementId":"SPDXRef-b","relationshipType":"DEV_DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-app"},
      {"spdxElementId":"SPDXRef-c","relationshipType":"BUILD_DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-a"},
      {"spdxElementId":"SPDXRef-a","relationshipType":"DEPENDS_ON","relatedSpdxElement":"DocumentRef-x:SPDXRef-y"}]})");
  ASSERT_EQ(lock.packages.size(), 4u);
  auto app = index_of(lock, "app");
  auto a = index_of(lock, "@s/a");
  EXPECT_TRUE(lock.packages[app].is_root);
  EXPECT_EQ(lock.packages[a].integrity, "sha1:9d995fbad27ace79c5f50a596bbd7e1ba344accf");
  EXPECT_TRUE(has_edge(lock, app, a, DepKind::Normal));
  EXPECT_TRUE(has_edge(lock, app, index_of(lock, "b"), DepKind::Dev));
  EXPECT_TRUE(has_edge(lock, a, index_of(lock, "c"), DepKind::Build));
  EXPECT_EQ(lock.edges.size(), 3u);
  EXPECT_THROW(read_text("spdx", R"({"spdxVersion":"SPDX-3.0"})"), Error);
}

}  // namespace
}  // namespace tocsin::lockfile
