#include "core/error.h"

namespace tocsin {
namespace {

std::string render(const std::string& path, int line, int column, const std::string& message) {
  std::string out;
  if (!path.empty()) {
    out += path;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  out += message;
  return out;
}

constexpr std::size_t kMaxPathBytes = 4096;
constexpr std::size_t kMaxMessageBytes = 2048;

// Messages quote what was read ("found '…'"); a hostile 100 KB value must not reach the terminal
// or a CI log in full. Each part is cut at a UTF-8 boundary with a marker giving its real size.
std::string bounded(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t size = text.size();
  text.resize(cut);
  return text + "… (" + std::to_string(size) + " bytes)";
}

}  // namespace

Error::Error(std::string path, int line, int column, std::string message)
    : std::runtime_error(render(bounded(path, kMaxPathBytes), line, column, bounded(message, kMaxMessageBytes))),
      path_(bounded(std::move(path), kMaxPathBytes)),
      line_(line),
      column_(column),
      message_(bounded(std::move(message), kMaxMessageBytes)) {}

Error::Error(std::string message) : Error("", 0, 0, std::move(message)) {}

}  // namespace tocsin
