// --git: the repository's history through libgit2. Commits reachable from every ref (and HEAD)
// are walked oldest first; each commit is diffed against its first parent and every blob it adds
// or changes that was not seen before is scanned once, attributed to that commit and path. A
// token committed and later deleted is still found ("present in history"): the blob stays.
#include <git2.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <set>
#include <unordered_set>

#include "core/error.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

struct Library {
  Library() { git_libgit2_init(); }
  ~Library() { git_libgit2_shutdown(); }
};

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  ~Owned() {
    if (ptr) Free(ptr);
  }
  T** out() { return &ptr; }
  T* get() const { return ptr; }
};

std::string last_error() {
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

std::string format_time(git_time_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string oid_hex(const git_oid* oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, oid);
  return buffer;
}

struct OidHash {
  std::size_t operator()(const git_oid& oid) const {
    std::size_t h;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};

}  // namespace

std::vector<Finding> scan_git(const std::string& repo_path, const std::string& since, const ScanOptions& options,
                              TreeStats* stats) {
  Library library;
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open_ext(repo.out(), repo_path.c_str(), 0, nullptr) != 0)
    throw Error(repo_path, 0, 0, "not a git repository: " + last_error());
  Owned<git_revwalk, git_revwalk_free> walk;
  if (git_revwalk_new(walk.out(), repo.get()) != 0) throw Error(repo_path, 0, 0, last_error());
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
  // Every ref that points (through tags) at a commit; refs to other objects are skipped.
  {
    Owned<git_reference_iterator, git_reference_iterator_free> refs;
    if (git_reference_iterator_new(refs.out(), repo.get()) != 0) throw Error(repo_path, 0, 0, last_error());
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, refs.get()) == 0) {
      Owned<git_object, git_object_free> target;
      if (git_reference_peel(target.out(), ref, GIT_OBJECT_COMMIT) == 0)
        git_revwalk_push(walk.get(), git_object_id(target.get()));
      git_reference_free(ref);
    }
    git_revwalk_push_head(walk.get());  // a detached HEAD; fails harmlessly on an unborn branch
    git_error_clear();
  }
  if (!since.empty()) {
    Owned<git_object, git_object_free> object;
    if (git_revparse_single(object.out(), repo.get(), since.c_str()) != 0)
      throw Error("--since: cannot resolve '" + since + "': " + last_error());
    Owned<git_object, git_object_free> commit;
    if (git_object_peel(commit.out(), object.get(), GIT_OBJECT_COMMIT) != 0)
      throw Error("--since: '" + since + "' is not a commit");
    git_revwalk_hide(walk.get(), git_object_id(commit.get()));
  }

  std::unordered_set<git_oid, OidHash, OidEqual> seen;
  std::vector<Finding> findings;
  std::vector<git_oid> blob_of;  // per finding, the blob it is in
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    Owned<git_commit, git_commit_free> commit;
    if (git_commit_lookup(commit.out(), repo.get(), &id) != 0) continue;
    Owned<git_tree, git_tree_free> tree, parent_tree;
    if (git_commit_tree(tree.out(), commit.get()) != 0) continue;
    if (git_commit_parentcount(commit.get()) > 0) {
      Owned<git_commit, git_commit_free> parent;
      if (git_commit_parent(parent.out(), commit.get(), 0) == 0) git_commit_tree(parent_tree.out(), parent.get());
    }
    Owned<git_diff, git_diff_free> diff;
    git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
    diff_options.flags = GIT_DIFF_SKIP_BINARY_CHECK;
    if (git_diff_tree_to_tree(diff.out(), repo.get(), parent_tree.get(), tree.get(), &diff_options) != 0) continue;
    const git_signature* author = git_commit_author(commit.get());
    Commit info{oid_hex(&id),
                std::string(author->name ? author->name : "") + " <" + (author->email ? author->email : "") + ">",
                format_time(author->when.time)};
    const std::size_t deltas = git_diff_num_deltas(diff.get());
    for (std::size_t i = 0; i < deltas; ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      if (delta->status != GIT_DELTA_ADDED && delta->status != GIT_DELTA_MODIFIED &&
          delta->status != GIT_DELTA_RENAMED && delta->status != GIT_DELTA_COPIED &&
          delta->status != GIT_DELTA_TYPECHANGE)
        continue;
      if (delta->new_file.mode != GIT_FILEMODE_BLOB && delta->new_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE) continue;
      if (!seen.insert(delta->new_file.id).second) continue;
      Owned<git_blob, git_blob_free> blob;
      if (git_blob_lookup(blob.out(), repo.get(), &delta->new_file.id) != 0) continue;
      const auto size = static_cast<std::uint64_t>(git_blob_rawsize(blob.get()));
      if (size > options.max_file_size) {
        if (stats) ++stats->skipped_large;
        continue;
      }
      const std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())), size);
      if (looks_binary(text)) {
        if (stats) ++stats->skipped_binary;
        continue;
      }
      if (stats) {
        ++stats->files;
        stats->bytes += size;
      }
      for (Finding& finding : scan_text(text, delta->new_file.path, options.now)) {
        finding.commit = info;
        findings.push_back(std::move(finding));
        blob_of.push_back(delta->new_file.id);
      }
    }
  }
  // Deleted (or changed) since: rotating is still required, but say where it stands.
  Owned<git_object, git_object_free> head;
  if (git_revparse_single(head.out(), repo.get(), "HEAD^{tree}") == 0) {
    for (std::size_t i = 0; i < findings.size(); ++i) {
      Owned<git_tree_entry, git_tree_entry_free> entry;
      const bool current =
          git_tree_entry_bypath(entry.out(), reinterpret_cast<git_tree*>(head.get()), findings[i].file.c_str()) == 0 &&
          git_oid_equal(git_tree_entry_id(entry.get()), &blob_of[i]);
      if (!current) findings[i].note = "present in history (not in HEAD)";
    }
  }
  git_error_clear();
  return findings;
}

}  // namespace tocsin::secrets
