// The written CI policy: zizmor's ref-pin exceptions and the project's trust document.
//
// The trust document is prose plus Markdown tables; it is read the way a reviewer reads it:
//   - a table whose first header cell is "Action" is the allowlist; each row's first cell must
//     hold a backticked `owner/repo` or `owner/repo/*` (rows that name a CLI binary or a
//     container image instead are reported as notes and left out);
//   - a table with a "Subject" header column lists OIDC relying parties and subject patterns;
//   - a heading naming a workflow file ("### `ci.yml` jobs") followed by "- `host` (why)"
//     bullets is that workflow's egress list; "All of `ci.yml` plus:" inherits;
//   - sentences stating principles switch the matching checks on (see TrustPolicy).
// Anything that looks like it should be one of these but cannot be read becomes a note (a
// Severity::Note Diagnostic at its line, saying what was expected).

#include <algorithm>
#include <filesystem>
#include <regex>

#include "ci/ci.h"
#include "core/error.h"
#include "core/text.h"
#include "yaml/tree.h"

namespace tocsin::ci {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> table_cells(std::string_view line) {
  std::string_view body = trim(line);
  if (starts_with(body, "|")) body.remove_prefix(1);
  if (ends_with(body, "|")) body.remove_suffix(1);
  std::vector<std::string> cells;
  std::string cell;
  bool in_code = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '`') in_code = !in_code;
    if (c == '\\' && i + 1 < body.size() && body[i + 1] == '|') {
      cell += '|';
      ++i;
      continue;
    }
    if (c == '|' && !in_code) {
      cells.emplace_back(trim(cell));
      cell.clear();
      continue;
    }
    cell += c;
  }
  cells.emplace_back(trim(cell));
  return cells;
}

bool is_separator_row(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) {
    if (cell.empty()) return false;
    for (char c : cell)
      if (c != '-' && c != ':' && c != ' ') return false;
  }
  return !cells.empty();
}

// Text between the first pair of backticks, or "".
std::string first_code_span(std::string_view text) {
  auto open = text.find('`');
  if (open == std::string_view::npos) return "";
  auto close = text.find('`', open + 1);
  if (close == std::string_view::npos) return "";
  return std::string(text.substr(open + 1, close - open - 1));
}

std::vector<std::string> code_spans(std::string_view text) {
  std::vector<std::string> spans;
  std::size_t at = 0;
  while (true) {
    auto open = text.find('`', at);
    if (open == std::string_view::npos) break;
    auto close = text.find('`', open + 1);
    if (close == std::string_view::npos) break;
    spans.emplace_back(text.substr(open + 1, close - open - 1));
    at = close + 1;
  }
  return spans;
}

bool is_action_pattern(std::string_view text) {
  static const std::regex pattern(R"(^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.*/-]+)?$)");
  return std::regex_match(text.begin(), text.end(), pattern);
}

std::string lower(std::string_view text) { return to_lower(text); }

bool pattern_matches(std::string_view pattern, const std::string& name) {
  std::string p = lower(pattern), n = lower(name);
  if (ends_with(p, "/*")) {
    std::string base = p.substr(0, p.size() - 2);
    return n == base || starts_with(n, base + "/");
  }
  return n == p;
}

}  // namespace

bool TrustPolicy::allowlisted(const ActionRef& ref) const {
  std::string name = ref.name();
  for (const Located& entry : allowlist)
    if (pattern_matches(entry.value, name)) return true;
  return false;
}

std::vector<std::string> TrustPolicy::all_egress_hosts() const {
  std::vector<std::string> hosts;
  for (const auto& [workflow, list] : egress)
    for (const Located& entry : list) hosts.push_back(entry.value);
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  return hosts;
}

std::string TrustPolicy::repository() const {
  for (const Oidc& entry : oidc) {
    if (!starts_with(entry.subject, "repo:")) continue;
    auto end = entry.subject.find(':', 5);
    std::string repository = entry.subject.substr(5, end == std::string::npos ? std::string::npos : end - 5);
    if (repository.find('/') != std::string::npos && repository.find('*') == std::string::npos) return repository;
  }
  return "";
}

bool endpoint_allowed(const std::string& host, const std::string& path, const std::vector<std::string>& allowed) {
  for (const std::string& entry : allowed) {
    std::string allowed_host = lower(entry);
    std::string allowed_path;
    auto slash = allowed_host.find('/');
    if (slash != std::string::npos) {
      allowed_path = allowed_host.substr(slash);
      allowed_host = allowed_host.substr(0, slash);
    }
    auto colon = allowed_host.find(':');
    if (colon != std::string::npos) allowed_host = allowed_host.substr(0, colon);
    bool host_ok = host == allowed_host || ends_with(host, "." + allowed_host);
    if (host_ok && (allowed_path.empty() || starts_with(path, allowed_path))) return true;
  }
  return false;
}

TrustPolicy parse_trust(const std::string& path, std::string_view markdown) {
  TrustPolicy policy;
  policy.path = path;
  auto note = [&](int line, std::string message, std::string hint = {}) {
    Diagnostic unread;
    unread.severity = Severity::Note;
    unread.location = {path, line, 0, ""};
    unread.message = std::move(message);
    unread.hint = std::move(hint);
    unread.code = "trust-unread";
    policy.notes.push_back(std::move(unread));
  };
  auto lines = split(markdown, '\n');
  enum class Table { None, Allowlist, Oidc, Other } table = Table::None;
  std::size_t columns = 0;
  std::string egress_workflow;  // the workflow of the current egress section
  bool in_code_block = false;
  std::string prose;  // all non-table text, for the principle sentences
  static const std::regex narrowing_re(R"(`([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@\{([^}]*)\}`)");
  static const std::regex elevation_re(R"(([a-z-]+):\s*write)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i + 1);
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view text = trim(line);
    if (starts_with(text, "```")) {
      in_code_block = !in_code_block;
      continue;
    }
    if (in_code_block) continue;
    if (starts_with(text, "|")) {
      std::vector<std::string> cells = table_cells(text);
      if (table == Table::None) {  // header row
        std::string first = lower(cells[0]);
        bool has_subject = std::any_of(cells.begin(), cells.end(), [](const std::string& c) {
          return lower(c).find("subject") != std::string::npos;
        });
        table = first == "action" ? Table::Allowlist : has_subject ? Table::Oidc : Table::Other;
        columns = cells.size();
        continue;
      }
      if (is_separator_row(cells)) continue;
      if (cells.size() != columns) {
        if (table != Table::Other)
          note(number,
               "table row has " + std::to_string(cells.size()) + " cells, the header " + std::to_string(columns) +
                   "; row read as far as possible",
               "expected " + std::to_string(columns) + " cells, one per header column");
      }
      if (table == Table::Allowlist) {
        std::string action = first_code_span(cells[0]);
        if (action.empty()) action = cells[0];
        if (is_action_pattern(action)) {
          // A row that says the entry is not an action (a CLI binary, a container image) is kept
          // out of the allowlist of `uses:` references but noted.
          std::string rest = lower(cells[0]);
          if (rest.find("container image") != std::string::npos || rest.find("binary") != std::string::npos)
            note(number, "'" + action + "' is listed as " +
                             (rest.find("binary") != std::string::npos ? "a binary" : "a container image") +
                             ", not an action: matched only against docker:// references");
          policy.allowlist.push_back({action, number, 1});
        } else {
          note(number, "allowlist entry '" + cells[0] + "' is not an owner/repo action; ignored",
               "expected `owner/repo` or `owner/repo/*` in the first cell");
        }
      } else if (table == Table::Oidc) {
        std::size_t subject_column = 0;
        TrustPolicy::Oidc entry;
        entry.line = number;
        entry.relying_party = cells[0];
        for (std::size_t c = 0; c < cells.size(); ++c) {
          if (c == 0) continue;
          if (subject_column == 0) subject_column = c;
          if (c == 1) entry.subject = first_code_span(cells[c]).empty() ? cells[c] : first_code_span(cells[c]);
          if (c == 2) entry.purpose = cells[c];
        }
        if (first_code_span(cells.size() > 1 ? cells[1] : "").empty())
          note(number,
               "OIDC row '" + cells[0] + "' has no subject pattern ('" + (cells.size() > 1 ? cells[1] : std::string()) +
                   "')",
               "expected the subject as a code span in the second cell, e.g. `repo:OWNER/REPO:ref:refs/heads/main`");
        policy.oidc.push_back(std::move(entry));
      }
      continue;
    }
    table = Table::None;
    if (starts_with(text, "#")) {
      egress_workflow.clear();
      std::string code = first_code_span(text);
      if (ends_with(code, ".yml") || ends_with(code, ".yaml")) egress_workflow = code;
      prose += std::string(text) + "\n";
      continue;
    }
    if (!egress_workflow.empty() && (starts_with(text, "- ") || starts_with(text, "* "))) {
      std::string_view item = trim(text.substr(2));
      if (starts_with(lower(item), "all of ")) {
        std::string from = first_code_span(item);
        auto it = policy.egress.find(from);
        if (it != policy.egress.end()) {
          auto copy = it->second;
          auto& list = policy.egress[egress_workflow];
          list.insert(list.end(), copy.begin(), copy.end());
        } else {
          note(number, "egress list inherits from '" + from + "', which has no list above",
               "expected a heading naming '" + from + "' with its host bullets earlier in the document");
        }
        continue;
      }
      std::vector<std::string> spans = code_spans(item);
      bool added = false;
      for (const std::string& span : spans) {
        if (span.find(' ') != std::string::npos || span.find('.') == std::string::npos) continue;
        policy.egress[egress_workflow].push_back({span, number, 1});
        added = true;
      }
      if (!added)
        note(number, "egress bullet without a `host`: '" + std::string(item) + "'",
             "expected the host as a code span, e.g. - `crates.io`");
      continue;
    }
    prose += std::string(text) + "\n";
    for (std::cregex_iterator it(text.data(), text.data() + text.size(), narrowing_re), end; it != end; ++it) {
      RefPinNarrowing narrowing;
      narrowing.action = (*it)[1];
      narrowing.line = number;
      const std::string refs = (*it)[2];  // split() views into it: it must outlive the loop
      for (std::string_view ref : split(refs, ',')) {
        std::string r(trim(ref));
        if (r == "…" || r == "..." || r.empty())
          narrowing.open = true;
        else
          narrowing.refs.push_back(r);
      }
      policy.narrowings.push_back(std::move(narrowing));
    }
  }
  // Principles stated in prose. The sentences are matched loosely (code spans, not wording).
  std::string flat = prose;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::string low = lower(flat);
  if (low.find("`actions/*`") != std::string::npos && low.find("`github/*`") != std::string::npos &&
      (low.find("tag-pinned") != std::string::npos || low.find("ref-pin") != std::string::npos))
    policy.tag_pins_for_github_owned = true;
  if (low.find("permissions: contents: read") != std::string::npos) policy.requires_top_level_contents_read = true;
  if (low.find("egress-policy: block") != std::string::npos) policy.requires_harden_runner_block = true;
  if (low.find("pull_request_target") != std::string::npos && low.find("never used") != std::string::npos)
    policy.forbids_pull_request_target = true;
  for (std::sregex_iterator it(low.begin(), low.end(), elevation_re), end; it != end; ++it) {
    std::string scope = std::string((*it)[1]) + ": write";
    if (std::find(policy.documented_elevations.begin(), policy.documented_elevations.end(), scope) ==
        policy.documented_elevations.end())
      policy.documented_elevations.push_back(scope);
  }
  if (policy.allowlist.empty())
    note(0, "no allowlist table", "expected a Markdown table whose first column is 'Action'");
  return policy;
}

std::optional<std::pair<std::string, std::string>> ZizmorPolicies::policy_for(const ActionRef& ref) const {
  // zizmor: an exact "owner/repo/path" or "owner/repo" wins over "owner/*", which wins over "*".
  std::string name = lower(ref.name()), owner_repo = lower(ref.owner_repo());
  std::vector<std::string> candidates = {name, owner_repo, lower(ref.owner) + "/*", "*"};
  for (const std::string& candidate : candidates)
    for (const auto& [pattern, policy] : policies)
      if (lower(pattern) == candidate) return std::make_pair(pattern, policy.value);
  return std::nullopt;
}

ZizmorPolicies read_zizmor_policies(const std::string& dir) {
  ZizmorPolicies out;
  for (const char* name : {".github/zizmor.yml", ".github/zizmor.yaml", "zizmor.yml", "zizmor.yaml"}) {
    fs::path file = fs::path(dir) / name;
    std::error_code error;
    if (!fs::is_regular_file(file, error)) continue;
    out.present = true;
    out.path = name;
    std::string content = read_file(file.string());
    yaml::Document document = yaml::Document::parse(name, content);
    // rules/unpinned-uses absent or not mappings: no exceptions.
    const yaml::Node* policies =
        yaml::get(yaml::get(yaml::get(yaml::get(document.root(), "rules"), "unpinned-uses"), "config"), "policies");
    if (yaml::is_map(policies))
      for (const auto& [key, value] : policies->pairs)
        if (key->is_scalar() && value->is_scalar())
          out.policies[key->value] = {value->value, value->line, value->column};
    break;
  }
  return out;
}

}  // namespace tocsin::ci
