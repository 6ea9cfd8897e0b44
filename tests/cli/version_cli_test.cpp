// `tocsin version` end to end: the built binary, its output and exit codes.
#include <gtest/gtest.h>

#include <string>

#include "support/run_tocsin.h"

namespace {

struct Run {
  std::string out;
  int status = -1;
};

Run run(const std::string& arguments, const std::string& input = "") {
  auto result = tocsin::testing::run_tocsin(arguments, input);
  return {result.out, result.exit_code};
}

TEST(VersionCli, Compare) {
  auto r = run("version compare --ecosystem npm 1.2.3-beta.1 1.2.3");
  EXPECT_EQ(r.out, "-1\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(run("version compare -e PyPI 1.0 1.0.0").out, "0\n");
  EXPECT_EQ(run("version compare -e cargo 2.0.0 1.9.9").out, "1\n");
}

TEST(VersionCli, Satisfies) {
  EXPECT_EQ(run("version satisfies --ecosystem npm 1.2.3 '^1.0.0 || ~0.9'").out, "true\n");
  EXPECT_EQ(run("version satisfies --ecosystem crates.io 0.4.0 0.3").out, "false\n");
  EXPECT_EQ(run("version satisfies --ecosystem PyPI 1.0.post1 '~=1.0'").out, "true\n");
}

TEST(VersionCli, InvalidInputExitsTwo) {
  EXPECT_EQ(run("version satisfies --ecosystem npm 1.2.3 'not a range'").status, 2);
  EXPECT_EQ(run("version compare --ecosystem maven 1 2").status, 2);
}

TEST(VersionCli, BatchAnswersEachLineAndReportsErrorsAtTheEnd) {
  auto r = run("version satisfies --ecosystem npm --batch", "1.2.3\t^1\n2.0.0\t^1\nbad\t*\n1.0.0\t\n");
  EXPECT_EQ(r.out.substr(0, 11), "true\nfalse\n");
  EXPECT_NE(r.out.find("\nerror: "), std::string::npos);
  EXPECT_EQ(r.out.substr(r.out.size() - 5), "true\n");  // "" is npm's "any version"
  EXPECT_EQ(r.status, 2);
  auto ok = run("version compare --ecosystem PyPI --batch", "1.0a1\t1.0\n1.0\t1.0.0\n");
  EXPECT_EQ(ok.out, "-1\n0\n");
  EXPECT_EQ(ok.status, 0);
}

}  // namespace
