// `release tags` on repositories built here with libgit2: tags on and off the release branch,
// lightweight and annotated, signed (a signature block; not verified) and not, a tagger outside
// the release-engineer role, a name that is not a version, a missing CHANGELOG section, a moved tag.
#include <git2.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "release/release.h"
#include "support/scratch_dir.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;

class TagsRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();
    dir_ = fs::path(::tocsin::testing::process_temp_dir()) /
           ("tags-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    ASSERT_EQ(git_repository_init(&repo_, dir_.c_str(), 0), 0);
    c1_ = commit(nullptr, "first", "refs/heads/main");
    c2_ = commit(&c1_, "second", "refs/heads/main");
    c3_ = commit(&c1_, "side branch", nullptr);
    ASSERT_EQ(git_repository_set_head(repo_, "refs/heads/main"), 0);
  }
  void TearDown() override {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }

  git_oid commit(const git_oid* parent, const char* message, const char* ref) {
    git_treebuilder* builder = nullptr;
    git_treebuilder_new(&builder, repo_, nullptr);
    git_oid blob, tree_id, out;
    git_blob_create_from_buffer(&blob, repo_, message, std::strlen(message));
    git_treebuilder_insert(nullptr, builder, "file.txt", &blob, GIT_FILEMODE_BLOB);
    git_treebuilder_write(&tree_id, builder);
    git_treebuilder_free(builder);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Dev", "dev@example.com", 1767225600 + time_++, 0);
    git_commit* parent_commit = nullptr;
    if (parent) git_commit_lookup(&parent_commit, repo_, parent);
    const git_commit* parents[] = {parent_commit};
    EXPECT_EQ(git_commit_create(&out, repo_, ref, sig, sig, nullptr, message, tree, parent ? 1 : 0, parents), 0);
    git_commit_free(parent_commit);
    git_signature_free(sig);
    git_tree_free(tree);
    return out;
  }

  void annotated(const char* name, const git_oid& target, const char* tagger, const char* email,
                 const std::string& message) {
    git_object* object = nullptr;
    git_object_lookup(&object, repo_, &target, GIT_OBJECT_COMMIT);
    git_signature* sig = nullptr;
    git_signature_new(&sig, tagger, email, 1767312000, 60);
    git_oid out;
    EXPECT_EQ(git_tag_create(&out, repo_, name, object, sig, message.c_str(), 0), 0);
    git_signature_free(sig);
    git_object_free(object);
  }

  void lightweight(const char* name, const git_oid& target) {
    git_object* object = nullptr;
    git_object_lookup(&object, repo_, &target, GIT_OBJECT_COMMIT);
    git_oid out;
    EXPECT_EQ(git_tag_create_lightweight(&out, repo_, name, object, 0), 0);
    git_object_free(object);
  }

  static std::string hex(const git_oid& oid) {
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return buffer;
  }

  const TagRecord& find(const std::vector<TagRecord>& tags, const std::string& name) {
    for (const TagRecord& t : tags)
      if (t.name == name) return t;
    throw std::runtime_error("no tag " + name);
  }

  fs::path dir_;
  git_repository* repo_ = nullptr;
  git_oid c1_{}, c2_{}, c3_{};
  int time_ = 0;
};

const std::string kSshSignature =
    "release 1.0.0\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n";

TEST_F(TagsRepo, ReportsAndFlags) {
  annotated("v1.0.0", c1_, "Rel Eng", "12345+releng@users.noreply.github.com", kSshSignature);
  annotated("v1.1.0", c2_, "Mallory", "mallory@example.com", "release 1.1.0\n");
  lightweight("v1.0.1-secfix.1", c3_);
  lightweight("nightly", c2_);
  std::ofstream(dir_ / "CHANGELOG.md") << "# Changelog\n\n## [1.0.1-secfix.1]\n\n## [1.0.0] - 2026-01-01\n- first\n";

  TagPolicy policy;
  policy.require_signed = true;
  policy.release_engineers = {"@releng"};
  const auto tags = list_tags(dir_.string(), policy);
  ASSERT_EQ(tags.size(), 4u);

  const TagRecord& good = find(tags, "v1.0.0");
  EXPECT_TRUE(good.annotated);
  EXPECT_TRUE(good.signed_);
  EXPECT_EQ(good.signature_kind, "ssh");
  EXPECT_EQ(good.tagger, "Rel Eng");
  EXPECT_EQ(good.date, 1767312000);
  EXPECT_EQ(good.target, hex(c1_));
  EXPECT_TRUE(good.flags.empty());

  EXPECT_EQ(find(tags, "v1.1.0").flags,
            (std::vector<std::string>{"unsigned", "tagger-not-release-engineer", "no-changelog-section"}));
  const TagRecord& side = find(tags, "v1.0.1-secfix.1");
  EXPECT_FALSE(side.annotated);
  EXPECT_EQ(side.target, hex(c3_));
  EXPECT_EQ(side.flags, (std::vector<std::string>{"not-on-branch", "lightweight"}));
  EXPECT_EQ(find(tags, "nightly").flags, (std::vector<std::string>{"lightweight", "not-a-version"}));
}

TEST_F(TagsRepo, WithoutPolicyOnlyBranchNameAndMoves) {
  annotated("v1.0.0", c1_, "Anyone", "a@example.com", "1.0.0\n");
  lightweight("v2.0.0", c3_);
  TagPolicy policy;
  policy.known_targets = {{"v1.0.0", hex(c2_)}, {"v2.0.0", hex(c3_)}};
  const auto tags = list_tags(dir_.string(), policy);
  EXPECT_EQ(find(tags, "v1.0.0").flags, std::vector<std::string>{"moved"});
  EXPECT_EQ(find(tags, "v2.0.0").flags, std::vector<std::string>{"not-on-branch"});
  // v2.0.0's commit is on the side branch: with --branch pointing there it is fine.
  git_reference* ref = nullptr;
  ASSERT_EQ(git_reference_create(&ref, repo_, "refs/heads/side", &c3_, 0, nullptr), 0);
  git_reference_free(ref);
  policy.branch = "side";
  EXPECT_TRUE(find(list_tags(dir_.string(), policy), "v2.0.0").flags.empty());
  policy.branch = "nope";
  EXPECT_THROW(list_tags(dir_.string(), policy), Error);
}

TEST(Tags, VersionNamesAndKnownTags) {
  EXPECT_TRUE(is_version_tag("v1.2.3"));
  EXPECT_TRUE(is_version_tag("v1.2.3-secfix.2"));
  EXPECT_TRUE(is_version_tag("v1.2.3-rc.1"));
  EXPECT_TRUE(is_version_tag("sigstore@2.3.1"));
  EXPECT_TRUE(is_version_tag("@scope/pkg@1.0.0"));
  EXPECT_FALSE(is_version_tag("1.2.3"));
  EXPECT_FALSE(is_version_tag("v1.2"));
  EXPECT_FALSE(is_version_tag("v1.2.3-secfix"));
  EXPECT_FALSE(is_version_tag("latest"));
  const std::string path = ::tocsin::testing::process_temp_dir() + "known-tags.txt";
  std::ofstream(path) << "# recorded\nv1.0.0 abc\n\nv1.1.0\tdef\n";
  EXPECT_EQ(read_known_tags(path), (std::map<std::string, std::string>{{"v1.0.0", "abc"}, {"v1.1.0", "def"}}));
  std::ofstream(path) << "v1.0.0\n";
  EXPECT_THROW(read_known_tags(path), Error);
  EXPECT_THROW(list_tags(::tocsin::testing::process_temp_dir() + "no-such-repo", {}), Error);
}

}  // namespace
}  // namespace tocsin::release
