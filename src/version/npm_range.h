// npm version ranges, exactly as node-semver's `new Range(text)` and `range.test(version)` with
// default options (no loose, no includePrerelease).
//
// node-semver does not parse ranges with a grammar: it rewrites the text with a pipeline of
// regular-expression replacements (build stripping, hyphen ranges, operator/space joining,
// caret, tilde, x-range and star expansion, `>=0.0.0` to "any") and only then parses what is
// left as primitive comparators. Odd inputs therefore have odd but well-defined meanings
// ("1.2.3*" is "1.2.3"; "* || 1.2.3-beta" matches no prerelease). This module reproduces that
// pipeline step by step (npm_range.cpp follows node-semver 7.x classes/range.js), so the
// verdicts agree with node-semver on every input, including the odd ones; the oracle corpus in
// tests/fixtures/version/ checks that.
//
// A range node-semver cannot construct (its constructor throws) is reported as invalid;
// node-semver's `satisfies` turns that into `false`, tocsin reports an error instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "version/semver.h"

namespace tocsin::version::npm {

struct Comparator {
  enum class Op { Any, Eq, Less, LessEq, Greater, GreaterEq };
  Op op = Op::Any;
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::string pre;
};

class Range {
 public:
  // nullopt when node-semver would throw; `why` then names the offending comparator.
  static std::optional<Range> parse(std::string_view text, std::string* why = nullptr);

  bool test(const semver::Version& version) const;

  // The comparator sets (OR of ANDs) after node-semver's rewriting, for tests and diagnostics.
  const std::vector<std::vector<Comparator>>& sets() const { return sets_; }

 private:
  std::vector<std::vector<Comparator>> sets_;
};

}  // namespace tocsin::version::npm
