// CI logs: the tree detectors plus the exfiltration indicators of the runbook's Playbook 3 —
// base64 that decodes to base64 again (the tj-actions/changed-files signature, secrets printed
// double-encoded into public logs) and decoded payloads holding a known token format.
#include <algorithm>

#include "core/encoding.h"
#include "secrets/detector.h"
#include "secrets/scan_file.h"

namespace tocsin::secrets {
namespace {

bool is_base64_run_char(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '-' || c == '_'; }

// Mostly text: at least 90% printable ASCII or whitespace, and no NUL.
bool printable(std::string_view bytes) {
  if (bytes.empty()) return false;
  std::size_t good = 0;
  for (unsigned char c : bytes) {
    if (c == 0) return false;
    good += (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
  }
  return good * 10 >= bytes.size() * 9;
}

// The decoded text when `run` decodes to printable text.
std::optional<std::string> decode_text(std::string_view run) {
  auto decoded = base64_decode(run);
  if (!decoded || !printable(*decoded)) return std::nullopt;
  return decoded;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

}  // namespace

std::vector<DecodedPayload> decode_base64_payloads(std::string_view text, std::size_t min_length) {
  std::vector<DecodedPayload> payloads;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_base64_run_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t length = run_length(text, i, is_base64_run_char, text.size());
    const std::size_t start = i;
    i += length;
    while (i < text.size() && text[i] == '=' && length % 4 != 0) ++i, ++length;
    if (length < min_length) continue;
    auto outer = decode_text(text.substr(start, length));
    if (!outer) continue;
    DecodedPayload payload;
    payload.offset = start;
    payload.length = length;
    // Base64 again? The whole decoded text (whitespace trimmed) must be one base64 run.
    std::string_view inner(*outer);
    while (!inner.empty() && (inner.back() == '\n' || inner.back() == '\r' || inner.back() == ' '))
      inner.remove_suffix(1);
    std::size_t inner_run = run_length(inner, 0, is_base64_run_char, inner.size());
    while (inner_run < inner.size() && inner[inner_run] == '=') ++inner_run;
    std::optional<std::string> second;
    if (inner.size() >= 16 && inner_run == inner.size()) second = decode_text(inner);
    if (second) {
      payload.layers = 2;
      payload.decoded = std::move(*second);
    } else {
      payload.decoded = std::move(*outer);
    }
    payloads.push_back(std::move(payload));
  }
  return payloads;
}

std::vector<Finding> scan_logs(const std::string& dir, const ScanOptions& options, TreeStats* stats) {
  const ExtraScan decode = [&options](std::string_view text, const std::string& display,
                                      std::vector<Finding>& findings) {
    for (const DecodedPayload& payload : decode_base64_payloads(text)) {
      std::vector<Finding> inside = scan_text(payload.decoded, display, options.now);
      const std::size_t line = line_of(text, payload.offset);
      std::size_t line_start = text.rfind('\n', payload.offset == 0 ? 0 : payload.offset - 1);
      line_start = line_start == std::string_view::npos || payload.offset == 0 ? 0 : line_start + 1;
      const std::string origin = payload.layers == 2 ? "double-base64" : "base64";
      if (inside.empty() && payload.layers == 2) {
        Finding indicator;
        indicator.detector = "double-base64";
        indicator.kind = "Double-base64-encoded payload (exfiltration indicator)";
        indicator.registry = "generic";
        indicator.fingerprint = fingerprint(payload.decoded);
        indicator.redacted = "base64(base64(…))";
        indicator.confidence = Confidence::Medium;
        inside.push_back(std::move(indicator));
      }
      for (Finding& finding : inside) {
        finding.file = display;
        finding.line = line;
        finding.column = payload.offset - line_start + 1;
        finding.origin = origin;
        findings.push_back(std::move(finding));
      }
    }
  };
  return scan_paths(list_files(dir, false, stats), options, stats, decode);
}

}  // namespace tocsin::secrets
