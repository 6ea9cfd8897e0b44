// Reading the lists that `gh api` writes, in its three shapes (see read_github_list).
#include <fmt/format.h>

#include <sstream>

#include "core/error.h"
#include "intake/intake.h"

namespace tocsin::intake {
namespace {

// Line and column (1-based) of byte `offset` in `text`.
std::pair<int, int> position(const std::string& text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

[[noreturn]] void not_a_list(const std::string& path, int line, int column, const nlohmann::json& value) {
  if (value.is_object() && value.contains("message") && value["message"].is_string())
    throw Error(path, line, column,
                fmt::format("expected a JSON array of GitHub API objects, found GitHub's error response \"{}\"",
                            value["message"].get<std::string>().substr(0, 200)));
  throw Error(path, line, column,
              fmt::format("expected a JSON array of GitHub API objects, found a JSON {}", value.type_name()));
}

}  // namespace

std::vector<ListItem> read_github_list(const std::string& path, const std::string& content) {
  // `gh api --paginate` writes one array per page back to back ("][" or "]\n["): read JSON texts
  // one after another until the end. Duplicate keys: the last one wins, as JSON.parse does.
  std::vector<ListItem> items;
  std::size_t offset = 0;
  std::size_t documents = 0;
  while (true) {
    while (offset < content.size() && std::isspace(static_cast<unsigned char>(content[offset]))) ++offset;
    if (offset >= content.size()) break;
    const auto [line, column] = position(content, offset);
    std::istringstream stream(content.substr(offset));
    nlohmann::json page;
    try {
      stream >> page;
    } catch (const nlohmann::json::parse_error& e) {
      const auto [error_line, error_column] = position(content, offset + (e.byte > 0 ? e.byte - 1 : 0));
      std::string reason = e.what();
      if (auto at = reason.find(": "); at != std::string::npos) reason = reason.substr(at + 2);
      throw Error(path, error_line, error_column, "invalid JSON: " + reason);
    } catch (const nlohmann::json::out_of_range&) {  // a number beyond a double ("1e999"): error 406
      const auto [error_line, error_column] = position(content, offset);
      throw Error(path, error_line, error_column, "invalid JSON: a number is out of range");
    }
    const std::streamoff consumed = stream.eof() ? static_cast<std::streamoff>(content.size() - offset)
                                                 : static_cast<std::streamoff>(stream.tellg());
    offset += static_cast<std::size_t>(consumed);
    ++documents;
    if (!page.is_array()) not_a_list(path, line, column, page);
    // --slurp: an array whose elements are the pages (arrays themselves).
    const bool slurped = !page.empty() && page.front().is_array();
    for (auto& element : page) {
      if (slurped) {
        if (!element.is_array()) not_a_list(path, line, column, element);
        for (auto& inner : element) items.push_back(ListItem{std::move(inner), items.size()});
      } else {
        items.push_back(ListItem{std::move(element), items.size()});
      }
    }
  }
  if (documents == 0) throw Error(path, 1, 1, "empty file: expected a JSON array of GitHub API objects");
  for (const ListItem& item : items)
    if (!item.value.is_object())
      throw Error(path, 0, 0,
                  fmt::format("entry {}: expected a JSON object, found a JSON {}", item.index, item.value.type_name()));
  return items;
}

}  // namespace tocsin::intake
