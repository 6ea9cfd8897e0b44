// Reading Sigstore bundles (v0.1, v0.2, v0.3) and in-toto statements.
#include <fmt/format.h>

#include "core/encoding.h"
#include "core/error.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

constexpr std::string_view kMediaTypes[] = {
    "application/vnd.dev.sigstore.bundle+json;version=0.1",
    "application/vnd.dev.sigstore.bundle+json;version=0.2",
    "application/vnd.dev.sigstore.bundle+json;version=0.3",
    "application/vnd.dev.sigstore.bundle.v0.3+json",
};

std::string required_bytes(const std::string& path, const nlohmann::json& object, std::string_view key,
                           std::string_view where) {
  auto bytes = bytes_member(object, key);
  if (!bytes) throw Error(path, 0, 0, fmt::format("{}.{} is missing or not base64", where, key));
  return *bytes;
}

TlogEntry read_tlog_entry(const std::string& path, const nlohmann::json& entry) {
  TlogEntry tlog;
  auto index = int_member(entry, "logIndex");
  auto time = int_member(entry, "integratedTime");
  const nlohmann::json* log_id = member(entry, "logId");
  const nlohmann::json* kind = member(entry, "kindVersion");
  if (!index || !time || log_id == nullptr || kind == nullptr)
    throw Error(path, 0, 0, "tlogEntries: an entry without logIndex, logId, kindVersion or integratedTime");
  tlog.log_index = *index;
  tlog.integrated_time = *time;
  tlog.log_id = required_bytes(path, *log_id, "keyId", "tlogEntries.logId");
  tlog.kind = string_member(*kind, "kind");
  tlog.kind_version = string_member(*kind, "version");
  tlog.canonicalized_body_b64 = string_member(entry, "canonicalizedBody");
  tlog.canonicalized_body = required_bytes(path, entry, "canonicalizedBody", "tlogEntries");
  if (const nlohmann::json* promise = member(entry, "inclusionPromise"))
    tlog.signed_entry_timestamp = required_bytes(path, *promise, "signedEntryTimestamp", "inclusionPromise");
  if (const nlohmann::json* proof = member(entry, "inclusionProof")) {
    TlogEntry::Proof p;
    auto proof_index = int_member(*proof, "logIndex");
    auto size = int_member(*proof, "treeSize");
    if (!proof_index || !size) throw Error(path, 0, 0, "inclusionProof without logIndex or treeSize");
    p.log_index = *proof_index;
    p.tree_size = *size;
    p.root_hash = required_bytes(path, *proof, "rootHash", "inclusionProof");
    if (const nlohmann::json* hashes = member(*proof, "hashes"); hashes && hashes->is_array())
      for (const nlohmann::json& hash : *hashes) {
        auto bytes = hash.is_string() ? base64_decode(hash.get<std::string>()) : std::nullopt;
        if (!bytes) throw Error(path, 0, 0, "inclusionProof.hashes: an element is not base64");
        p.hashes.push_back(*bytes);
      }
    if (const nlohmann::json* checkpoint = member(*proof, "checkpoint"))
      p.checkpoint = string_member(*checkpoint, "envelope");
    tlog.inclusion_proof = std::move(p);
  }
  return tlog;
}

std::string strip_suffixes(std::string text) {
  if (const auto at = text.find('@'); at != std::string::npos) text.resize(at);
  if (text.size() > 4 && text.compare(text.size() - 4, 4, ".git") == 0) text.resize(text.size() - 4);
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

Bundle read_bundle(const std::string& path, std::string_view content) {
  const nlohmann::json document = parse_json(path, content);
  if (!document.is_object()) throw Error(path, 1, 1, "a Sigstore bundle is a JSON object");
  Bundle bundle;
  bundle.media_type = string_member(document, "mediaType");
  bool known = false;
  for (std::string_view type : kMediaTypes) known = known || bundle.media_type == type;
  if (!known) throw Error(path, 1, 1, fmt::format("unknown bundle mediaType '{}'", bundle.media_type));

  const nlohmann::json* material = member(document, "verificationMaterial");
  if (material == nullptr) throw Error(path, 0, 0, "bundle without verificationMaterial");
  if (const nlohmann::json* cert = member(*material, "certificate")) {
    bundle.certificates_der.push_back(required_bytes(path, *cert, "rawBytes", "certificate"));
  } else if (const nlohmann::json* chain = member(*material, "x509CertificateChain")) {
    const nlohmann::json* certs = member(*chain, "certificates");
    if (certs == nullptr || !certs->is_array() || certs->empty())
      throw Error(path, 0, 0, "x509CertificateChain without certificates");
    for (const nlohmann::json& cert : *certs)
      bundle.certificates_der.push_back(required_bytes(path, cert, "rawBytes", "x509CertificateChain"));
  } else if (const nlohmann::json* key = member(*material, "publicKey")) {
    bundle.public_key_hint = string_member(*key, "hint");
    if (bundle.public_key_hint.empty()) throw Error(path, 0, 0, "publicKey without a hint");
  } else {
    throw Error(path, 0, 0, "verificationMaterial has no certificate, x509CertificateChain or publicKey");
  }
  if (const nlohmann::json* entries = member(*material, "tlogEntries"); entries && entries->is_array())
    for (const nlohmann::json& entry : *entries) bundle.tlog_entries.push_back(read_tlog_entry(path, entry));
  if (const nlohmann::json* data = member(*material, "timestampVerificationData"))
    if (const nlohmann::json* stamps = member(*data, "rfc3161Timestamps"))
      bundle.has_rfc3161_timestamps = stamps->is_array() && !stamps->empty();

  if (const nlohmann::json* envelope = member(document, "dsseEnvelope")) {
    bundle.is_dsse = true;
    bundle.payload_type = string_member(*envelope, "payloadType");
    bundle.payload = required_bytes(path, *envelope, "payload", "dsseEnvelope");
    const nlohmann::json* signatures = member(*envelope, "signatures");
    if (signatures == nullptr || !signatures->is_array() || signatures->size() != 1)
      throw Error(path, 0, 0, "dsseEnvelope must carry exactly one signature");
    bundle.signature = required_bytes(path, (*signatures)[0], "sig", "dsseEnvelope.signatures");
  } else if (const nlohmann::json* message = member(document, "messageSignature")) {
    bundle.signature = required_bytes(path, *message, "signature", "messageSignature");
    if (const nlohmann::json* digest = member(*message, "messageDigest")) {
      bundle.message_digest_algorithm = string_member(*digest, "algorithm");
      bundle.message_digest = required_bytes(path, *digest, "digest", "messageDigest");
    }
  } else {
    throw Error(path, 0, 0, "bundle has neither dsseEnvelope nor messageSignature");
  }
  return bundle;
}

std::string normalize_repository(std::string_view uri) {
  std::string text(uri);
  if (text.rfind("git+", 0) == 0) text.erase(0, 4);
  for (std::string_view prefix :
       {"https://github.com/", "http://github.com/", "ssh://git@github.com/", "git@github.com:", "github.com/"})
    if (text.rfind(prefix, 0) == 0) {
      text = strip_suffixes(text.substr(prefix.size()));
      for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return text;
    }
  if (text.find("://") == std::string::npos && std::count(text.begin(), text.end(), '/') == 1) {
    text = strip_suffixes(text);  // already "owner/repo"
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

namespace {

// git+https://github.com/owner/repo@refs/heads/main -> (owner/repo, refs/heads/main)
void split_source_uri(std::string_view uri, Provenance& out) {
  std::string text(uri);
  if (text.rfind("git+", 0) == 0) text.erase(0, 4);
  if (const auto at = text.rfind('@'); at != std::string::npos && text.find("refs/", at) == at + 1) {
    if (out.ref.empty()) out.ref = text.substr(at + 1);
    text.resize(at);
  }
  if (out.repository.empty()) out.repository = normalize_repository(text);
}

// What a SLSA predicate says about its build. v1 (npm, GitHub attestations): buildDefinition.
// externalParameters.workflow {repository, path, ref}; v0.2 (npm before GA, SLSA generator):
// invocation.configSource {uri, entryPoint}, with environment.github_* for the generator.
Provenance read_provenance_predicate(const nlohmann::json& predicate) {
  Provenance p;
  if (const nlohmann::json* run = member(predicate, "runDetails"))
    if (const nlohmann::json* builder = member(*run, "builder")) p.builder_id = string_member(*builder, "id");
  if (const nlohmann::json* builder = member(predicate, "builder")) {
    if (p.builder_id.empty()) p.builder_id = string_member(*builder, "id");
  }
  if (const nlohmann::json* definition = member(predicate, "buildDefinition")) {
    if (const nlohmann::json* external = member(*definition, "externalParameters"))
      if (const nlohmann::json* workflow = member(*external, "workflow")) {
        const std::string repository = string_member(*workflow, "repository");
        if (!repository.empty()) p.repository = normalize_repository(repository);
        p.workflow = string_member(*workflow, "path");
        p.ref = string_member(*workflow, "ref");
      }
    if (p.repository.empty())
      if (const nlohmann::json* deps = member(*definition, "resolvedDependencies"); deps && deps->is_array())
        for (const nlohmann::json& dep : *deps) {
          const std::string uri = string_member(dep, "uri");
          if (uri.rfind("git+", 0) == 0) {
            split_source_uri(uri, p);
            break;
          }
        }
  }
  if (const nlohmann::json* invocation = member(predicate, "invocation")) {
    if (const nlohmann::json* environment = member(*invocation, "environment")) {
      // The SLSA generator's environment names the calling repository and workflow.
      // The generic generator writes github_*, the Node.js builder GITHUB_*.
      auto env = [&](std::string_view lower, std::string_view upper) {
        std::string value = string_member(*environment, lower);
        return value.empty() ? string_member(*environment, upper) : value;
      };
      const std::string repository = env("github_repository", "GITHUB_REPOSITORY");
      if (!repository.empty() && p.repository.empty()) p.repository = normalize_repository(repository);
      if (p.ref.empty()) p.ref = env("github_ref", "GITHUB_REF");
      const std::string workflow_ref = env("github_workflow_ref", "GITHUB_WORKFLOW_REF");
      // "owner/repo/.github/workflows/x.yml@refs/…"
      if (p.workflow.empty() && !workflow_ref.empty()) {
        std::string w = workflow_ref.substr(0, workflow_ref.find('@'));
        if (auto pos = w.find("/.github/"); pos != std::string::npos) p.workflow = w.substr(pos + 1);
      }
    }
    if (const nlohmann::json* config = member(*invocation, "configSource")) {
      const std::string uri = string_member(*config, "uri");
      if (!uri.empty()) {
        Provenance from_config;
        split_source_uri(uri, from_config);
        if (p.repository.empty()) p.repository = from_config.repository;
        if (p.ref.empty()) p.ref = from_config.ref;
      }
      if (p.workflow.empty()) p.workflow = string_member(*config, "entryPoint");
    }
  }
  return p;
}

}  // namespace

Statement read_statement(const std::string& path, std::string_view payload) {
  const nlohmann::json document = parse_json(path, payload);
  Statement statement;
  statement.type = string_member(document, "_type");
  if (statement.type.rfind("https://in-toto.io/Statement/", 0) != 0)
    throw Error(path, 1, 1, fmt::format("not an in-toto statement (_type '{}')", statement.type));
  statement.predicate_type = string_member(document, "predicateType");
  const nlohmann::json* subjects = member(document, "subject");
  if (subjects == nullptr || !subjects->is_array())
    throw Error(path, 1, 1, "in-toto statement without a subject array");
  for (const nlohmann::json& s : *subjects) {
    Subject subject;
    subject.name = string_member(s, "name");
    if (const nlohmann::json* digest = member(s, "digest"); digest && digest->is_object())
      for (const auto& [algorithm, value] : digest->items())
        if (value.is_string()) {
          std::string hex = value.get<std::string>();
          for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          subject.digest[algorithm] = hex;
        }
    statement.subjects.push_back(std::move(subject));
  }
  if (const nlohmann::json* predicate = member(document, "predicate"))
    statement.provenance = read_provenance_predicate(*predicate);
  return statement;
}

}  // namespace tocsin::release
