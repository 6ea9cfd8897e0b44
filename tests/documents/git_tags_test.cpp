// list_git_tags against a throw-away repository in the test's temp directory.
#include "documents/git_tags.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "documents/documents.h"
#include "support/scratch_dir.h"

namespace tocsin::documents {
namespace {

TEST(GitTags, ListsTagsAndFeedsNextSecfixTag) {
  const tocsin::testing::ScratchDir scratch;
  if (std::system("git --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "git not installed";
  const std::filesystem::path dir = std::filesystem::path(scratch.path()) / "tocsin docs 'tags'";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string quoted = "\"" + dir.string() + "\"";
  const std::string git = "git -C " + quoted + " -c user.name=t -c user.email=t@example.org ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "commit -q --allow-empty -m init && " + git + "tag v0.4.2 && " +
                         git + "tag v0.4.3-secfix.1")
                            .c_str()),
            0);
  const std::vector<std::string> tags = list_git_tags(dir.string());
  EXPECT_EQ(tags, (std::vector<std::string>{"v0.4.2", "v0.4.3-secfix.1"}));
  EXPECT_EQ(next_secfix_tag(tags), "v0.4.3-secfix.2");
  std::filesystem::remove_all(dir);
}

TEST(GitTags, NotARepositoryIsAnError) {
  const tocsin::testing::ScratchDir scratch;
  const std::filesystem::path dir = std::filesystem::path(scratch.path()) / "tocsin_not_a_repo";
  std::filesystem::create_directories(dir);
  EXPECT_THROW(list_git_tags((dir / "missing").string()), Error);
}

}  // namespace
}  // namespace tocsin::documents
