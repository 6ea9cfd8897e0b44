// `uses:` references: owner/repo[/path]@ref, ./local, docker://image[:tag|@digest], and reusable
// workflows (owner/repo/.github/workflows/x.yml@ref, or ./.github/workflows/x.yml).
#include <cctype>

#include "ci/ci.h"
#include "core/text.h"

namespace tocsin::ci {

std::string_view pin_kind_name(PinKind kind) {
  switch (kind) {
    case PinKind::Sha: return "sha";
    case PinKind::Tag: return "tag";
    case PinKind::Branch: return "branch";
    case PinKind::Docker: return "docker";
    case PinKind::Local: return "local";
    case PinKind::Reusable: return "reusable";
    case PinKind::None: return "none";
  }
  return "none";
}

bool is_full_sha(std::string_view ref) {
  if (ref.size() != 40) return false;
  for (char c : ref)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool looks_like_version(std::string_view ref) {
  if (!ref.empty() && (ref[0] == 'v' || ref[0] == 'V')) ref.remove_prefix(1);
  if (ref.empty() || !std::isdigit(static_cast<unsigned char>(ref[0]))) return false;
  std::size_t i = 0;
  while (i < ref.size() && (std::isdigit(static_cast<unsigned char>(ref[i])) || ref[i] == '.')) ++i;
  // After the numeric part only a pre-release/build suffix may follow ("-rc1", "+build").
  return i == ref.size() || ref[i] == '-' || ref[i] == '+';
}

std::string ActionRef::owner_repo() const { return owner.empty() ? std::string() : owner + "/" + repo; }

std::string ActionRef::name() const {
  if (kind == PinKind::Docker || owner.empty()) {
    std::string text = raw;
    if (starts_with(text, "docker://")) {
      text = text.substr(9);
      auto at = text.find('@');
      if (at != std::string::npos) text = text.substr(0, at);
      auto slash = text.rfind('/');
      auto colon = text.rfind(':');
      if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) text = text.substr(0, colon);
    }
    return text;
  }
  return path.empty() ? owner_repo() : owner_repo() + "/" + path;
}

ActionRef parse_uses(std::string_view text, bool job_level) {
  ActionRef ref;
  ref.raw = std::string(trim(text));
  std::string_view value = ref.raw;
  if (starts_with(value, "docker://")) {
    ref.kind = PinKind::Docker;
    std::string_view image = value.substr(9);
    auto at = image.find('@');
    if (at != std::string_view::npos) {
      ref.ref = std::string(image.substr(at + 1));
    } else {
      auto slash = image.rfind('/');
      auto colon = image.rfind(':');
      if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
        ref.ref = std::string(image.substr(colon + 1));
    }
    return ref;
  }
  if (starts_with(value, "./") || starts_with(value, "../") || value == ".") {
    ref.kind = job_level ? PinKind::Reusable : PinKind::Local;
    ref.path = std::string(value);
    return ref;
  }
  auto at = value.rfind('@');
  std::string_view target = at == std::string_view::npos ? value : value.substr(0, at);
  if (at != std::string_view::npos) ref.ref = std::string(value.substr(at + 1));
  auto parts = split(target, '/');
  if (parts.size() >= 1) ref.owner = std::string(parts[0]);
  if (parts.size() >= 2) ref.repo = std::string(parts[1]);
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (!ref.path.empty()) ref.path += '/';
    ref.path += std::string(parts[i]);
  }
  bool reusable = job_level || ref.path.find(".github/workflows/") != std::string::npos ||
                  starts_with(ref.path, ".github/workflows/");
  if (reusable && job_level) {
    ref.kind = PinKind::Reusable;
    return ref;
  }
  if (ref.ref.empty())
    ref.kind = PinKind::None;
  else if (is_full_sha(ref.ref))
    ref.kind = PinKind::Sha;
  else if (looks_like_version(ref.ref))
    ref.kind = PinKind::Tag;
  else
    ref.kind = PinKind::Branch;
  return ref;
}

}  // namespace tocsin::ci
