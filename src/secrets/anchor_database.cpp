// Building or loading the anchors' Hyperscan database (anchor_database.h).
#include "secrets/anchor_database.h"

#include <atomic>
#include <cstdlib>

#include "core/error.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

// The platform every database is built for: no CPU feature, generic tuning, so a database
// serialized on the build machine loads on any x86-64 Hyperscan runs on. Measured on this
// project's benchmark tree (AVX-512 machine), it also scans faster than a database built for the
// host: 7 GB/s against 3 GB/s for the AVX2/AVX-512 targets (another literal matcher is chosen).
hs_platform_info_t portable_platform() {
  hs_platform_info_t platform{};
  platform.tune = HS_TUNE_FAMILY_GENERIC;
  platform.cpu_features = 0;
  return platform;
}

// The fixed width of a match of `expression`, 0 when it varies.
unsigned fixed_width(const std::string& expression) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  unsigned width = 0;
  if (hs_expression_info(expression.c_str(), 0, &info, &error) == HS_SUCCESS && info != nullptr &&
      info->min_width == info->max_width)
    width = info->min_width;
  std::free(info);  // allocated with Hyperscan's default allocator, malloc
  hs_free_compile_error(error);
  return width;
}

AnchorDatabase owners_of(const std::vector<Anchor>& anchors) {
  AnchorDatabase result;
  for (const Anchor& anchor : anchors) result.owner.push_back(anchor.detector);
  return result;
}

}  // namespace

AnchorDatabase::AnchorDatabase() {
  static std::atomic<std::uint64_t> next{1};
  serial = next.fetch_add(1);
}

AnchorDatabase::AnchorDatabase(AnchorDatabase&& other) noexcept
    : db(other.db),
      owner(std::move(other.owner)),
      width(std::move(other.width)),
      source(other.source),
      serial(other.serial) {
  other.db = nullptr;
  other.serial = 0;
}

AnchorDatabase::~AnchorDatabase() { hs_free_database(db); }

std::vector<Anchor> registry_anchors() {
  std::vector<Anchor> anchors;
  for (const auto& detector : detectors())
    for (std::string& expression : detector->anchors()) anchors.push_back({std::move(expression), detector.get()});
  return anchors;
}

std::uint64_t anchors_hash(const std::vector<Anchor>& anchors) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const Anchor& anchor : anchors)
    for (std::size_t i = 0; i <= anchor.expression.size(); ++i) {  // the NUL too
      hash ^= static_cast<unsigned char>(i < anchor.expression.size() ? anchor.expression[i] : '\0');
      hash *= 1099511628211ull;
    }
  return hash;
}

// No expression asks for the start of match (SOM): tracking it costs Hyperscan a great deal, and
// every anchor is either of fixed width (the start is the end minus the width) or belongs to a
// detector that measures back from the end (Detector::anchors).
AnchorDatabase compile_anchor_database() {
  const std::vector<Anchor> anchors = registry_anchors();
  AnchorDatabase result = owners_of(anchors);
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    patterns.push_back(anchors[i].expression.c_str());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
    result.width.push_back(fixed_width(anchors[i].expression));
  }
  const hs_platform_info_t platform = portable_platform();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
                       &platform, &result.db, &error) != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    int expression = error ? error->expression : -1;
    hs_free_compile_error(error);
    throw Error("secrets: Hyperscan rejected anchor " + std::to_string(expression) + ": " + message);
  }
  result.source = AnchorDatabase::Source::Compiled;
  return result;
}

AnchorDatabase load_anchor_database(const PrebuiltDatabase& prebuilt) {
  const std::vector<Anchor> anchors = registry_anchors();
  if (prebuilt.size == 0 || prebuilt.expressions != anchors.size() || prebuilt.anchors_hash != anchors_hash(anchors))
    return compile_anchor_database();
  AnchorDatabase result = owners_of(anchors);
  // Fails with HS_DB_VERSION_ERROR under another libhs, HS_DB_PLATFORM_ERROR on a CPU the bytes
  // were not built for, HS_INVALID on damaged bytes: all three mean "compile".
  if (hs_deserialize_database(reinterpret_cast<const char*>(prebuilt.bytes), prebuilt.size, &result.db) != HS_SUCCESS) {
    result.db = nullptr;
    return compile_anchor_database();
  }
  result.width.assign(prebuilt.widths, prebuilt.widths + prebuilt.expressions);
  result.source = AnchorDatabase::Source::Prebuilt;
  return result;
}

const AnchorDatabase& anchor_database() {
  static const AnchorDatabase database = load_anchor_database(prebuilt_database());
  return database;
}

std::string serialize_database(const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS)
    throw Error("secrets: cannot serialize Hyperscan database");
  std::string result(bytes, size);
  std::free(bytes);  // Hyperscan's default allocator, malloc
  return result;
}

}  // namespace tocsin::secrets
