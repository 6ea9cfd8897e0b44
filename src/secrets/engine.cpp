// One Hyperscan database of every detector's anchors, scanned once per buffer (never one regex
// pass per rule). Each anchor hit goes to its detector; hits become Findings with line/column,
// redacted form and fingerprint, and the secret bytes are never copied out of the buffer.
#include <hs/hs.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "secrets/anchor_database.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

// One scratch per thread, allocated for the database it last scanned with (hs_alloc_scratch also
// checksums the whole database: too costly to run per file). Databases are told apart by their
// serial number, not their address, which a freed one's successor may reuse (tests).
hs_scratch_t* thread_scratch(const AnchorDatabase& db) {
  struct Scratch {
    hs_scratch_t* scratch = nullptr;
    std::uint64_t serial = 0;
    ~Scratch() { hs_free_scratch(scratch); }
  };
  thread_local Scratch holder;
  if (holder.serial != db.serial) {
    if (hs_alloc_scratch(db.db, &holder.scratch) != HS_SUCCESS)
      throw Error("secrets: cannot allocate Hyperscan scratch space");
    holder.serial = db.serial;
  }
  return holder.scratch;
}

struct RawHit {
  unsigned id;
  std::size_t from, to;
};

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* context) {
  auto* hits = static_cast<std::vector<RawHit>*>(context);
  hits->push_back({id, static_cast<std::size_t>(from), static_cast<std::size_t>(to)});
  return hits->size() > 1'000'000 ? 1 : 0;  // a pathological file stops here, not in memory exhaustion
}

struct Located {
  Hit hit;
  const Detector* detector;
  std::string joined;  // a reassembled split token (split.cpp); empty: the bytes text[begin, end)
};

}  // namespace

std::vector<Finding> scan_text(std::string_view text, const std::string& file, std::int64_t now) {
  return scan_text(anchor_database(), text, file, now);
}

std::vector<Finding> scan_text(const AnchorDatabase& db, std::string_view text, const std::string& file,
                               std::int64_t now) {
  std::vector<RawHit> raw;
  // Hyperscan block mode takes an unsigned length: scan larger buffers in overlapping windows.
  constexpr std::size_t kWindow = 1u << 30, kOverlap = 1u << 16;
  for (std::size_t start = 0; start < text.size() || start == 0; start += kWindow - kOverlap) {
    const std::size_t length = std::min(kWindow, text.size() - start);
    std::vector<RawHit> part;
    hs_error_t status =
        hs_scan(db.db, text.data() + start, static_cast<unsigned>(length), 0, thread_scratch(db), on_match, &part);
    if (status != HS_SUCCESS && status != HS_SCAN_TERMINATED)
      throw Error(file, 0, 0, "secrets: Hyperscan scan failed (" + std::to_string(status) + ")");
    for (RawHit& hit : part) {
      hit.to += start;  // `from` is set below, from the anchor's width
      if (start == 0 || hit.to >= start + kOverlap / 2) raw.push_back(hit);
    }
    if (start + length >= text.size()) break;
  }

  std::vector<Located> located;
  for (RawHit& r : raw) {
    const Detector* detector = db.owner[r.id];
    r.from = db.width[r.id] != 0 ? r.to - db.width[r.id] : r.to;
    auto hit = detector->examine(text, r.from, r.to, now);
    if (detector->reassembles() && (!hit || hit->validated == Validation::Pattern))
      if (auto joined = reassemble(text, r.from, r.to, *detector, now)) {
        located.push_back({std::move(joined->hit), detector, std::move(joined->secret)});
        continue;
      }
    if (hit) located.push_back({std::move(*hit), detector, {}});
  }
  std::sort(located.begin(), located.end(), [](const Located& a, const Located& b) {
    return a.hit.begin != b.hit.begin ? a.hit.begin < b.hit.begin : a.detector->generic() < b.detector->generic();
  });
  // Drop duplicates (several anchors of one detector on one token) and generic hits that overlap a
  // specific one. `located` is sorted by begin, so both checks look only at near neighbours.
  std::vector<std::pair<std::size_t, std::size_t>> specific;  // spans, sorted by begin
  for (const Located& l : located)
    if (!l.detector->generic()) specific.emplace_back(l.hit.begin, l.hit.end);
  constexpr std::size_t kLongestToken = 70 * 1024;  // private keys are the longest spans
  std::vector<Located> kept;
  for (Located& candidate : located) {
    bool drop = false;
    if (candidate.detector->generic()) {
      auto it = std::lower_bound(specific.begin(), specific.end(), std::make_pair(candidate.hit.end, std::size_t{0}));
      while (it != specific.begin() && !drop) {
        --it;
        if (it->first + kLongestToken < candidate.hit.begin) break;
        drop = it->second > candidate.hit.begin;
      }
    }
    for (auto k = kept.rbegin(); k != kept.rend() && k->hit.begin == candidate.hit.begin && !drop; ++k)
      drop = k->detector == candidate.detector;
    if (!drop) kept.push_back(std::move(candidate));
  }

  std::vector<Finding> findings;
  std::size_t line = 1, line_start = 0, cursor = 0;
  for (const Located& l : kept) {
    const Hit& hit = l.hit;
    while (cursor < hit.begin) {
      const void* newline = std::memchr(text.data() + cursor, '\n', hit.begin - cursor);
      if (newline == nullptr) {
        cursor = hit.begin;
        break;
      }
      cursor = static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1;
      ++line;
      line_start = cursor;
    }
    const std::string_view secret =
        l.joined.empty() ? text.substr(hit.begin, hit.end - hit.begin) : std::string_view(l.joined);
    Finding finding;
    finding.detector = std::string(l.detector->id());
    finding.kind = hit.kind.empty() ? std::string(l.detector->kind()) : hit.kind;
    finding.registry = hit.registry.empty() ? std::string(l.detector->registry()) : hit.registry;
    finding.file = file;
    finding.line = line;
    finding.column = hit.begin - line_start + 1;
    finding.fingerprint = fingerprint(hit.fingerprint_of.empty() ? secret : std::string_view(hit.fingerprint_of));
    finding.redacted = hit.show_tail ? redact(secret, hit.prefix) : hit.prefix + "…";
    finding.validated = hit.validated;
    finding.confidence = hit.confidence;
    finding.expired = hit.expired;
    finding.issuer = hit.issuer;
    finding.subject = hit.subject;
    finding.expires_at = hit.expires_at;
    finding.note = hit.note;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace tocsin::secrets
