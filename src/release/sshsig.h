// SSH signatures of git tags (`release tags --allowed-signers FILE`), as `git verify-tag` checks
// them with gpg.format = ssh, without running ssh-keygen.
//
// The signature (OpenSSH PROTOCOL.sshsig) is the armored block git appends to the tag object:
//   -----BEGIN SSH SIGNATURE-----  base64 of
//     "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
//     string(hash_algorithm) string(signature)
//   -----END SSH SIGNATURE-----
// and signs  "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message))
// where the message is the tag object up to the signature block, H is sha256 or sha512, and git's
// namespace is "git". Keys: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa with rsa-sha2-256 /
// rsa-sha2-512 signatures (ssh-rsa SHA-1 signatures are refused, as OpenSSH does). SSH
// certificates and security keys (sk-*) are not supported: reported as such.
//
// The allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS; git's gpg.ssh.allowedSignersFile):
//   principals [options] keytype base64-key [comment]
// principals: comma-separated patterns (`*`, `?`, `!negation`); options: cert-authority,
// namespaces="git,…", valid-after="YYYYMMDD[HHMM[SS]][Z]", valid-before="…" (local time unless Z,
// as ssh-keygen). A line with cert-authority trusts certificates only and never matches a plain
// key. Stricter than git, which accepts any principal the key is listed for: the principal here
// must match the tagger's e-mail, and the time checked is the tagger date (git's verify-time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::release::sshsig {

struct Signature {
  std::string public_key;  // the key blob (string keytype, …)
  std::string key_type;    // "ssh-ed25519", …
  std::string name_space;  // "git"
  std::string hash_algorithm;
  std::string signature;  // the signature blob (string format, string/bytes …)
};

// nullopt with `error` set when the armor, the base64 or the structure is wrong.
std::optional<Signature> parse_armored(std::string_view armored, std::string& error);

// The signature over `message` in namespace `name_space`: false with `error` (wrong namespace,
// unknown hash or key type, signature that does not verify).
bool verify(const Signature& signature, std::string_view message, std::string_view name_space, std::string& error);

// A git object split at its signature: the signed part and the armored block (git takes the
// last "-----BEGIN SSH SIGNATURE-----" that starts a line). nullopt when there is none.
struct SignedObject {
  std::string payload;
  std::string armored;
};
std::optional<SignedObject> split_signed_object(std::string_view object);

struct AllowedSigner {
  int line = 0;
  std::string principals;  // the pattern list as written
  bool cert_authority = false;
  std::optional<std::string> namespaces;  // the pattern list, when restricted
  std::optional<std::int64_t> valid_after, valid_before;
  std::string key_type;
  std::string key_blob;
};
// Throws Error(path, line, column, …) on a malformed line.
std::vector<AllowedSigner> read_allowed_signers(const std::string& path, std::string_view content);

// OpenSSH's match_pattern_list: the value matches a positive pattern and no negated one.
bool match_pattern_list(std::string_view value, std::string_view patterns);

// The line that allows `key_blob` to sign for `principal` in `name_space` at `time`; nullptr with
// `why` set when none does (key unknown, listed for other principals, namespace, validity).
const AllowedSigner* find_signer(const std::vector<AllowedSigner>& signers, std::string_view key_blob,
                                 std::string_view principal, std::string_view name_space, std::int64_t time,
                                 std::string& why);

// A key's SHA256 fingerprint as ssh-keygen -l prints it ("SHA256:base64 without padding").
std::string fingerprint(std::string_view key_blob);

}  // namespace tocsin::release::sshsig
