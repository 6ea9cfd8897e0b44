// The Hyperscan database of every detector's anchors. Internal to the secrets module.
//
// Compiling it costs ~30 ms of CPU, a third of a whole 70 MB tree scan, so the build compiles it
// once: tools/secrets_database_generator.cpp links this module, serializes the database built
// from the same registry (detectors()), and writes the bytes into the generated
// secrets_prebuilt_database.cpp. At run time the process loads those bytes (microseconds) and
// compiles only when they cannot be used: a libhs other than the one built against (Hyperscan
// refuses another version's database), or anchors that differ from the ones the bytes were built
// from (a stale build; checked with a hash of the expressions). Both paths build for the same
// portable platform, so a database behaves the same whichever way it was made.
#pragma once

#include <hs/hs.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "secrets/secrets.h"

namespace tocsin::secrets {

class Detector;

// The anchors of every registered detector, in registry order: expression id = index.
struct Anchor {
  std::string expression;
  const Detector* detector = nullptr;
};
std::vector<Anchor> registry_anchors();
// FNV-1a of the expressions (each followed by a NUL): ties serialized bytes to their anchors.
std::uint64_t anchors_hash(const std::vector<Anchor>& anchors);

// A database compiled at build time: Hyperscan's serialized bytes, the fixed width of each
// expression (0 when it varies) and anchors_hash() of the expressions they were built from.
struct PrebuiltDatabase {
  const unsigned char* bytes = nullptr;
  std::size_t size = 0;
  const unsigned* widths = nullptr;
  std::size_t expressions = 0;
  std::uint64_t anchors_hash = 0;
};
// Defined by the generated secrets_prebuilt_database.cpp (empty in the generator itself).
PrebuiltDatabase prebuilt_database();

struct AnchorDatabase {
  enum class Source { Prebuilt, Compiled };
  hs_database_t* db = nullptr;         // owned
  std::vector<const Detector*> owner;  // expression id -> detector
  std::vector<unsigned> width;         // expression id -> fixed match width, 0 when it varies
  Source source = Source::Compiled;
  std::uint64_t serial;  // unique in the process (engine.cpp: which database a scratch fits)

  AnchorDatabase();
  AnchorDatabase(AnchorDatabase&& other) noexcept;
  AnchorDatabase& operator=(AnchorDatabase&&) = delete;
  ~AnchorDatabase();
};

// The anchors' database from `prebuilt` when its bytes load and match the registry, else freshly
// compiled. Throws Error when Hyperscan rejects an expression.
AnchorDatabase load_anchor_database(const PrebuiltDatabase& prebuilt);
// Compiled now for the portable platform (what the build serializes). Throws Error.
AnchorDatabase compile_anchor_database();
// The process-wide database: load_anchor_database(prebuilt_database()), once.
const AnchorDatabase& anchor_database();

// scan_text (secrets.h) with the given database instead of the process-wide one (tests).
std::vector<Finding> scan_text(const AnchorDatabase& db, std::string_view text, const std::string& file,
                               std::int64_t now);

// Serialized bytes of a database (for the generator and tests).
std::string serialize_database(const hs_database_t* db);

}  // namespace tocsin::secrets
