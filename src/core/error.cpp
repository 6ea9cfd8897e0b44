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

}  // namespace

Error::Error(std::string path, int line, int column, std::string message)
    : std::runtime_error(render(path, line, column, message)),
      path_(std::move(path)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

Error::Error(std::string message) : Error("", 0, 0, std::move(message)) {}

}  // namespace tocsin
