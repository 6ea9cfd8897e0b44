// SSH-signed tags: keys generated and tags signed here with `ssh-keygen -Y sign` (the tool git
// runs for gpg.format = ssh), written into a repository built with libgit2, then verified by
// tocsin against an allowed-signers file. The expected outcomes are OpenSSH's own: a tag signed
// as git signs it verifies; an edited tag, a key not listed, another principal, another namespace,
// a line restricted to other namespaces or outside its validity do not.
#include "release/sshsig.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/text.h"
#include "release/release.h"
#include "support/scratch_dir.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;

bool have_ssh_keygen() { return std::system("command -v ssh-keygen >/dev/null 2>&1") == 0; }

class SshSignedTags : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_ssh_keygen()) GTEST_SKIP() << "ssh-keygen not installed (openssh-client, scripts/install-deps.sh)";
    git_libgit2_init();
    dir_ = fs::path(::tocsin::testing::process_temp_dir()) /
           ("sshsig-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "keys");
    ASSERT_EQ(git_repository_init(&repo_, (dir_ / "repo").c_str(), 0), 0);
    git_treebuilder* builder = nullptr;
    git_treebuilder_new(&builder, repo_, nullptr);
    git_oid tree_id;
    git_treebuilder_write(&tree_id, builder);
    git_treebuilder_free(builder);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Dev", "dev@example.com", 1767225600, 0);
    ASSERT_EQ(git_commit_create(&commit_, repo_, "refs/heads/main", sig, sig, nullptr, "first", tree, 0, nullptr), 0);
    git_signature_free(sig);
    git_tree_free(tree);
    ASSERT_EQ(git_repository_set_head(repo_, "refs/heads/main"), 0);
  }
  void TearDown() override {
    if (repo_) git_repository_free(repo_), git_libgit2_shutdown();
  }

  // A new key pair; returns the public key line ("ssh-ed25519 AAAA… comment").
  std::string key(const std::string& name, const std::string& type) {
    const fs::path path = dir_ / "keys" / name;
    const std::string bits = type == "rsa" ? " -b 2048" : type == "ecdsa" ? " -b 256" : "";
    const std::string command = "ssh-keygen -q -t " + type + bits + " -N '' -C " + name + " -f '" + path.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
    return std::string(trim(read_file(path.string() + ".pub")));
  }

  // The tag object git writes for `git tag -s`, signed by ssh-keygen with `key` in `name_space`;
  // `edit` changes the message after signing (a tampered tag).
  void signed_tag(const std::string& tag, const std::string& key, const std::string& email,
                  const std::string& name_space = "git", const std::string& edit = "", const std::string& extra = "") {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &commit_);
    const std::string header = std::string("object ") + hex + "\ntype commit\ntag " + tag + "\ntagger Rel Eng <" +
                               email + "> 1767312000 +0000\n\n";
    const std::string message = "release " + tag + "\n";
    const fs::path payload = dir_ / (tag + ".payload");
    std::ofstream(payload, std::ios::binary) << header << message;
    const std::string command = "ssh-keygen -q -Y sign -n " + name_space + " " + extra + " -f '" +
                                (dir_ / "keys" / key).string() + "' '" + payload.string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
    const std::string signature = read_file(payload.string() + ".sig");
    const std::string buffer = header + (edit.empty() ? message : edit) + signature;
    std::ofstream(dir_ / (tag + ".signed"), std::ios::binary) << header << (edit.empty() ? message : edit);
    git_oid out;
    ASSERT_EQ(git_tag_create_from_buffer(&out, repo_, buffer.c_str(), 0), 0) << git_error_last()->message;
  }

  std::string signers(const std::string& content) {
    const fs::path path = dir_ / "allowed_signers";
    std::ofstream(path) << content;
    return path.string();
  }

  // OpenSSH's own verdict on what was written for `tag` (the cross-check of tocsin's).
  bool openssh_verifies(const std::string& tag, const std::string& allowed, const std::string& principal) {
    const std::string command = "ssh-keygen -Y verify -f '" + allowed + "' -I " + principal + " -n git -s '" +
                                (dir_ / (tag + ".payload.sig")).string() + "' < '" +
                                (dir_ / (tag + ".signed")).string() + "' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }

  const TagRecord& find(const std::vector<TagRecord>& tags, const std::string& name) {
    for (const TagRecord& t : tags)
      if (t.name == name) return t;
    throw std::runtime_error("no tag " + name);
  }

  fs::path dir_;
  git_repository* repo_ = nullptr;
  git_oid commit_{};
};

TEST_F(SshSignedTags, GoodTamperedAndUnknownSigners) {
  const std::string releng = key("releng", "ed25519");
  const std::string other = key("other", "ed25519");
  signed_tag("v1.0.0", "releng", "releng@example.com");
  signed_tag("v1.0.1", "releng", "releng@example.com", "git", "release v1.0.1 with a backdoor\n");
  signed_tag("v1.0.2", "other", "releng@example.com");
  signed_tag("v1.0.3", "releng", "mallory@example.com");
  signed_tag("v1.0.4", "releng", "releng@example.com", "file");
  signed_tag("v1.0.5", "releng", "releng@example.com", "git", "", "-O hashalg=sha256");

  TagPolicy policy;
  policy.allowed_signers = signers("# release engineers\nreleng@example.com " + releng + "\n");
  const auto tags = list_tags((dir_ / "repo").string(), policy);

  const TagRecord& good = find(tags, "v1.0.0");
  EXPECT_EQ(good.signature_kind, "ssh");
  EXPECT_EQ(good.signature_verified, std::optional<bool>(true)) << good.signature_detail;
  EXPECT_TRUE(good.flags.empty());
  EXPECT_NE(good.signature_detail.find("releng@example.com"), std::string::npos);
  EXPECT_NE(good.signature_detail.find("line 2"), std::string::npos);

  const TagRecord& tampered = find(tags, "v1.0.1");
  EXPECT_EQ(tampered.signature_verified, std::optional<bool>(false));
  EXPECT_EQ(tampered.flags, std::vector<std::string>{"bad-signature"});
  EXPECT_NE(tampered.signature_detail.find("does not verify"), std::string::npos) << tampered.signature_detail;

  const TagRecord& unknown = find(tags, "v1.0.2");
  EXPECT_EQ(unknown.flags, std::vector<std::string>{"signer-not-allowed"});
  EXPECT_NE(unknown.signature_detail.find("not in the allowed signers"), std::string::npos);

  const TagRecord& principal = find(tags, "v1.0.3");
  EXPECT_EQ(principal.flags, std::vector<std::string>{"signer-not-allowed"});
  EXPECT_NE(principal.signature_detail.find("allowed for releng@example.com, not mallory@example.com"),
            std::string::npos)
      << principal.signature_detail;

  const TagRecord& name_space = find(tags, "v1.0.4");
  EXPECT_EQ(name_space.flags, std::vector<std::string>{"bad-signature"});
  EXPECT_NE(name_space.signature_detail.find("namespace 'file'"), std::string::npos);

  EXPECT_TRUE(find(tags, "v1.0.5").flags.empty()) << find(tags, "v1.0.5").signature_detail;  // sha256

  // OpenSSH agrees on every verdict where it judges the same thing (it takes the principal given).
  EXPECT_TRUE(openssh_verifies("v1.0.0", policy.allowed_signers, "releng@example.com"));
  EXPECT_FALSE(openssh_verifies("v1.0.1", policy.allowed_signers, "releng@example.com"));
  EXPECT_FALSE(openssh_verifies("v1.0.2", policy.allowed_signers, "releng@example.com"));
  EXPECT_FALSE(openssh_verifies("v1.0.4", policy.allowed_signers, "releng@example.com"));
  EXPECT_TRUE(openssh_verifies("v1.0.5", policy.allowed_signers, "releng@example.com"));

  // Without an allowed-signers file the signature is only detected.
  const auto unverified = list_tags((dir_ / "repo").string(), {});
  EXPECT_FALSE(find(unverified, "v1.0.1").signature_verified.has_value());
  EXPECT_TRUE(find(unverified, "v1.0.1").flags.empty());
}

TEST_F(SshSignedTags, OptionsOfTheAllowedSignersLine) {
  const std::string releng = key("releng", "ed25519");
  signed_tag("v1.0.0", "releng", "releng@example.com");  // tagger date 2026-01-02
  const std::string repo = (dir_ / "repo").string();
  auto verdict = [&](const std::string& content) {
    TagPolicy policy;
    policy.allowed_signers = signers(content);
    const std::vector<TagRecord> tags = list_tags(repo, policy);
    const TagRecord& t = find(tags, "v1.0.0");
    return t.flags.empty() ? std::string("ok") : t.flags.front() + ": " + t.signature_detail;
  };
  EXPECT_EQ(verdict("*@example.com,!mallory@example.com namespaces=\"git,file\" " + releng + "\n"), "ok");
  EXPECT_EQ(verdict("\"releng@example.com\" " + releng + "\n"), "ok");  // a quoted principal list
  EXPECT_EQ(verdict("releng@example.com namespaces=\"file\" " + releng + "\n"),
            "signer-not-allowed: line 1: namespaces=\"file\" excludes 'git'");
  EXPECT_EQ(verdict("releng@example.com valid-after=\"20260101Z\",valid-before=\"20260103Z\" " + releng + "\n"), "ok");
  EXPECT_EQ(verdict("releng@example.com valid-after=\"20260103Z\" " + releng + "\n"),
            "signer-not-allowed: line 1: the key is not valid at the tag's date");
  EXPECT_EQ(verdict("releng@example.com valid-before=\"202601011200Z\" " + releng + "\n"),
            "signer-not-allowed: line 1: the key is not valid at the tag's date");
  EXPECT_EQ(verdict("releng@example.com cert-authority " + releng + "\n").substr(0, 18), "signer-not-allowed");
  EXPECT_EQ(verdict("*,!releng@example.com " + releng + "\n").substr(0, 18), "signer-not-allowed");
}

TEST_F(SshSignedTags, EcdsaAndRsaKeys) {
  const std::string ecdsa = key("ecdsa", "ecdsa");
  const std::string rsa = key("rsa", "rsa");
  signed_tag("v2.0.0", "ecdsa", "releng@example.com");
  signed_tag("v2.0.1", "rsa", "releng@example.com");  // rsa-sha2-512
  signed_tag("v2.0.2", "rsa", "releng@example.com", "git", "edited\n");
  TagPolicy policy;
  policy.allowed_signers = signers("releng@example.com " + ecdsa + "\nreleng@example.com " + rsa + "\n");
  const auto tags = list_tags((dir_ / "repo").string(), policy);
  EXPECT_EQ(find(tags, "v2.0.0").signature_verified, std::optional<bool>(true))
      << find(tags, "v2.0.0").signature_detail;
  EXPECT_EQ(find(tags, "v2.0.1").signature_verified, std::optional<bool>(true))
      << find(tags, "v2.0.1").signature_detail;
  EXPECT_EQ(find(tags, "v2.0.2").flags, std::vector<std::string>{"bad-signature"});
  EXPECT_TRUE(openssh_verifies("v2.0.0", policy.allowed_signers, "releng@example.com"));
  EXPECT_TRUE(openssh_verifies("v2.0.1", policy.allowed_signers, "releng@example.com"));
  EXPECT_FALSE(openssh_verifies("v2.0.2", policy.allowed_signers, "releng@example.com"));
}

TEST(SshSig, ReadersRefuseMalformedInput) {
  std::string error;
  EXPECT_FALSE(sshsig::parse_armored("no armor", error));
  EXPECT_FALSE(sshsig::parse_armored("-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n", error));
  EXPECT_EQ(error, "the signature is not valid base64");
  // "SSHSIG" + version 1 and nothing else: truncated.
  EXPECT_FALSE(
      sshsig::parse_armored("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----", error));
  EXPECT_EQ(error, "truncated or overlong SSHSIG blob");

  EXPECT_THROW(sshsig::read_allowed_signers("as", "a@b ssh-ed25519 !!!\n"), Error);
  EXPECT_THROW(sshsig::read_allowed_signers("as", "a@b\n"), Error);
  EXPECT_THROW(sshsig::read_allowed_signers("as", "a@b frobnicate ssh-ed25519 AAAA\n"), Error);
  try {
    sshsig::read_allowed_signers("as", "# c\n\na@b valid-after=\"2026\" ssh-ed25519 AAAA\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("as:3:"), std::string::npos) << e.what();
  }

  EXPECT_TRUE(sshsig::match_pattern_list("releng@example.com", "*@example.com"));
  EXPECT_TRUE(sshsig::match_pattern_list("a@x.org", "b@x.org,a@x.???"));
  EXPECT_FALSE(sshsig::match_pattern_list("a@x.org", "*,!a@x.org"));
  EXPECT_FALSE(sshsig::match_pattern_list("a@x.org", "a@x.or"));
  EXPECT_FALSE(sshsig::match_pattern_list("A@x.org", "a@x.org"));  // principals are case-sensitive
  EXPECT_TRUE(sshsig::match_pattern_list("a@x.org", "**a**@*.*"));
  // Many stars and no match: answered at once (the recursive form takes exponential time).
  EXPECT_FALSE(sshsig::match_pattern_list(std::string(200, 'a'), std::string(100, '*') + "b"));

  // split at the last signature block that starts a line
  const auto split = sshsig::split_signed_object(
      "object x\n\nsee -----BEGIN SSH SIGNATURE----- inline\n-----BEGIN SSH SIGNATURE-----\nAA\n");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->payload, "object x\n\nsee -----BEGIN SSH SIGNATURE----- inline\n");
  EXPECT_FALSE(sshsig::split_signed_object("object x\n\nno signature\n"));
}

}  // namespace
}  // namespace tocsin::release
