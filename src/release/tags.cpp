// `release tags`: the repository's tags read with libgit2, and the ones to look at twice.
#include <fmt/format.h>
#include <git2.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/error.h"
#include "core/text.h"
#include "release/json_util.h"
#include "release/release.h"
#include "release/sshsig.h"

namespace tocsin::release {
namespace {

struct Git {
  Git() { git_libgit2_init(); }
  ~Git() { git_libgit2_shutdown(); }
};

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr) Free(ptr);
  }
};

std::string git_message(std::string_view what) {
  const git_error* e = git_error_last();
  return fmt::format("{}: {}", what, e && e->message ? e->message : "libgit2 error");
}

std::string hex_of(const git_oid* oid) {
  char buffer[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(buffer, sizeof buffer, oid);
  return buffer;
}

// The release branch's tip: --branch, else the remote's default branch (origin/HEAD), else HEAD.
bool branch_tip(git_repository* repo, const std::string& branch, git_oid& out, std::string& name) {
  std::vector<std::string> candidates;
  if (!branch.empty()) {
    candidates = {"refs/heads/" + branch, "refs/remotes/" + branch, "refs/remotes/origin/" + branch, branch};
  } else {
    candidates = {"refs/remotes/origin/HEAD", "HEAD"};
  }
  for (const std::string& candidate : candidates) {
    if (git_reference_name_to_id(&out, repo, candidate.c_str()) == 0) {
      name = candidate;
      return true;
    }
  }
  if (!branch.empty()) throw Error(fmt::format("--branch: no branch '{}' in the repository", branch));
  return false;
}

// "## [1.2.3]", "## v1.2.3 - 2026-01-01", "# 1.2.3": a heading that names the version.
bool changelog_has(const std::string& changelog, const std::string& version) {
  for (std::string_view line : split(changelog, '\n')) {
    if (!starts_with(line, "#")) continue;
    const std::size_t at = line.find(version);
    if (at == std::string_view::npos) continue;
    const std::size_t end = at + version.size();
    // 1.2.3 must not match 1.2.30 or 11.2.3
    const bool left_ok = at == 0 || !(std::isdigit(static_cast<unsigned char>(line[at - 1])) || line[at - 1] == '.');
    const bool right_ok = end == line.size() || !(std::isdigit(static_cast<unsigned char>(line[end])) ||
                                                  line[end] == '.' || line[end] == '-');
    if (left_ok && right_ok) return true;
  }
  return false;
}

std::string version_of(const std::string& tag) {
  static const std::regex number(R"((\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$)");
  std::smatch m;
  return std::regex_search(tag, m, number) ? m[1].str() : std::string();
}

bool is_release_engineer(const std::vector<std::string>& people, const std::string& name, const std::string& email) {
  std::string local = email.substr(0, email.find('@'));
  if (const auto plus = local.find('+'); plus != std::string::npos) local = local.substr(plus + 1);  // GitHub noreply
  for (const std::string& person : people) {
    const std::string p = to_lower(person);
    if (p == to_lower(name) || p == to_lower(email) || p == "@" + to_lower(local) || p == "@" + to_lower(name))
      return true;
  }
  return false;
}

// The SSH signature of an annotated tag against the allowed signers: the raw tag object up to
// its signature block is what git signed (namespace "git"); the signer must be allowed for the
// tagger's e-mail at the tagger date.
void verify_ssh_tag(git_repository* repo, const git_oid* tag_id, TagRecord& record,
                    const std::vector<sshsig::AllowedSigner>& signers) {
  Owned<git_odb, git_odb_free> odb;
  Owned<git_odb_object, git_odb_object_free> raw;
  if (git_repository_odb(&odb.ptr, repo) != 0 || git_odb_read(&raw.ptr, odb.ptr, tag_id) != 0)
    throw Error(git_message("cannot read tag " + record.name));
  const std::string_view object(static_cast<const char*>(git_odb_object_data(raw.ptr)), git_odb_object_size(raw.ptr));
  std::string error;
  const auto split = sshsig::split_signed_object(object);
  const auto signature = split ? sshsig::parse_armored(split->armored, error) : std::nullopt;
  if (!split) error = "no signature block at a line start";
  if (!signature || !sshsig::verify(*signature, split->payload, "git", error)) {
    record.signature_verified = false;
    record.signature_detail = error;
    record.flags.push_back("bad-signature");
    return;
  }
  std::string why;
  const sshsig::AllowedSigner* signer =
      sshsig::find_signer(signers, signature->public_key, record.tagger_email, "git", record.date, why);
  record.signature_verified = signer != nullptr;
  if (signer == nullptr) {
    record.signature_detail = why;
    record.flags.push_back("signer-not-allowed");
    return;
  }
  record.signature_detail =
      fmt::format("good \"git\" signature for {} with {} key {} (allowed signers line {})", record.tagger_email,
                  signature->key_type, sshsig::fingerprint(signature->public_key), signer->line);
}

}  // namespace

bool is_version_tag(std::string_view name) {
  static const std::regex project(R"(v\d+\.\d+\.\d+(-secfix\.\d+|-(rc|alpha|beta)\.\d+)?)");
  static const std::regex package(R"((@[a-z0-9._-]+/)?[a-z0-9._-]+@\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?)");
  const std::string text(name);
  return std::regex_match(text, project) || std::regex_match(text, package);
}

std::map<std::string, std::string> read_known_tags(const std::string& path) {
  const std::string content = read_file(path);
  std::map<std::string, std::string> out;
  if (starts_with(trim(content), "{")) {
    const nlohmann::json document = parse_json(path, content);
    const nlohmann::json* tags = member(document, "tags");
    if (tags == nullptr || !tags->is_array()) throw Error(path, 1, 1, "expected {\"tags\": [{\"name\", \"target\"}]}");
    for (const nlohmann::json& tag : *tags) out[string_member(tag, "name")] = string_member(tag, "target");
    return out;
  }
  int number = 0;
  for (std::string_view line : split(content, '\n')) {
    ++number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) throw Error(path, number, 1, "expected 'TAG COMMIT'");
    out[std::string(line.substr(0, space))] = std::string(trim(line.substr(space)));
  }
  return out;
}

std::string repository_identity(const std::string& directory) {
  Git git;
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open_ext(&repo.ptr, directory.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
    throw Error(directory, 0, 0, git_message("not a git repository"));
  Owned<git_remote, git_remote_free> origin;
  if (git_remote_lookup(&origin.ptr, repo.ptr, "origin") == 0 && git_remote_url(origin.ptr))
    return git_remote_url(origin.ptr);
  return std::filesystem::weakly_canonical(git_repository_path(repo.ptr)).string();
}

std::vector<TagRecord> list_tags(const std::string& directory, const TagPolicy& policy) {
  Git git;
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open_ext(&repo.ptr, directory.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
    throw Error(directory, 0, 0, git_message("not a git repository"));

  git_oid tip;
  std::string tip_name;
  const bool have_tip = branch_tip(repo.ptr, policy.branch, tip, tip_name);

  std::string changelog;
  const std::string changelog_path = !policy.changelog.empty() ? policy.changelog
                                     : git_repository_workdir(repo.ptr)
                                         ? std::string(git_repository_workdir(repo.ptr)) + "CHANGELOG.md"
                                         : std::string();
  if (!changelog_path.empty() && std::ifstream(changelog_path)) changelog = read_file(changelog_path);

  std::vector<sshsig::AllowedSigner> signers;
  if (!policy.allowed_signers.empty())
    signers = sshsig::read_allowed_signers(policy.allowed_signers, read_file(policy.allowed_signers));

  Owned<git_strarray, git_strarray_dispose> names;
  git_strarray list{};
  if (git_tag_list(&list, repo.ptr) != 0) throw Error(directory, 0, 0, git_message("cannot list tags"));
  names.ptr = &list;

  std::vector<TagRecord> out;
  for (std::size_t i = 0; i < list.count; ++i) {
    TagRecord record;
    record.name = list.strings[i];
    const std::string ref = "refs/tags/" + record.name;
    git_oid oid;
    if (git_reference_name_to_id(&oid, repo.ptr, ref.c_str()) != 0) continue;
    Owned<git_object, git_object_free> object;
    if (git_object_lookup(&object.ptr, repo.ptr, &oid, GIT_OBJECT_ANY) != 0) continue;
    Owned<git_object, git_object_free> peeled;
    if (git_object_peel(&peeled.ptr, object.ptr, GIT_OBJECT_COMMIT) != 0) continue;  // a tag of a tree or blob
    const git_oid* commit_id = git_object_id(peeled.ptr);
    record.target = hex_of(commit_id);
    if (git_object_type(object.ptr) == GIT_OBJECT_TAG) {
      auto* tag = reinterpret_cast<git_tag*>(object.ptr);
      record.annotated = true;
      if (const git_signature* tagger = git_tag_tagger(tag)) {
        record.tagger = tagger->name ? tagger->name : "";
        record.tagger_email = tagger->email ? tagger->email : "";
        record.date = tagger->when.time;
      }
      const std::string message = git_tag_message(tag) ? git_tag_message(tag) : "";
      if (message.find("-----BEGIN SSH SIGNATURE-----") != std::string::npos)
        record.signature_kind = "ssh";
      else if (message.find("-----BEGIN PGP SIGNATURE-----") != std::string::npos)
        record.signature_kind = "pgp";
      else if (message.find("-----BEGIN SIGNED MESSAGE-----") != std::string::npos)
        record.signature_kind = "x509";
      record.signed_ = !record.signature_kind.empty();
      if (!policy.allowed_signers.empty() && record.signature_kind == "ssh")
        verify_ssh_tag(repo.ptr, git_object_id(object.ptr), record, signers);
    } else {
      const git_signature* committer = git_commit_committer(reinterpret_cast<git_commit*>(peeled.ptr));
      record.date = committer ? committer->when.time : 0;
    }

    if (have_tip && !git_oid_equal(&tip, commit_id) && git_graph_descendant_of(repo.ptr, &tip, commit_id) != 1)
      record.flags.push_back("not-on-branch");
    if (policy.require_signed && !record.annotated)
      record.flags.push_back("lightweight");
    else if (policy.require_signed && !record.signed_)
      record.flags.push_back("unsigned");
    if (!policy.release_engineers.empty() && record.annotated &&
        !is_release_engineer(policy.release_engineers, record.tagger, record.tagger_email))
      record.flags.push_back("tagger-not-release-engineer");
    const bool version = is_version_tag(record.name);
    if (!version) record.flags.push_back("not-a-version");
    if (version && !changelog.empty() && !changelog_has(changelog, version_of(record.name)))
      record.flags.push_back("no-changelog-section");
    for (const auto* earlier : {&policy.known_targets, &policy.recorded_targets})
      if (auto known = earlier->find(record.name); known != earlier->end() && known->second != record.target) {
        record.previous_target = known->second;
        if (record.flags.empty() || record.flags.back() != "moved") record.flags.push_back("moved");
      }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace tocsin::release
