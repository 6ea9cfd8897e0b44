// Fuzz target: the Sigstore bundle reader, then every verification check on what it read (with
// the shipped trusted root; the input's bytes as the artifact). Only tocsin::Error may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "release/release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const tocsin::release::Bundle bundle = tocsin::release::read_bundle("fuzz.json", text);
    const tocsin::release::ArtifactDigests digests = tocsin::release::digest_bytes(text);
    tocsin::release::IdentityPolicy policy;
    policy.identity = "x";
    policy.issuer = "y";
    (void)tocsin::release::verify_bundle(bundle, &digests, policy, tocsin::release::embedded_trusted_root());
  } catch (const tocsin::Error&) {
  }
  return 0;
}
