// Fuzz target: the SSH signature readers of `release tags --allowed-signers` — the armored
// SSHSIG block (parsed and verified over the input itself), the split of a tag object at its
// signature, and the allowed-signers file. Only tocsin::Error may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "release/sshsig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sshsig = tocsin::release::sshsig;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto split = sshsig::split_signed_object(text);
  if (const auto signature = sshsig::parse_armored(split ? split->armored : text, error)) {
    (void)sshsig::verify(*signature, split ? split->payload : text, "git", error);
    (void)sshsig::fingerprint(signature->public_key);
  }
  try {
    const auto signers = sshsig::read_allowed_signers("fuzz", text);
    std::string why;
    (void)sshsig::find_signer(signers, text, "a@example.com", "git", 0, why);
  } catch (const tocsin::Error&) {
  }
  (void)sshsig::match_pattern_list("a@example.com", text);
  return 0;
}
