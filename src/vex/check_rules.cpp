// The per-statement rules of `vex check` that need no ignore list: placeholder ids, review dates.
#include <fmt/format.h>

#include <regex>

#include "core/text.h"
#include "core/time.h"
#include "vex/check.h"

namespace tocsin::vex {

std::string placeholder_reason(std::string_view raw) {
  const std::string id(trim(raw));
  const std::string upper = [&] {
    std::string out = id;
    for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
  }();
  if (id.empty()) return "is empty";
  for (std::string_view marker : {"XXX", "TBD", "TODO", "PLACEHOLDER", "FIXME", "UNKNOWN", "N/A", "NONE", "?"})
    if (upper.find(marker) != std::string::npos) return fmt::format("looks like a placeholder ('{}')", marker);
  std::smatch match;
  if (starts_with(upper, "CVE-")) {
    static const std::regex kCve("CVE-(\\d{4})-(\\d{4,})");
    if (!std::regex_match(upper, match, kCve)) return "does not match the CVE grammar CVE-YYYY-NNNN(N…)";
    int year = std::stoi(match[1].str());
    if (year < 1999) return fmt::format("has year {}: CVE ids start in 1999", year);
    if (std::all_of(match[2].first, match[2].second, [](char c) { return c == '0'; }))
      return "has sequence number 0: no such CVE is ever assigned";
    return {};
  }
  if (starts_with(upper, "GHSA-")) {
    // GitHub advisory ids: three groups of four from the alphabet 23456789cfghjmpqrvwx.
    static const std::regex kGhsa("GHSA(-[23456789CFGHJMPQRVWX]{4}){3}");
    if (!std::regex_match(upper, kGhsa)) return "does not match the GHSA grammar GHSA-xxxx-xxxx-xxxx";
    return {};
  }
  if (starts_with(upper, "RUSTSEC-")) {
    static const std::regex kRustsec("RUSTSEC-(\\d{4})-(\\d{4})");
    if (!std::regex_match(upper, match, kRustsec)) return "does not match the RUSTSEC grammar RUSTSEC-YYYY-NNNN";
    if (match[2].str() == "0000") return "has sequence number 0000: no such advisory is ever assigned";
    return {};
  }
  if (starts_with(upper, "PYSEC-")) {
    static const std::regex kPysec("PYSEC-\\d{4}-\\d+");
    if (!std::regex_match(upper, kPysec)) return "does not match the PYSEC grammar PYSEC-YYYY-N";
    return {};
  }
  return {};
}

std::vector<ReviewDate> review_dates(const Statement& statement) {
  std::vector<ReviewDate> out;
  if (auto next = statement.extra.find("next_review"); next != statement.extra.end() && next->is_string()) {
    std::string text = next->get<std::string>();
    if (auto when = parse_rfc3339(text, true)) out.push_back({text, *when, "next_review"});
  }
  // A verb of reviewing, a few words at most, then an ISO date: "review by 2026-06-01",
  // "re-evaluate on 2026-06-01", "next review: 2026-06-01", "revisit before 2026-06-01".
  static const std::regex kPromise(
      "(review|re-?evaluat\\w*|revisit\\w*|re-?assess\\w*|re-?check\\w*)\\b[^.;\\n]{0,24}?\\b(by|on|before|at|due|"
      "date|:)\\s*:?\\s*(\\d{4}-\\d{2}-\\d{2})",
      std::regex::icase);
  for (auto [field, text] : {std::pair<const char*, const std::string*>{"status_notes", &statement.status_notes},
                             {"action_statement", &statement.action_statement}}) {
    for (std::sregex_iterator it(text->begin(), text->end(), kPromise), end; it != end; ++it) {
      std::string date = (*it)[3].str();
      if (auto when = parse_rfc3339(date, true)) out.push_back({it->str(), *when, field});
    }
  }
  return out;
}

}  // namespace tocsin::vex
