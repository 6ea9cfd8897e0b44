// Provenance files for `release verify --provenance`: the SLSA generator's .intoto.jsonl (one
// DSSE envelope per line), Sigstore bundles (GitHub attestations; one per line in a .jsonl),
// npm attestation documents and bare statements.
#include <fmt/format.h>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

void read_one(const std::string& where, const nlohmann::json& document, int line,
              std::vector<ProvenanceDocument>& out) {
  auto statement_of_envelope = [&](const nlohmann::json& envelope) {
    auto payload = bytes_member(envelope, "payload");
    if (!payload) throw Error(where, line, 1, "DSSE envelope without a base64 payload");
    return read_statement(where, *payload);
  };
  if (const nlohmann::json* attestations = member(document, "attestations"); attestations && attestations->is_array()) {
    for (const nlohmann::json& attestation : *attestations)
      if (const nlohmann::json* bundle = member(attestation, "bundle"))
        if (const nlohmann::json* envelope = member(*bundle, "dsseEnvelope"))
          out.push_back({statement_of_envelope(*envelope), "sigstore-bundle", line});
    return;
  }
  if (const nlohmann::json* envelope = member(document, "dsseEnvelope")) {
    out.push_back({statement_of_envelope(*envelope), "sigstore-bundle", line});
  } else if (member(document, "payload") != nullptr) {
    out.push_back({statement_of_envelope(document), "dsse", line});
  } else if (member(document, "_type") != nullptr) {
    out.push_back({read_statement(where, document.dump()), "statement", line});
  } else {
    throw Error(where, line, 1, "neither a DSSE envelope, a Sigstore bundle nor an in-toto statement");
  }
}

}  // namespace

std::vector<ProvenanceDocument> read_provenance(const std::string& path, std::string_view content) {
  std::vector<ProvenanceDocument> out;
  // One JSON document (pretty-printed bundles span lines), else JSON Lines.
  try {
    const nlohmann::json document = nlohmann::json::parse(content);
    read_one(path, document, 1, out);
    return out;
  } catch (const nlohmann::json::parse_error&) {
  } catch (const nlohmann::json::out_of_range&) {  // a number beyond a double: read it line by line
  }
  int number = 0;
  for (std::string_view line : split(content, '\n')) {
    ++number;
    if (trim(line).empty()) continue;
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(path, number, static_cast<int>(e.byte), "invalid JSON line");
    } catch (const nlohmann::json::out_of_range&) {  // a number beyond a double ("1e999"): error 406
      throw Error(path, number, 0, "invalid JSON line: a number is out of range");
    }
    read_one(path, document, number, out);
  }
  if (out.empty()) throw Error(path, 1, 1, "no provenance statement in the file");
  return out;
}

std::vector<SubjectMatch> match_subjects(const std::vector<ProvenanceDocument>& documents,
                                         const std::vector<std::string>& artifacts) {
  std::vector<SubjectMatch> out;
  for (const std::string& artifact : artifacts) {
    const ArtifactDigests digests = digest_file(artifact);
    SubjectMatch match;
    match.artifact = artifact;
    match.sha256 = to_hex(digests.sha256);
    const std::string sha512 = to_hex(digests.sha512);
    for (const ProvenanceDocument& document : documents)
      for (const Subject& subject : document.statement.subjects) {
        if (!match.subject.empty()) break;
        if (auto it = subject.digest.find("sha256"); it != subject.digest.end() && it->second == match.sha256) {
          match.subject = subject.name;
          match.algorithm = "sha256";
        } else if (auto it512 = subject.digest.find("sha512");
                   it512 != subject.digest.end() && it512->second == sha512) {
          match.subject = subject.name;
          match.algorithm = "sha512";
        }
      }
    out.push_back(std::move(match));
  }
  return out;
}

}  // namespace tocsin::release
