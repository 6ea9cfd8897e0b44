// Internal to src/cvss: the published CVSS v4.0 MacroVector table.
#pragma once

#include <cstddef>

namespace tocsin::cvss::detail {

struct MacroVectorScore {
  const char* macro_vector;  // six digits EQ1..EQ6
  double score;
};

constexpr std::size_t kMacroVectorCount = 270;
extern const MacroVectorScore kMacroVectorScores[kMacroVectorCount];

}  // namespace tocsin::cvss::detail
