// `release tags|history --open-incidents` against a real SQLite incident record: one incident per
// flagged tag / version, idempotent; the publish-history step checked off by a clean run; the tag
// targets of each run recorded (and a later run's moved tag found from them, in a repository
// built here with libgit2).
#include "release/incidents.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "incident/incident.h"
#include "incident/record_golden.h"
#include "incident/sqlite_store.h"
#include "release/release.h"
#include "support/scratch_dir.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;

class ReleaseIncidents : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::tocsin::testing::process_temp_dir()) /
           ("release-incidents-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = incident::open_sqlite_store((dir_ / "incidents.db").string(), incident::StoreMode::Create);
  }
  incident::Session session(const char* when = "2026-03-01T10:00:00Z") {
    return incident::Session{*store_, playbooks_, config_, "tester", parse_time(when, "test")};
  }
  const incident::Incident* by_key(const std::vector<incident::Incident>& all, const std::string& key) {
    for (const auto& i : all)
      if (i.finding_key == key) return &i;
    return nullptr;
  }

  fs::path dir_;
  std::unique_ptr<incident::EventStore> store_;
  incident::PlaybookCatalog playbooks_ = incident::PlaybookCatalog::builtin();
  incident::Config config_;
};

TagRecord tag(const std::string& name, const std::string& target, std::vector<std::string> flags) {
  TagRecord t;
  t.name = name;
  t.target = target;
  t.flags = std::move(flags);
  return t;
}

VersionRecord version(const std::string& package, const std::string& v, std::vector<std::string> flags) {
  VersionRecord r;
  r.package = package;
  r.version = v;
  r.flags = std::move(flags);
  return r;
}

TEST_F(ReleaseIncidents, FlaggedTagsOpenCompromisedCiOnce) {
  const std::vector<TagRecord> tags = {tag("v1.0.0", std::string(40, 'a'), {}),
                                       tag("v1.1.0", std::string(40, 'b'), {"moved"}),
                                       tag("v1.2.0", std::string(40, 'c'), {"not-on-branch", "not-a-version"}),
                                       tag("nightly", std::string(40, 'd'), {"not-a-version"}),
                                       tag("v1.3.0", std::string(40, 'e'), {"signer-not-allowed"})};
  const auto observations = tag_observations(tags);
  ASSERT_EQ(observations.size(), 3u);  // hygiene flags alone open nothing
  EXPECT_EQ(observations[0].key, "release-tag:v1.1.0@" + std::string(40, 'b'));
  EXPECT_EQ(observations[0].playbook, "compromised-ci");
  EXPECT_EQ(observations[0].severity, policy::Level::Critical);
  EXPECT_EQ(observations[1].severity, policy::Level::High);  // off the branch only
  EXPECT_EQ(observations[1].severity_why, "release tags: not-on-branch");

  const auto first = incident::sync_findings(session(), observations, false);
  EXPECT_EQ(first.opened, (std::vector<std::string>{"INC-0001", "INC-0002", "INC-0003"}));
  const auto again = incident::sync_findings(session(), observations, false);
  EXPECT_TRUE(again.opened.empty());
  EXPECT_TRUE(again.updated.empty());
  EXPECT_EQ(store_->read_all().size(), 3u);
  const auto all = incident::load_incidents(*store_);
  EXPECT_EQ(all[0].playbook, "compromised-ci");
  EXPECT_NE(all[0].summary.find("Flags: moved."), std::string::npos) << all[0].summary;
}

TEST_F(ReleaseIncidents, UnauthorizedPublishAndTheCleanRunThatChecksItOff) {
  const std::vector<VersionRecord> flagged = {version("sigstore", "2.2.0", {}),
                                              version("sigstore", "2.2.1", {"missing-provenance"}),
                                              version("sigstore", "2.2.2", {"unexpected-workflow"}),
                                              version("sigstore", "2.2.3", {"unverified-publish-attestation"})};
  const auto observations = publish_observations("npm", flagged);
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[0].key, "release-publish:npm/sigstore@2.2.1");
  EXPECT_EQ(observations[0].playbook, "leaked-credentials");
  EXPECT_EQ(incident::sync_findings(session(), observations, false).opened.size(), 2u);
  // Another package's incident and a secret-scan incident are not this package's history.
  incident::sync_findings(session(), publish_observations("npm", {version("other", "1.0.0", {"not-tagged"})}), false);
  incident::FindingObservation secret;
  secret.key = "secret:abc";
  secret.playbook = "leaked-credentials";
  incident::sync_findings(session(), {secret}, false);
  incident::close_incident(session(), "INC-0002", "yanked", true);

  const auto done = check_off_publish_history(session("2026-03-02T09:00:00Z"), "npm", "sigstore", "clean run", {});
  EXPECT_EQ(done.checked, std::vector<std::string>{"INC-0001"});  // INC-0002 is closed
  const auto all = incident::load_incidents(*store_);
  ASSERT_TRUE(all[0].steps.count("audit-publish-history"));
  EXPECT_EQ(all[0].steps.at("audit-publish-history").note, "clean run");
  EXPECT_EQ(all[0].steps.at("audit-publish-history").at, parse_time("2026-03-02T09:00:00Z", "t"));
  EXPECT_FALSE(all[2].steps.count("audit-publish-history"));
  EXPECT_FALSE(all[3].steps.count("audit-publish-history"));

  // Idempotent; an incident named explicitly (the secret's) is checked off too.
  const std::size_t events = store_->read_all().size();
  const auto again = check_off_publish_history(session(), "npm", "sigstore", "clean run", {"INC-0004"});
  EXPECT_EQ(again.already, std::vector<std::string>{"INC-0001"});
  EXPECT_EQ(again.checked, std::vector<std::string>{"INC-0004"});
  EXPECT_EQ(store_->read_all().size(), events + 1);
  EXPECT_THROW(check_off_publish_history(session(), "npm", "sigstore", "x", {"INC-0099"}), Error);
}

class ReleaseTagTargets : public ReleaseIncidents {
 protected:
  void SetUp() override {
    ReleaseIncidents::SetUp();
    git_libgit2_init();
    ASSERT_EQ(git_repository_init(&repo_, (dir_ / "repo").c_str(), 0), 0);
    c1_ = commit(nullptr, "first");
    c2_ = commit(&c1_, "second");
    ASSERT_EQ(git_repository_set_head(repo_, "refs/heads/main"), 0);
  }
  void TearDown() override {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  git_oid commit(const git_oid* parent, const char* message) {
    git_treebuilder* builder = nullptr;
    git_treebuilder_new(&builder, repo_, nullptr);
    git_oid blob, tree_id, out;
    git_blob_create_from_buffer(&blob, repo_, message, std::strlen(message));
    git_treebuilder_insert(nullptr, builder, "f", &blob, GIT_FILEMODE_BLOB);
    git_treebuilder_write(&tree_id, builder);
    git_treebuilder_free(builder);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Dev", "dev@example.com", 1767225600, 0);
    git_commit* p = nullptr;
    if (parent) git_commit_lookup(&p, repo_, parent);
    const git_commit* parents[] = {p};
    EXPECT_EQ(
        git_commit_create(&out, repo_, "refs/heads/main", sig, sig, nullptr, message, tree, parent ? 1 : 0, parents),
        0);
    git_commit_free(p);
    git_signature_free(sig);
    git_tree_free(tree);
    return out;
  }
  void lightweight(const char* name, const git_oid& target) {
    git_object* object = nullptr;
    git_object_lookup(&object, repo_, &target, GIT_OBJECT_COMMIT);
    git_oid out;
    EXPECT_EQ(git_tag_create_lightweight(&out, repo_, name, object, 1), 0);  // force: moves it
    git_object_free(object);
  }
  static std::string hex(const git_oid& oid) {
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return buffer;
  }
  // One `release tags` run with the store: last targets in, this run's targets recorded.
  std::vector<TagRecord> run(bool* written = nullptr) {
    const std::string repo = (dir_ / "repo").string();
    const std::string identity = repository_identity(repo);
    TagPolicy policy;
    if (auto last = last_tag_targets(store_->read_all(), identity)) policy.recorded_targets = *last;
    auto tags = list_tags(repo, policy);
    const bool w = record_tag_targets(session(), identity, tags);
    if (written) *written = w;
    return tags;
  }

  git_repository* repo_ = nullptr;
  git_oid c1_{}, c2_{};
};

TEST_F(ReleaseTagTargets, AMovedTagIsFoundFromTheLastRunsRecord) {
  lightweight("v1.0.0", c1_);
  lightweight("v1.1.0", c2_);
  bool written = false;
  auto tags = run(&written);
  EXPECT_TRUE(written);
  for (const auto& t : tags) EXPECT_TRUE(t.flags.empty()) << t.name;
  run(&written);
  EXPECT_FALSE(written);  // same map: nothing appended
  EXPECT_EQ(store_->read_all().size(), 1u);
  EXPECT_EQ(store_->read_all()[0].incident, "");
  EXPECT_EQ(store_->read_all()[0].type, "release-tags");

  lightweight("v1.0.0", c2_);  // someone moves the release tag
  tags = run(&written);
  EXPECT_TRUE(written);
  const TagRecord& moved = tags[0].name == "v1.0.0" ? tags[0] : tags[1];
  EXPECT_EQ(moved.flags, std::vector<std::string>{"moved"});
  EXPECT_EQ(moved.previous_target, hex(c1_));
  EXPECT_EQ(moved.target, hex(c2_));
  EXPECT_EQ(incident::sync_findings(session(), tag_observations(tags), false).opened.size(), 1u);

  // The next run compares with the moved target; the incident stays open and is not reopened.
  tags = run(&written);
  EXPECT_FALSE(written);
  for (const auto& t : tags) EXPECT_TRUE(t.flags.empty()) << t.name;
  // The project records live in the chain: it verifies, and replay ignores them.
  EXPECT_TRUE(incident::verify_chain(store_->read_all(), store_->head()).ok());
  EXPECT_EQ(incident::load_incidents(*store_).size(), 1u);
  // Another repository's record is not compared with this one.
  EXPECT_FALSE(last_tag_targets(store_->read_all(), "/elsewhere").has_value());
}

// The events this module writes, against the record fixture written before incident/events.h
// (tests/incident/record_golden.h): release-tags and the audit-publish-history step, byte for byte.
TEST_F(ReleaseIncidents, TheRecordMatchesTheFixtureByteForByte) {
  record_tag_targets(session("2026-03-01T08:00:00Z"), "https://example.org/r.git",
                     {tag("v1.0.0", "aaaa", {}), tag("v0.9.0", "bbbb", {})});
  record_tag_targets(session("2026-03-01T09:00:00Z"), "/home/u/ünï \"r\"", {tag("v1.0.0", "cccc", {})});
  record_tag_targets(session("2026-03-01T09:30:00Z"), "https://example.org/r.git", {});
  incident::sync_findings(session(), publish_observations("npm", {version("sigstore", "2.2.1", {"not-tagged"})}),
                          false);
  check_off_publish_history(session("2026-03-02T09:00:00Z"), "npm", "sigstore", "clean run: 2.2.1 … 3.0.0", {});
  incident::testing::expect_record_golden(store_->read_all(), "release.jsonl");
  EXPECT_EQ(last_tag_targets(store_->read_all(), "/home/u/ünï \"r\""),
            (std::map<std::string, std::string>{{"v1.0.0", "cccc"}}));
}

}  // namespace
}  // namespace tocsin::release
