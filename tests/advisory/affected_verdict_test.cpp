// advisory::affected_verdict: a range bound the version rules cannot read must not turn into
// "not affected" (issue 12 item 4). osv_affected leaves such a bound out of its walk; before
// this verdict existed, an unreadable `introduced` meant the range never opened and the package
// was silently passed over.
#include <gtest/gtest.h>

#include "advisory/advisory.h"

namespace tocsin::advisory {
namespace {

using Kind = version::OsvEvent::Kind;

Affected npm_range(std::vector<version::OsvEvent> events) {
  Affected affected;
  affected.ecosystem = Ecosystem::Npm;
  version::OsvRange range;
  range.type = version::OsvRange::Type::Ecosystem;
  range.events = std::move(events);
  affected.ranges.push_back(range);
  return affected;
}

TEST(AffectedVerdict, ReadableRangesAreProvenEitherWay) {
  const Affected affected = npm_range({{Kind::Introduced, "1.0.0"}, {Kind::Fixed, "2.0.0"}});
  EXPECT_TRUE(affected_verdict(affected, "1.5.0").affected);
  EXPECT_EQ(affected_verdict(affected, "1.5.0").note, "");
  EXPECT_FALSE(affected_verdict(affected, "2.1.0").affected);
  EXPECT_EQ(affected_verdict(affected, "2.1.0").note, "");
}

TEST(AffectedVerdict, AnUnreadableIntroducedIsReportedWithANote) {
  const Affected affected = npm_range({{Kind::Introduced, "1.0.0-beta!!"}, {Kind::Fixed, "2.0.0"}});
  // What the walk alone says (the old answer): not affected.
  EXPECT_FALSE(version::osv_affected(Ecosystem::Npm, "1.5.0", affected.ranges, {}));
  const AffectedVerdict verdict = affected_verdict(affected, "1.5.0");
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.note,
            "the advisory's range bound '1.0.0-beta!!' is not a npm version: cannot tell whether 1.5.0 is affected, "
            "so it is reported");
  EXPECT_TRUE(is_affected(affected, "1.5.0"));
}

TEST(AffectedVerdict, AnUnreadableLimitIsReportedWithANote) {
  const Affected affected = npm_range({{Kind::Introduced, "0"}, {Kind::Limit, "junk!"}});
  EXPECT_FALSE(version::osv_affected(Ecosystem::Npm, "3.0.0", affected.ranges, {}));
  const AffectedVerdict verdict = affected_verdict(affected, "3.0.0");
  EXPECT_TRUE(verdict.affected);
  EXPECT_NE(verdict.note.find("'junk!'"), std::string::npos);
}

// An unreadable `fixed` only widens the range: the walk already errs on the side of reporting.
TEST(AffectedVerdict, AnUnreadableFixedNeedsNoNote) {
  const Affected affected = npm_range({{Kind::Introduced, "0"}, {Kind::Fixed, "x!!"}});
  const AffectedVerdict verdict = affected_verdict(affected, "5.0.0");
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.note, "");
  EXPECT_EQ(version::unreadable_range_bounds(Ecosystem::Npm, affected.ranges), std::vector<std::string>{});
}

TEST(AffectedVerdict, GitRangesAndUnreadableInstalledVersionsAreNotGuessed) {
  Affected git = npm_range({{Kind::Introduced, "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"}});
  git.ranges[0].type = version::OsvRange::Type::Git;
  EXPECT_FALSE(affected_verdict(git, "1.0.0").affected);
  // An installed version that is not a version is matched by the `versions` list only.
  const Affected bad_bound = npm_range({{Kind::Introduced, "1.0.0-beta!!"}});
  EXPECT_FALSE(affected_verdict(bad_bound, "not a version").affected);
}

TEST(UnreadableRangeBounds, OnlyBoundsThatNarrow) {
  const Affected affected = npm_range({{Kind::Introduced, "0"},
                                       {Kind::Introduced, "?1"},
                                       {Kind::Fixed, "?2"},
                                       {Kind::LastAffected, "?3"},
                                       {Kind::Limit, "?4"},
                                       {Kind::Limit, "*"}});
  EXPECT_EQ(version::unreadable_range_bounds(Ecosystem::Npm, affected.ranges), (std::vector<std::string>{"?1", "?4"}));
}

}  // namespace
}  // namespace tocsin::advisory
