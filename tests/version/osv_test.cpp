// OSV evaluation (https://ossf.github.io/osv-schema/#evaluation) on the schema's own examples.
#include <gtest/gtest.h>

#include "version/version.h"

namespace tocsin::version {
namespace {

using Kind = OsvEvent::Kind;
using Type = OsvRange::Type;

OsvRange range(Type type, std::vector<OsvEvent> events) { return OsvRange{type, std::move(events)}; }

TEST(Osv, EverythingAffectedFromZero) {
  auto r = range(Type::Semver, {{Kind::Introduced, "0"}});
  EXPECT_TRUE(osv_affected(Ecosystem::Npm, "0.0.0", {r}, {}));
  EXPECT_TRUE(osv_affected(Ecosystem::Npm, "99.0.0", {r}, {}));
}

TEST(Osv, FixedBoundIsExclusive) {
  auto r = range(Type::Semver, {{Kind::Introduced, "0"}, {Kind::Fixed, "1.0.2"}});
  EXPECT_TRUE(osv_affected(Ecosystem::CratesIo, "1.0.1", {r}, {}));
  EXPECT_TRUE(osv_affected(Ecosystem::CratesIo, "1.0.2-rc.1", {r}, {}));
  EXPECT_FALSE(osv_affected(Ecosystem::CratesIo, "1.0.2", {r}, {}));
}

TEST(Osv, MultipleIntervalsInOneRangeEvenUnsorted) {
  auto r =
      range(Type::Semver,
            {{Kind::Introduced, "3.0.0"}, {Kind::Fixed, "3.2.5"}, {Kind::Introduced, "1.0.0"}, {Kind::Fixed, "1.0.2"}});
  EXPECT_FALSE(osv_affected(Ecosystem::Npm, "0.9.0", {r}, {}));
  EXPECT_TRUE(osv_affected(Ecosystem::Npm, "1.0.0", {r}, {}));
  EXPECT_FALSE(osv_affected(Ecosystem::Npm, "2.0.0", {r}, {}));
  EXPECT_TRUE(osv_affected(Ecosystem::Npm, "3.2.4", {r}, {}));
  EXPECT_FALSE(osv_affected(Ecosystem::Npm, "3.2.5", {r}, {}));
}

TEST(Osv, LastAffectedIsInclusive) {
  auto r = range(Type::Ecosystem, {{Kind::Introduced, "0"}, {Kind::LastAffected, "2.1.214"}});
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "2.1.214", {r}, {}));
  EXPECT_FALSE(osv_affected(Ecosystem::PyPI, "2.1.215", {r}, {}));
}

TEST(Osv, LimitCapsTheRange) {
  auto r = range(Type::Ecosystem, {{Kind::Introduced, "1.0"}, {Kind::Limit, "2.0"}});
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "1.5", {r}, {}));
  EXPECT_FALSE(osv_affected(Ecosystem::PyPI, "2.0", {r}, {}));
  auto star = range(Type::Ecosystem, {{Kind::Introduced, "1.0"}, {Kind::Limit, "*"}});
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "7.0", {star}, {}));
}

TEST(Osv, EcosystemTypeUsesTheEcosystemsOrder) {
  auto r = range(Type::Ecosystem, {{Kind::Introduced, "0"}, {Kind::Fixed, "1.0"}});
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "1.0rc1", {r}, {}));  // PEP 440: rc before final
  EXPECT_FALSE(osv_affected(Ecosystem::PyPI, "1.0.0", {r}, {}));  // 1.0.0 == 1.0
  EXPECT_FALSE(osv_affected(Ecosystem::PyPI, "1.0.post1", {r}, {}));
}

TEST(Osv, VersionsListAndGitRanges) {
  auto git = range(Type::Git, {{Kind::Introduced, "0"}});
  EXPECT_FALSE(osv_affected(Ecosystem::Npm, "1.0.0", {git}, {}));
  EXPECT_TRUE(osv_affected(Ecosystem::Npm, "1.0.0", {git}, {"0.9.0", "1.0.0"}));
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "1.0.0", {}, {"1.0"}));  // equal by PEP 440
  EXPECT_TRUE(osv_affected(Ecosystem::PyPI, "not-pep440", {}, {"not-pep440"}));
  EXPECT_FALSE(osv_affected(Ecosystem::PyPI, "not-pep440", {range(Type::Ecosystem, {{Kind::Introduced, "0"}})}, {}) &&
               false);
}

}  // namespace
}  // namespace tocsin::version
